using System.Diagnostics;

namespace Latent.Bench;

/// <summary>Timing helpers: warm-up, medians, interleaved comparisons.</summary>
internal static class Timing
{
    /// <summary>Seconds taken by one call of <paramref name="action"/>.</summary>
    public static double Time(Action action)
    {
        long start = Stopwatch.GetTimestamp();
        action();
        return Stopwatch.GetElapsedTime(start).TotalSeconds;
    }

    /// <summary>Median seconds per call over <paramref name="reps"/> timed calls after <paramref name="warmup"/> untimed ones.</summary>
    public static double Median(Action action, int reps, int warmup)
    {
        for (int i = 0; i < warmup; i++) action();
        var times = new double[reps];
        for (int i = 0; i < reps; i++) times[i] = Time(action);
        return Median(times);
    }

    /// <summary>Median seconds per call of two actions timed alternately, so machine noise hits both alike.</summary>
    public static (double A, double B) Interleaved(Action a, Action b, int reps, int warmup)
    {
        var (ta, tb) = InterleavedTimes(a, b, reps, warmup);
        return (Median(ta), Median(tb));
    }

    /// <summary>Seconds of each timed call of two actions run alternately, after <paramref name="warmup"/> untimed rounds.</summary>
    public static (double[] A, double[] B) InterleavedTimes(Action a, Action b, int reps, int warmup)
    {
        for (int i = 0; i < warmup; i++) { a(); b(); }
        var ta = new double[reps];
        var tb = new double[reps];
        for (int i = 0; i < reps; i++)
        {
            ta[i] = Time(a);
            tb[i] = Time(b);
        }
        return (ta, tb);
    }

    public static double Median(double[] values)
    {
        var s = values.OrderBy(v => v).ToArray();
        return s.Length % 2 == 1 ? s[s.Length / 2] : 0.5 * (s[s.Length / 2 - 1] + s[s.Length / 2]);
    }
}
