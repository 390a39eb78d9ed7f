using Latent.Models.Common;
using Latent.Models.Metrics;
using Latent.Tensors;

namespace Latent.Tests.Models.Common;

/// <summary>The scores and baselines every completion is measured by: hidden-pixel PSNR, mean image, nearest neighbour.</summary>
public class CompletionEvaluationTests
{
    [Fact]
    public void PickTakesTheHiddenOrVisiblePixelsPerImageInChannelThenRasterOrder()
    {
        var mask = CompletionMask.Rectangle(3, 3, 1, 1, 2, 1); // pixels 4 and 7
        var images = Tensor.FromArray([.. Enumerable.Range(0, 36).Select(i => (float)i)], 2, 2, 3, 3);
        Assert.Equal(2, mask.HiddenCount);
        Assert.Equal(new[] { 4f, 7f, 13f, 16f, 22f, 25f, 31f, 34f }, mask.Pick(images).ToArray());
        var visible = mask.Pick(images, hidden: false);
        Assert.Equal(new[] { 2, 14 }, visible.Shape);
        Assert.Equal(new[] { 0f, 1f, 2f, 3f, 5f, 6f, 8f }, visible.ToArray()[..7]);
        Assert.Throws<ArgumentException>(() => mask.Pick(Tensor.Zeros(1, 1, 4, 3)));
    }

    [Fact]
    public void HiddenPsnrOfTheLowerHalfIsThePsnrOfItsRows()
    {
        var gen = new Generator(3);
        var truth = Tensor.Rand([4, 1, 6, 5], gen);
        var guess = Tensor.Rand([4, 1, 6, 5], gen);
        var mask = CompletionMask.Below(6, 5, 2);
        double expected = Psnr.MeanPerImage(guess.Narrow(2, 2, 4).Clone(), truth.Narrow(2, 2, 4).Clone());
        Assert.Equal(expected, CompletionEvaluation.HiddenPsnr(guess, truth, mask), 10);
        // Visible pixels do not count: changing them leaves the score alone.
        var changed = mask.Combine(Tensor.Zeros(4, 1, 6, 5), guess);
        Assert.Equal(expected, CompletionEvaluation.HiddenPsnr(changed, truth, mask), 10);
    }

    [Fact]
    public void TheNearestNeighbourIsFoundByTheVisiblePixelsAndLendsItsHiddenOnes()
    {
        var gen = new Generator(11);
        var train = Tensor.Rand([50, 1, 4, 4], gen);
        var mask = CompletionMask.Below(4, 4, 2);
        // Test images: training images 7 and 31 with their hidden halves scrambled.
        var test = mask.Combine(train.IndexSelect(0, [7, 31]), Tensor.Rand([2, 1, 4, 4], gen));
        var filled = CompletionEvaluation.NearestNeighbourFill(train, test, mask);
        Assert.Equal(train.IndexSelect(0, [7, 31]).ToArray(), filled.ToArray());
        Assert.Equal(double.PositiveInfinity, CompletionEvaluation.HiddenPsnr(filled, train.IndexSelect(0, [7, 31]), mask));
    }

    [Fact]
    public void TheMeanImageFillsOnlyTheHiddenPixels()
    {
        var train = Tensor.FromArray([0f, 0f, 0f, 0f, 1f, 1f, 1f, 1f], 2, 1, 2, 2); // mean 0.5 everywhere
        var test = Tensor.FromArray([0.2f, 0.3f, 0.9f, 0.9f], 1, 1, 2, 2);
        var filled = CompletionEvaluation.MeanImageFill(train, test, CompletionMask.Below(2, 2, 1));
        Assert.Equal(new[] { 0.2f, 0.3f, 0.5f, 0.5f }, filled.ToArray());
    }

    [Fact]
    public void EvaluateScoresTheDrawsTheirMeanAndBothBaselines()
    {
        var gen = new Generator(5);
        var train = Tensor.Rand([20, 1, 4, 4], gen);
        var test = Tensor.Rand([3, 1, 4, 4], gen);
        var mask = CompletionMask.Below(4, 4, 2);
        // Two draws that straddle the truth by ±0.1: each is off by 0.1, their mean is exact.
        int call = 0;
        Tensor Draw() => mask.Combine(test, test + (call++ % 2 == 0 ? 0.1f : -0.1f));
        var psnr = CompletionEvaluation.Evaluate(Draw, 2, train, test, mask, "m_");
        Assert.Equal(20.0, (double)psnr["m_single_completion"]!, 4); // 10·log10(1 / 0.01)
        Assert.True(double.IsPositiveInfinity((double)psnr["m_mean_of_completions"]!) || (double)psnr["m_mean_of_completions"]! > 100);
        Assert.Equal(CompletionEvaluation.HiddenPsnr(CompletionEvaluation.NearestNeighbourFill(train, test, mask), test, mask), (double)psnr["nearest_neighbour"]!, 10);
        Assert.Equal(CompletionEvaluation.HiddenPsnr(CompletionEvaluation.MeanImageFill(train, test, mask), test, mask), (double)psnr["mean_image"]!, 10);
        Assert.Equal(2, call);
    }
}
