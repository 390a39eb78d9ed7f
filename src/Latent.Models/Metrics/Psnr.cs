using Latent.Tensors;

namespace Latent.Models.Metrics;

/// <summary>Peak signal-to-noise ratio 10·log₁₀(peak² / MSE) in decibels; higher is closer. Identical images give +∞.</summary>
public static class Psnr
{
    /// <summary>The PSNR of <paramref name="image"/> against <paramref name="reference"/> over all their values.</summary>
    /// <param name="image">The approximation.</param>
    /// <param name="reference">The clean signal, same shape.</param>
    /// <param name="peak">The largest possible value (1 for images in [0, 1]).</param>
    /// <exception cref="ArgumentException">Shapes differ or the tensors are empty.</exception>
    public static double Compute(Tensor image, Tensor reference, double peak = 1)
    {
        CheckShapes(image, reference);
        return FromMse(MeanSquaredError(image.Data, reference.Data), peak);
    }

    /// <summary>The mean over images (axis 0) of each image's PSNR, the usual figure for a test set.</summary>
    /// <exception cref="ArgumentException">Shapes differ, the tensors are empty or have no batch axis.</exception>
    public static double MeanPerImage(Tensor images, Tensor references, double peak = 1)
    {
        CheckShapes(images, references);
        if (images.Rank < 2) throw new ArgumentException($"Psnr.MeanPerImage: expected [N, ...], got {Common.ShapeText.Format(images.Shape)}.", nameof(images));
        int n = images.Shape[0], size = images.Size / n;
        double sum = 0;
        for (int i = 0; i < n; i++)
            sum += FromMse(MeanSquaredError(images.Data.Slice(i * size, size), references.Data.Slice(i * size, size)), peak);
        return sum / n;
    }

    /// <summary>10·log₁₀(peak² / <paramref name="mse"/>).</summary>
    public static double FromMse(double mse, double peak = 1) => mse == 0 ? double.PositiveInfinity : 10 * Math.Log10(peak * peak / mse);

    private static double MeanSquaredError(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++)
        {
            double d = (double)a[i] - b[i];
            s += d * d;
        }
        return s / a.Length;
    }

    private static void CheckShapes(Tensor a, Tensor b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (!Common.ShapeText.Same(a.Shape, b.Shape))
            throw new ArgumentException($"Psnr: shapes {Common.ShapeText.Format(a.Shape)} and {Common.ShapeText.Format(b.Shape)} differ.", nameof(b));
        if (a.Size == 0) throw new ArgumentException("Psnr: empty tensors.", nameof(a));
    }
}
