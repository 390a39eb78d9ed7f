using Latent.Tensors;

namespace Latent.Models.Gans;

/// <summary>
/// Walks and arithmetic in a trained generator's latent space (DCGAN, Radford et al. 2016): linear or spherical
/// interpolation between two codes, and vector arithmetic on codes averaged over a few examples of each concept
/// ("smiling woman" − "neutral woman" + "neutral man").
/// </summary>
public static class LatentWalks
{
    /// <summary>
    /// <paramref name="steps"/> codes from <paramref name="from"/> to <paramref name="to"/> (both [D]) inclusive, as [steps, D]:
    /// straight-line, or along the great circle (slerp), which keeps Gaussian codes at a typical norm.
    /// </summary>
    /// <exception cref="ArgumentException">The codes are not vectors of the same length, or fewer than two steps.</exception>
    public static Tensor Interpolate(Tensor from, Tensor to, int steps, bool spherical = false)
    {
        if (from.Rank != 1 || to.Rank != 1 || from.Size != to.Size)
            throw new ArgumentException($"LatentWalks.Interpolate: codes must be vectors of one length, got {Common.ShapeText.Format(from.Shape)} and {Common.ShapeText.Format(to.Shape)}.");
        if (steps < 2) throw new ArgumentException($"LatentWalks.Interpolate: needs at least two steps, got {steps}.", nameof(steps));
        int d = from.Size;
        var a = from.ToArray();
        var b = to.ToArray();
        double omega = 0;
        if (spherical)
        {
            double dot = 0, na = 0, nb = 0;
            for (int i = 0; i < d; i++) { dot += a[i] * b[i]; na += a[i] * a[i]; nb += b[i] * b[i]; }
            omega = Math.Acos(Math.Clamp(dot / Math.Sqrt(na * nb), -1, 1));
        }
        var result = new float[steps * d];
        for (int s = 0; s < steps; s++)
        {
            double t = (double)s / (steps - 1);
            // Slerp degenerates to lerp when the codes are (nearly) parallel.
            var (wa, wb) = spherical && omega > 1e-6
                ? (Math.Sin((1 - t) * omega) / Math.Sin(omega), Math.Sin(t * omega) / Math.Sin(omega))
                : (1 - t, t);
            for (int i = 0; i < d; i++) result[s * d + i] = (float)(wa * a[i] + wb * b[i]);
        }
        return Tensor.FromArray(result, steps, d);
    }

    /// <summary>
    /// Vector arithmetic: mean(<paramref name="a"/>) − mean(<paramref name="b"/>) + mean(<paramref name="c"/>), each
    /// argument a few codes [k, D] of one concept, averaged first so that single-sample quirks cancel.
    /// </summary>
    /// <returns>One code [1, D].</returns>
    /// <exception cref="ArgumentException">The groups are not [k, D] with one D.</exception>
    public static Tensor Analogy(Tensor a, Tensor b, Tensor c)
    {
        foreach (var g in new[] { a, b, c })
            if (g.Rank != 2 || g.Shape[0] == 0 || g.Shape[1] != a.Shape[1])
                throw new ArgumentException($"LatentWalks.Analogy: each group must be codes [k, D] of one D, got {Common.ShapeText.Format(g.Shape)}.");
        using var _ = Autograd.NoGrad();
        return (a.Mean(0, keepDim: true) - b.Mean(0, keepDim: true) + c.Mean(0, keepDim: true)).Detach();
    }
}
