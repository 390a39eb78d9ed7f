using System.Text.Json.Nodes;
using Latent.IO;
using Latent.Models.Metrics;
using Latent.Tensors;

namespace Latent.Models.Common;

/// <summary>
/// How well a learned prior completes the hidden pixels of test images (F37): the PSNR of the hidden pixels against
/// the truth for single completions and for their mean (PSNR rewards E[x_hidden | x_visible], not one sharp sample),
/// beside the two baselines that see the same visible pixels — the mean training image, and the training image
/// nearest in the visible pixels.
/// </summary>
public static class CompletionEvaluation
{
    /// <summary>The mean PSNR per image (dB) of the hidden pixels of <paramref name="completed"/> against <paramref name="truth"/>.</summary>
    public static double HiddenPsnr(Tensor completed, Tensor truth, CompletionMask mask)
    {
        ArgumentNullException.ThrowIfNull(mask);
        return Psnr.MeanPerImage(mask.Pick(completed), mask.Pick(truth));
    }

    /// <summary><paramref name="images"/> with every hidden pixel set to the mean of <paramref name="train"/> at that pixel.</summary>
    public static Tensor MeanImageFill(Tensor train, Tensor images, CompletionMask mask)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(mask);
        using var _ = Autograd.NoGrad();
        return mask.Combine(images, train.Mean([0], keepDim: true).Expand(images.Shape));
    }

    /// <summary>
    /// <paramref name="images"/> with their hidden pixels taken from the image of <paramref name="train"/> nearest in the
    /// visible pixels (Euclidean distance; the first of equals).
    /// </summary>
    public static Tensor NearestNeighbourFill(Tensor train, Tensor images, CompletionMask mask)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(mask);
        var known = mask.Pick(train, hidden: false).ToArray();
        var queries = mask.Pick(images, hidden: false).ToArray();
        int m = train.Shape[0], n = images.Shape[0], size = known.Length / Math.Max(1, m);
        var pick = new int[n];
        Parallel.For(0, n, i =>
        {
            var query = queries.AsSpan(i * size, size);
            float best = float.PositiveInfinity;
            for (int j = 0; j < m; j++)
            {
                float d = System.Numerics.Tensors.TensorPrimitives.Distance(known.AsSpan(j * size, size), query);
                if (d < best) (best, pick[i]) = (d, j);
            }
        });
        using var _ = Autograd.NoGrad();
        return mask.Combine(images, train.IndexSelect(0, pick));
    }

    /// <summary>
    /// Adds <c>{prefix}single_completion</c> (the mean over <paramref name="completions"/> of their hidden-pixel PSNR) and
    /// <c>{prefix}mean_of_completions</c> (the PSNR of their mean) to <paramref name="psnr"/>.
    /// </summary>
    /// <returns>The mean completion.</returns>
    public static Tensor AddScores(JsonObject psnr, string prefix, IReadOnlyList<Tensor> completions, Tensor test, CompletionMask mask)
    {
        ArgumentNullException.ThrowIfNull(psnr);
        ArgumentNullException.ThrowIfNull(completions);
        if (completions.Count == 0) throw new ArgumentException("CompletionEvaluation: no completions to score.", nameof(completions));
        Tensor mean;
        using (Autograd.NoGrad()) mean = completions.Aggregate((a, b) => a + b) * (1f / completions.Count);
        psnr[$"{prefix}single_completion"] = completions.Average(c => HiddenPsnr(c, test, mask));
        psnr[$"{prefix}mean_of_completions"] = HiddenPsnr(mean, test, mask);
        return mean;
    }

    /// <summary>
    /// Scores <paramref name="draws"/> completions of <paramref name="test"/> (each from <paramref name="complete"/>, which
    /// returns the images with their hidden pixels filled in) and the two baselines from <paramref name="train"/>:
    /// keys <c>{prefix}single_completion</c> (mean over draws), <c>{prefix}mean_of_completions</c>, <c>mean_image</c> and
    /// <c>nearest_neighbour</c>, all PSNR of the hidden pixels in dB. With <paramref name="picturePath"/> it writes a grid
    /// of the first 8 test images (columns); rows: the original, the visible part (hidden pixels grey), the nearest
    /// neighbour, the mean completion, then up to three single completions.
    /// </summary>
    public static JsonObject Evaluate(Func<Tensor> complete, int draws, Tensor train, Tensor test, CompletionMask mask,
        string prefix = "", string? picturePath = null)
    {
        ArgumentNullException.ThrowIfNull(complete);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(draws);
        ArgumentNullException.ThrowIfNull(test);
        var completions = Enumerable.Range(0, draws).Select(_ => complete()).ToArray();
        var psnr = new JsonObject();
        var mean = AddScores(psnr, prefix, completions, test, mask);
        var neighbours = NearestNeighbourFill(train, test, mask);
        psnr["mean_image"] = HiddenPsnr(MeanImageFill(train, test, mask), test, mask);
        psnr["nearest_neighbour"] = HiddenPsnr(neighbours, test, mask);
        if (picturePath != null)
        {
            int shown = Math.Min(8, test.Shape[0]);
            Tensor First(Tensor t) => t.Narrow(0, 0, shown);
            var rows = new List<Tensor> { First(test), First(mask.Hide(test)), First(neighbours), First(mean) };
            rows.AddRange(completions.Take(3).Select(First));
            ImageGrid.Save(Tensor.Concat([.. rows], 0), picturePath, columns: shown);
        }
        return psnr;
    }
}
