using Latent.Tensors;

namespace Latent.Models.Metrics;

/// <summary>
/// The structural similarity index (Wang et al., 2004) in [−1, 1]; 1 for identical images. Computed as scikit-image's
/// <c>structural_similarity(gaussian_weights=True, sigma=1.5, use_sample_covariance=False, data_range=peak)</c>: local
/// means, variances and covariance under an 11×11 Gaussian window (σ = 1.5, image borders mirrored as in
/// <c>scipy.ndimage</c>'s "reflect"), K₁ = 0.01, K₂ = 0.03, and the mean of the SSIM map with a 5-pixel border left out.
/// </summary>
public static class Ssim
{
    private const double Sigma = 1.5, K1 = 0.01, K2 = 0.03;
    private const int Radius = 5;

    /// <summary>The mean over images of each image's SSIM (averaged over its channels).</summary>
    /// <param name="images">The approximations [N, C, H, W].</param>
    /// <param name="references">The clean images, same shape.</param>
    /// <param name="peak">The data range (1 for images in [0, 1]).</param>
    /// <exception cref="ArgumentException">The shapes differ, are not [N, C, H, W], or an image is smaller than 11×11.</exception>
    public static double MeanPerImage(Tensor images, Tensor references, double peak = 1)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(references);
        if (images.Rank != 4 || !images.Shape.SequenceEqual(references.Shape))
            throw new ArgumentException($"Ssim: expected two image batches [N, C, H, W] of one shape, got {Common.ShapeText.Format(images.Shape)} and {Common.ShapeText.Format(references.Shape)}.");
        int n = images.Shape[0], c = images.Shape[1], h = images.Shape[2], w = images.Shape[3];
        if (h < 2 * Radius + 1 || w < 2 * Radius + 1)
            throw new ArgumentException($"Ssim: images must be at least {2 * Radius + 1}×{2 * Radius + 1}, got {h}×{w}.", nameof(images));
        if (n == 0) throw new ArgumentException("Ssim: the batches are empty.", nameof(images));
        var a = images.ToArray();
        var b = references.ToArray();
        double total = 0;
        for (int p = 0; p < n * c; p++)
            total += Plane(a.AsSpan(p * h * w, h * w), b.AsSpan(p * h * w, h * w), h, w, peak);
        return total / (n * c);
    }

    /// <summary>The SSIM of one plane <paramref name="x"/> against <paramref name="y"/>, both h×w row-major.</summary>
    public static double Plane(ReadOnlySpan<float> x, ReadOnlySpan<float> y, int h, int w, double peak = 1)
    {
        var weights = Window();
        int size = h * w;
        var xs = new double[size];
        var ys = new double[size];
        var xx = new double[size];
        var yy = new double[size];
        var xy = new double[size];
        for (int i = 0; i < size; i++)
        {
            xs[i] = x[i];
            ys[i] = y[i];
            xx[i] = (double)x[i] * x[i];
            yy[i] = (double)y[i] * y[i];
            xy[i] = (double)x[i] * y[i];
        }
        var (mx, my, mxx, myy, mxy) = (Blur(xs, h, w, weights), Blur(ys, h, w, weights), Blur(xx, h, w, weights), Blur(yy, h, w, weights), Blur(xy, h, w, weights));
        double c1 = K1 * peak * K1 * peak, c2 = K2 * peak * K2 * peak, sum = 0;
        int count = 0;
        for (int r = Radius; r < h - Radius; r++)
            for (int col = Radius; col < w - Radius; col++)
            {
                int i = r * w + col;
                double vx = mxx[i] - mx[i] * mx[i], vy = myy[i] - my[i] * my[i], cov = mxy[i] - mx[i] * my[i];
                sum += (2 * mx[i] * my[i] + c1) * (2 * cov + c2) / ((mx[i] * mx[i] + my[i] * my[i] + c1) * (vx + vy + c2));
                count++;
            }
        return sum / count;
    }

    private static double[] Window()
    {
        var weights = new double[2 * Radius + 1];
        for (int k = -Radius; k <= Radius; k++) weights[k + Radius] = Math.Exp(-0.5 * k * k / (Sigma * Sigma));
        double total = weights.Sum();
        for (int k = 0; k < weights.Length; k++) weights[k] /= total;
        return weights;
    }

    /// <summary>Separable Gaussian filter with scipy's "reflect" borders (d c b a | a b c d).</summary>
    private static double[] Blur(double[] plane, int h, int w, double[] weights)
    {
        var rows = new double[plane.Length];
        for (int r = 0; r < h; r++)
            for (int col = 0; col < w; col++)
            {
                double s = 0;
                for (int k = -Radius; k <= Radius; k++) s += weights[k + Radius] * plane[r * w + Reflect(col + k, w)];
                rows[r * w + col] = s;
            }
        var result = new double[plane.Length];
        for (int r = 0; r < h; r++)
            for (int col = 0; col < w; col++)
            {
                double s = 0;
                for (int k = -Radius; k <= Radius; k++) s += weights[k + Radius] * rows[Reflect(r + k, h) * w + col];
                result[r * w + col] = s;
            }
        return result;
    }

    private static int Reflect(int i, int n)
    {
        while (i < 0 || i >= n) i = i < 0 ? -i - 1 : 2 * n - i - 1;
        return i;
    }
}
