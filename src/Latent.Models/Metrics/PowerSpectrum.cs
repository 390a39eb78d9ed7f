using Latent.Tensors;

namespace Latent.Models.Metrics;

/// <summary>
/// The mean 2-D power spectrum of a set of grey images, each image's mean removed and its spectrum scaled to unit total
/// power, so every image weighs the same. Upsampling artefacts show here as power at the highest frequencies: a
/// stride-2 checkerboard puts it on the Nyquist lines u = H/2 and v = W/2 (Odena et al. 2016; Durall et al. 2020).
/// </summary>
public sealed class PowerSpectrum
{
    private readonly double[] _power;

    private PowerSpectrum(double[] power, int height, int width)
    {
        _power = power;
        Height = height;
        Width = width;
    }

    /// <summary>Image height.</summary>
    public int Height { get; }

    /// <summary>Image width.</summary>
    public int Width { get; }

    /// <summary>The mean normalised power at frequency (u, v), 0 ≤ u &lt; H, 0 ≤ v &lt; W (DC at (0, 0) is zero).</summary>
    public double this[int u, int v] => _power[u * Width + v];

    /// <summary>Computes the mean spectrum of <paramref name="images"/> [N, 1, H, W] (a direct DFT: the images are small).</summary>
    /// <exception cref="ArgumentException">Not [N, 1, H, W] with N ≥ 1.</exception>
    public static PowerSpectrum Of(Tensor images)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.Rank != 4 || images.Shape[1] != 1 || images.Shape[0] == 0)
            throw new ArgumentException($"PowerSpectrum: expected grey images [N, 1, H, W] with N ≥ 1, got {Common.ShapeText.Format(images.Shape)}.", nameof(images));
        int n = images.Shape[0], h = images.Shape[2], w = images.Shape[3];
        var (cosH, sinH) = Twiddles(h);
        var (cosW, sinW) = Twiddles(w);
        var data = images.Data;
        var mean = new double[h * w];
        var x = new double[h * w];
        var rowRe = new double[h * w];
        var rowIm = new double[h * w];
        var power = new double[h * w];
        for (int k = 0; k < n; k++)
        {
            double avg = 0;
            for (int i = 0; i < h * w; i++) avg += data[k * h * w + i];
            avg /= h * w;
            for (int i = 0; i < h * w; i++) x[i] = data[k * h * w + i] - avg;
            // Rows first: R[r, v] = Σ_c x[r, c] e^{−2πi vc/W}; then columns: F[u, v] = Σ_r R[r, v] e^{−2πi ur/H}.
            for (int r = 0; r < h; r++)
            for (int v = 0; v < w; v++)
            {
                double re = 0, im = 0;
                for (int c = 0; c < w; c++)
                {
                    int t = v * c % w;
                    re += x[r * w + c] * cosW[t];
                    im -= x[r * w + c] * sinW[t];
                }
                rowRe[r * w + v] = re;
                rowIm[r * w + v] = im;
            }
            double total = 0;
            for (int u = 0; u < h; u++)
            for (int v = 0; v < w; v++)
            {
                double re = 0, im = 0;
                for (int r = 0; r < h; r++)
                {
                    int t = u * r % h;
                    double a = rowRe[r * w + v], b = rowIm[r * w + v];
                    re += a * cosH[t] + b * sinH[t];
                    im += b * cosH[t] - a * sinH[t];
                }
                power[u * w + v] = re * re + im * im;
                total += power[u * w + v];
            }
            if (total <= 0) continue; // a flat image has no AC power to share out
            for (int i = 0; i < h * w; i++) mean[i] += power[i] / total / n;
        }
        return new PowerSpectrum(mean, h, w);
    }

    /// <summary>
    /// The share of the power on the Nyquist lines (u = H/2 or v = W/2, even sizes only): the period-2 patterns a
    /// transposed convolution of stride 2 can paint.
    /// </summary>
    /// <exception cref="InvalidOperationException">A side is odd, so it has no Nyquist frequency.</exception>
    public double NyquistShare()
    {
        if (Height % 2 != 0 || Width % 2 != 0)
            throw new InvalidOperationException($"PowerSpectrum: a {Height}×{Width} image has no Nyquist line on its odd side.");
        double share = 0;
        for (int u = 0; u < Height; u++)
        for (int v = 0; v < Width; v++)
            if (u == Height / 2 || v == Width / 2) share += this[u, v];
        return share;
    }

    /// <summary>
    /// The azimuthal average: mean power over the frequencies whose distance from DC (folded to the range −H/2…H/2)
    /// rounds to each radius 0, 1, …, up to the corner.
    /// </summary>
    public double[] Radial()
    {
        int max = (int)Math.Round(Math.Sqrt(Math.Pow(Height / 2, 2) + Math.Pow(Width / 2, 2)));
        var sum = new double[max + 1];
        var count = new int[max + 1];
        for (int u = 0; u < Height; u++)
        for (int v = 0; v < Width; v++)
        {
            int fu = Math.Min(u, Height - u), fv = Math.Min(v, Width - v);
            int r = (int)Math.Round(Math.Sqrt(fu * fu + fv * fv));
            sum[r] += this[u, v];
            count[r]++;
        }
        return sum.Select((s, r) => count[r] > 0 ? s / count[r] : 0).ToArray();
    }

    private static (double[] Cos, double[] Sin) Twiddles(int n)
    {
        var cos = new double[n];
        var sin = new double[n];
        for (int t = 0; t < n; t++)
        {
            cos[t] = Math.Cos(2 * Math.PI * t / n);
            sin[t] = Math.Sin(2 * Math.PI * t / n);
        }
        return (cos, sin);
    }
}
