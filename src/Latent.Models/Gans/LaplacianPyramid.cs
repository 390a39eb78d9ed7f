using Latent.Tensors;

namespace Latent.Models.Gans;

/// <summary>
/// A Laplacian pyramid of images [N, C, H, W] (Burt and Adelson; LAPGAN, Denton et al. 2015): the Gaussian levels
/// I₀ = x, I_{k+1} = d(I_k) (2×2 average pooling), and the band-pass residuals h_k = I_k − u(I_{k+1}) with u the
/// bilinear ×2 upsampling. The coarsest level and the residuals give the image back exactly:
/// I_k = u(I_{k+1}) + h_k. For 28×28 images with two steps the levels are 7 → 14 → 28.
/// </summary>
public static class LaplacianPyramid
{
    /// <summary>d: halves the resolution by 2×2 average pooling.</summary>
    public static Tensor Down(Tensor x) => x.AvgPool2d(2);

    /// <summary>u: doubles the resolution by bilinear upsampling.</summary>
    public static Tensor Up(Tensor x) => x.UpsampleBilinear(2);

    /// <summary>The pyramid of <paramref name="x"/> with <paramref name="steps"/> halvings.</summary>
    /// <returns>The coarsest level I_steps and the residuals h₀ (finest) … h_{steps−1}.</returns>
    /// <exception cref="ArgumentException">x is not [N, C, H, W] with H and W divisible by 2^steps.</exception>
    public static (Tensor Coarse, Tensor[] Residuals) Build(Tensor x, int steps)
    {
        if (x.Rank != 4 || steps < 1 || x.Shape[2] % (1 << steps) != 0 || x.Shape[3] % (1 << steps) != 0)
            throw new ArgumentException($"LaplacianPyramid: expected images [N, C, H, W] with H and W divisible by 2^{steps}, got {Common.ShapeText.Format(x.Shape)}.", nameof(x));
        var residuals = new Tensor[steps];
        var level = x;
        for (int k = 0; k < steps; k++)
        {
            var coarser = Down(level);
            residuals[k] = level - Up(coarser);
            level = coarser;
        }
        return (level, residuals);
    }

    /// <summary>The image from its coarsest level and residuals (finest first): I_k = u(I_{k+1}) + h_k.</summary>
    public static Tensor Reconstruct(Tensor coarse, IReadOnlyList<Tensor> residuals)
    {
        ArgumentNullException.ThrowIfNull(residuals);
        var level = coarse;
        for (int k = residuals.Count - 1; k >= 0; k--) level = Up(level) + residuals[k];
        return level;
    }
}
