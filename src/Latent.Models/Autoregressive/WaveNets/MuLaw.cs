namespace Latent.Models.Autoregressive;

/// <summary>
/// μ-law companding (ITU-T G.711, as WaveNet uses it): f(x) = sign(x)·ln(1 + μ|x|)/ln(1 + μ) maps [−1, 1] to [−1, 1],
/// spending more of the classes on quiet sounds, and is then quantized to μ + 1 classes (256 for μ = 255).
/// </summary>
public static class MuLaw
{
    /// <summary>The class of sample <paramref name="x"/> (clamped to [−1, 1]) among <paramref name="classes"/> (μ = classes − 1).</summary>
    /// <exception cref="ArgumentException">The sample is NaN.</exception>
    public static int Encode(float x, int classes = 256)
    {
        if (float.IsNaN(x)) throw new ArgumentException("MuLaw: the sample is NaN.", nameof(x));
        double mu = classes - 1, v = Math.Clamp(x, -1f, 1f);
        double f = Math.Sign(v) * Math.Log(1 + mu * Math.Abs(v)) / Math.Log(1 + mu);
        return (int)Math.Round((f + 1) / 2 * mu);
    }

    /// <summary>The sample in [−1, 1] that class <paramref name="c"/> of <paramref name="classes"/> stands for: the inverse companding of its centre.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The class is outside 0..classes − 1.</exception>
    public static float Decode(int c, int classes = 256)
    {
        if (c < 0 || c >= classes) throw new ArgumentOutOfRangeException(nameof(c), $"MuLaw: class {c} is outside 0..{classes - 1}.");
        double mu = classes - 1, f = 2.0 * c / mu - 1;
        return (float)(Math.Sign(f) * (Math.Pow(1 + mu, Math.Abs(f)) - 1) / mu);
    }

    /// <summary>The classes of every sample.</summary>
    public static int[] Encode(ReadOnlySpan<float> samples, int classes = 256)
    {
        var result = new int[samples.Length];
        for (int i = 0; i < result.Length; i++) result[i] = Encode(samples[i], classes);
        return result;
    }
}
