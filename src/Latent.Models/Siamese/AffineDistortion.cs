using Latent.Tensors;

namespace Latent.Models.Siamese;

/// <summary>
/// Koch et al.'s (2015) training distortions: a random small affine map per image — rotation θ, shear ρₓ, ρᵧ, scale
/// sₓ, sᵧ and translation tₓ, tᵧ, each component drawn uniformly from its range and included with probability
/// <see cref="Probability"/> (otherwise the identity) — resampled bilinearly about the image centre, uncovered pixels 0.
/// The defaults are Koch's: θ ∈ [−10°, 10°], ρ ∈ [−0.3, 0.3], s ∈ [0.8, 1.2], t ∈ [−2, 2] pixels, probability ½.
/// </summary>
/// <example><code>var distorted = new AffineDistortion().Apply(images, new Generator(1));</code></example>
public sealed record AffineDistortion
{
    /// <summary>Largest rotation, in degrees.</summary>
    public double MaxRotationDegrees { get; init; } = 10;

    /// <summary>Largest shear along each axis.</summary>
    public double MaxShear { get; init; } = 0.3;

    /// <summary>Largest relative change of scale along each axis (0.2: scales in [0.8, 1.2]).</summary>
    public double MaxScaleChange { get; init; } = 0.2;

    /// <summary>Largest translation along each axis, in pixels.</summary>
    public double MaxShift { get; init; } = 2;

    /// <summary>The probability that each component is applied.</summary>
    public double Probability { get; init; } = 0.5;

    /// <summary>Distorts each image of <paramref name="images"/> [N, C, H, W] by its own random map (all channels alike).</summary>
    /// <exception cref="ArgumentException">The tensor is not [N, C, H, W], or a range is negative or the probability outside [0, 1].</exception>
    public Tensor Apply(Tensor images, Generator gen)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(gen);
        if (images.Rank != 4) throw new ArgumentException($"AffineDistortion needs images [N, C, H, W], got [{string.Join(", ", images.Shape)}].", nameof(images));
        if (MaxRotationDegrees < 0 || MaxShear < 0 || MaxShift < 0 || MaxScaleChange is < 0 or >= 1 || Probability is < 0 or > 1)
            throw new ArgumentException($"AffineDistortion: ranges must be non-negative (scale change below 1) and the probability in [0, 1], got {this}.");
        int n = images.Shape[0], channels = images.Shape[1], h = images.Shape[2], w = images.Shape[3], plane = h * w;
        var src = images.Data;
        var dst = new float[src.Length];
        double cy = (h - 1) / 2.0, cx = (w - 1) / 2.0;
        for (int i = 0; i < n; i++)
        {
            var (a, b, c, d, tx, ty) = DrawInverse(gen);
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++)
                {
                    // Source point of output pixel (x, y): the inverse map applied to its offset from the centre, minus the shift.
                    double u = x - cx - tx, v = y - cy - ty;
                    double sx = a * u + b * v + cx, sy = c * u + d * v + cy;
                    for (int ch = 0; ch < channels; ch++)
                        dst[(i * channels + ch) * plane + y * w + x] = Bilinear(src.Slice((i * channels + ch) * plane, plane), h, w, sx, sy);
                }
        }
        return Tensor.FromArray(dst, (int[])images.Shape.Clone());
    }

    /// <summary>Draws one map M = rotation · shear · scale and returns M⁻¹ (row-major a, b; c, d) with the shift.</summary>
    private (double A, double B, double C, double D, double Tx, double Ty) DrawInverse(Generator gen)
    {
        double Draw(double range, double identity) => gen.NextDouble() < Probability ? identity + range * (2 * gen.NextDouble() - 1) : identity;
        double theta = Draw(MaxRotationDegrees, 0) * Math.PI / 180;
        double shearX = Draw(MaxShear, 0), shearY = Draw(MaxShear, 0);
        double scaleX = Draw(MaxScaleChange, 1), scaleY = Draw(MaxScaleChange, 1);
        double tx = Draw(MaxShift, 0), ty = Draw(MaxShift, 0);
        double cos = Math.Cos(theta), sin = Math.Sin(theta);
        // Shear [[1, ρx], [ρy, 1]] times scale diag(sx, sy), then rotation.
        double s00 = scaleX, s01 = shearX * scaleY, s10 = shearY * scaleX, s11 = scaleY;
        double m00 = cos * s00 - sin * s10, m01 = cos * s01 - sin * s11;
        double m10 = sin * s00 + cos * s10, m11 = sin * s01 + cos * s11;
        double det = m00 * m11 - m01 * m10;
        if (Math.Abs(det) < 1e-6) return (1, 0, 0, 1, tx, ty); // |ρxρy| < 1 keeps det away from 0 with the default ranges
        return (m11 / det, -m01 / det, -m10 / det, m00 / det, tx, ty);
    }

    private static float Bilinear(ReadOnlySpan<float> plane, int h, int w, double x, double y)
    {
        int x0 = (int)Math.Floor(x), y0 = (int)Math.Floor(y);
        double fx = x - x0, fy = y - y0, sum = 0;
        for (int dy = 0; dy <= 1; dy++)
            for (int dx = 0; dx <= 1; dx++)
            {
                int px = x0 + dx, py = y0 + dy;
                if (px < 0 || py < 0 || px >= w || py >= h) continue;
                sum += (dx == 1 ? fx : 1 - fx) * (dy == 1 ? fy : 1 - fy) * plane[py * w + px];
            }
        return (float)sum;
    }
}
