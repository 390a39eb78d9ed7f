using Latent.IO;
using Latent.Tensors;

namespace Latent.Models.Common;

/// <summary>Picture grids of a latent-variable model: reconstructions, linear interpolations between codes, and latent traversals.</summary>
public static class LatentGrids
{
    /// <summary>
    /// Decodes codes on the segment from Encode(<paramref name="from"/>) to Encode(<paramref name="to"/>) for each pair
    /// of rows: [P·steps, ...], pair after pair (one pair per grid row with <paramref name="steps"/> columns).
    /// </summary>
    /// <exception cref="ArgumentException">Fewer than two steps or the two batches differ in size.</exception>
    public static Tensor Interpolation(ILatentVariableModel model, Tensor from, Tensor to, int steps)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        if (steps < 2) throw new ArgumentException($"Interpolation: need at least 2 steps, got {steps}.", nameof(steps));
        if (from.Shape[0] != to.Shape[0]) throw new ArgumentException($"Interpolation: {from.Shape[0]} start and {to.Shape[0]} end images.", nameof(to));
        using var _ = Autograd.NoGrad();
        var za = model.Encode(from);
        var zb = model.Encode(to);
        var codes = new Tensor[steps];
        for (int s = 0; s < steps; s++)
        {
            float t = s / (float)(steps - 1);
            codes[s] = za * (1 - t) + zb * t;
        }
        var stacked = Tensor.Stack(codes, 1);                          // [P, steps, d]
        return model.Decode(stacked.Reshape(-1, model.LatentDim));
    }

    /// <summary>
    /// Varies one latent coordinate at a time around <paramref name="center"/> [d] over [−span, span] in
    /// <paramref name="steps"/> values, for the first <paramref name="dimensions"/> coordinates: [dims·steps, ...].
    /// </summary>
    /// <exception cref="ArgumentException">The center is not [d], or counts are out of range.</exception>
    public static Tensor Traversal(ILatentVariableModel model, Tensor center, int dimensions, int steps, float span = 3f)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(center);
        int d = model.LatentDim;
        if (center.Size != d) throw new ArgumentException($"Traversal: center has {center.Size} values, the latent size is {d}.", nameof(center));
        if (dimensions < 1 || dimensions > d) throw new ArgumentException($"Traversal: dimensions must be in 1…{d}, got {dimensions}.", nameof(dimensions));
        if (steps < 2) throw new ArgumentException($"Traversal: need at least 2 steps, got {steps}.", nameof(steps));
        var codes = Tensor.Zeros(dimensions * steps, d);
        var data = codes.Data;
        var c = center.Data;
        for (int k = 0; k < dimensions; k++)
            for (int s = 0; s < steps; s++)
            {
                int row = k * steps + s;
                c.CopyTo(data.Slice(row * d, d));
                data[row * d + k] = -span + 2 * span * s / (steps - 1);
            }
        using var _ = Autograd.NoGrad();
        return model.Decode(codes);
    }

    /// <summary>
    /// Writes <c>{prefix}-reconstructions.png</c> (16 preview images above their reconstructions),
    /// <c>{prefix}-interpolation.png</c> (4 pairs × 10 steps) and <c>{prefix}-traversal.png</c> (up to 10 coordinates × 9
    /// values around the first preview image's code).
    /// </summary>
    public static void SavePreviewGrids(ILatentVariableModel model, Tensor preview, string directory, string prefix)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(preview);
        using var _ = Autograd.NoGrad();
        int shown = Math.Min(16, preview.Shape[0]);
        var inputs = preview.Narrow(0, 0, shown);
        ImageGrid.Save(Tensor.Concat([inputs, model.Reconstruct(inputs)], 0), SampleFiles.Path(directory, prefix, "reconstructions"), columns: shown);
        int pairs = Math.Min(4, preview.Shape[0] / 2);
        if (pairs > 0)
        {
            var grid = Interpolation(model, preview.Narrow(0, 0, pairs), preview.Narrow(0, pairs, pairs), 10);
            ImageGrid.Save(grid, SampleFiles.Path(directory, prefix, "interpolation"), columns: 10);
        }
        var center = model.Encode(preview.Narrow(0, 0, 1)).Reshape(model.LatentDim);
        ImageGrid.Save(Traversal(model, center, Math.Min(10, model.LatentDim), 9), SampleFiles.Path(directory, prefix, "traversal"), columns: 9);
    }
}
