using Latent.Models.Common;
using Latent.Tensors;

namespace Latent.Tests.Models.Common;

public class PriorCompletionTests
{
    /// <summary>A decoder with a known answer: pixel p of a 4×4 image is σ(wₚ·z) for a one-dimensional code z.</summary>
    private sealed class OneCodeDecoder : ILatentVariableModel
    {
        private static readonly Tensor Weights = Tensor.FromArray([.. Enumerable.Range(0, 16).Select(p => (p % 5 - 2) * 0.7f)], 1, 16);

        public int LatentDim => 1;

        public Tensor Encode(Tensor x) => Tensor.Zeros(x.Shape[0], 1);

        public Tensor Decode(Tensor z) => z.MatMul(Weights).Sigmoid().Reshape(z.Shape[0], 1, 4, 4);

        public Tensor Reconstruct(Tensor x) => Decode(Encode(x));
    }

    /// <summary>Independent pixels, each N(μₚ, 0.1²): the density's maximum is the image μ.</summary>
    private sealed class PixelGaussian(Tensor mean) : IDifferentiableDensity
    {
        public LikelihoodKind Kind => LikelihoodKind.Exact;

        public Tensor LogDensity(Tensor x) => ((x - mean).Square() * -50f).Reshape(x.Shape[0], -1).Sum(1);

        public Tensor LogLikelihood(Tensor x, Generator gen) => LogDensity(x);
    }

    [Fact]
    public void TheMaskKeepsVisiblePixelsAndFillsHiddenOnes()
    {
        var mask = CompletionMask.Rectangle(4, 4, 1, 1, 2, 3);
        Assert.Equal(6, mask.ToTensor().Sum().Item());
        var combined = mask.Combine(Tensor.Zeros(2, 1, 4, 4), Tensor.Ones(2, 1, 4, 4));
        Assert.Equal(1f, combined.Data[1 * 4 + 2]);
        Assert.Equal(1f, combined.Data[16 + 2 * 4 + 3]);
        Assert.Equal(0f, combined.Data[16 + 2 * 4 + 0]);
        Assert.Throws<ArgumentException>(() => mask.Combine(Tensor.Zeros(1, 1, 4, 4), Tensor.Zeros(1, 1, 4, 5)));
    }

    [Fact]
    public void TheLatentSearchFindsTheCodeOfTheVisiblePixelsAndDecodesTheHiddenOnes()
    {
        var model = new OneCodeDecoder();
        var truth = model.Decode(Tensor.FromArray([1.3f, -0.6f], 2, 1));
        var mask = CompletionMask.Below(4, 4, 2);
        // Maximum likelihood (no prior): the Bernoulli likelihood of the visible pixels peaks at the true code.
        var completed = PriorCompletion.InLatentSpace(model, truth, mask, Tensor.Zeros(2, 1), steps: 400, learningRate: 0.05, priorWeight: 0);
        var (got, want) = (completed.ToArray(), truth.ToArray());
        for (int i = 0; i < want.Length; i++) Close.Assert(want[i], got[i], atol: 2e-3, rtol: 0, what: $"pixel {i}");
        // The prior ½z² pulls the code towards 0, so the hidden pixels move towards σ(0) = ½ without reaching it.
        var shrunk = PriorCompletion.InLatentSpace(model, truth, mask, Tensor.Zeros(2, 1), steps: 400, learningRate: 0.05, priorWeight: 1);
        double hiddenTruth = Math.Abs(truth.Data[8 + 1] - 0.5f), hiddenShrunk = Math.Abs(shrunk.Data[8 + 1] - 0.5f);
        Assert.True(hiddenShrunk < hiddenTruth && hiddenShrunk > 0, $"|x − ½|: {hiddenTruth:F4} at the true code, {hiddenShrunk:F4} with the prior");
        Assert.Equal(truth.Narrow(2, 0, 2).ToArray(), shrunk.Narrow(2, 0, 2).ToArray()); // visible rows untouched
    }

    [Fact]
    public void TheDensityAscentMovesHiddenPixelsToTheMostProbableValuesAndLeavesVisibleOnes()
    {
        var gen = new Generator(5);
        var mean = Tensor.Rand([1, 1, 4, 4], gen) * 0.8f + 0.1f;
        var image = Tensor.Rand([1, 1, 4, 4], gen);
        var mask = CompletionMask.Rectangle(4, 4, 0, 2, 4, 2);
        var completed = PriorCompletion.ByDensity(new PixelGaussian(mean), image, mask, Tensor.Rand([1, 1, 4, 4], gen), steps: 600, learningRate: 0.05);
        for (int r = 0; r < 4; r++)
            for (int c = 0; c < 4; c++)
            {
                int i = r * 4 + c;
                Assert.Equal(mask.IsHidden(r, c) ? mean.Data[i] : image.Data[i], completed.Data[i], 2e-3f);
            }
        Assert.Throws<ArgumentException>(() => PriorCompletion.ByDensity(new PixelGaussian(mean), image, mask, Tensor.Rand([2, 1, 4, 4], gen)));
    }
}
