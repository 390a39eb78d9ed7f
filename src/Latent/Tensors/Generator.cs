namespace Latent.Tensors;

/// <summary>
/// A seeded pseudo-random generator (xoshiro256**). The same seed gives the same stream on every machine; the state
/// can be saved and restored for bit-exact resume.
/// </summary>
public sealed class Generator
{
    private ulong _s0, _s1, _s2, _s3;

    /// <summary>Creates a generator from a seed.</summary>
    public Generator(ulong seed = 0) => Reseed(seed);

    /// <summary>Restarts the stream from <paramref name="seed"/>.</summary>
    public void Reseed(ulong seed)
    {
        // SplitMix64 spreads any seed (including 0) over the 256-bit state.
        ulong x = seed;
        _s0 = SplitMix(ref x);
        _s1 = SplitMix(ref x);
        _s2 = SplitMix(ref x);
        _s3 = SplitMix(ref x);
    }

    /// <summary>The four state words, for checkpoints.</summary>
    public ulong[] GetState() => [_s0, _s1, _s2, _s3];

    /// <summary>Restores a state saved by <see cref="GetState"/>.</summary>
    /// <exception cref="ArgumentException">The state does not have four words or is all zero.</exception>
    public void SetState(ulong[] state)
    {
        if (state.Length != 4 || (state[0] | state[1] | state[2] | state[3]) == 0)
            throw new ArgumentException("Generator state must be four words, not all zero.");
        (_s0, _s1, _s2, _s3) = (state[0], state[1], state[2], state[3]);
    }

    /// <summary>A uniformly distributed 64-bit value.</summary>
    public ulong NextUInt64()
    {
        ulong result = RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>A double uniform in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>A float uniform in [0, 1).</summary>
    public float NextFloat() => (NextUInt64() >> 40) * (1f / (1 << 24));

    /// <summary>An integer uniform in [0, n) without modulo bias.</summary>
    public int NextInt(int n)
    {
        if (n <= 0) throw new ArgumentOutOfRangeException(nameof(n), $"NextInt: bound {n} must be positive.");
        ulong bound = (ulong)n;
        ulong limit = ulong.MaxValue - ulong.MaxValue % bound;
        ulong r;
        do r = NextUInt64(); while (r >= limit);
        return (int)(r % bound);
    }

    /// <summary>A standard normal value (Box–Muller on doubles).</summary>
    public double NextNormal()
    {
        double u1 = 1.0 - NextDouble(); // (0, 1]: log stays finite
        double u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>Fills a span with standard normal values, two per Box–Muller draw.</summary>
    public void FillNormal(Span<float> dst, float mean = 0, float std = 1)
    {
        int i = 0;
        for (; i + 1 < dst.Length; i += 2)
        {
            double u1 = 1.0 - NextDouble();
            double u2 = NextDouble();
            double r = Math.Sqrt(-2.0 * Math.Log(u1));
            var (s, c) = Math.SinCos(2.0 * Math.PI * u2);
            dst[i] = (float)(mean + std * r * c);
            dst[i + 1] = (float)(mean + std * r * s);
        }
        if (i < dst.Length) dst[i] = (float)(mean + std * NextNormal());
    }

    /// <summary>Fills a span with values uniform in [low, high).</summary>
    public void FillUniform(Span<float> dst, float low = 0, float high = 1)
    {
        float scale = high - low;
        for (int i = 0; i < dst.Length; i++) dst[i] = low + scale * NextFloat();
    }

    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));

    private static ulong SplitMix(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
