using System.Globalization;

namespace Latent.IO;

/// <summary>A linear or base-10 logarithmic axis over a data range, with "nice" tick positions.</summary>
internal sealed class PlotAxis
{
    private readonly double _lo, _hi;

    private PlotAxis(double lo, double hi, bool log)
    {
        _lo = lo;
        _hi = hi;
        Log = log;
    }

    public bool Log { get; }

    /// <summary>An axis covering the finite values (positive ones on a log axis) with a 5% margin.</summary>
    public static PlotAxis Fit(IEnumerable<double> values, bool log)
    {
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        foreach (double v in values)
        {
            if (!double.IsFinite(v) || (log && v <= 0)) continue;
            double t = log ? Math.Log10(v) : v;
            min = Math.Min(min, t);
            max = Math.Max(max, t);
        }
        if (min > max) (min, max) = (0, 1);
        if (max - min < 1e-12)
        {
            double pad = Math.Max(Math.Abs(min) * 0.1, log ? 0.5 : 1);
            min -= pad;
            max += pad;
        }
        double margin = (max - min) * 0.05;
        return new PlotAxis(min - margin, max + margin, log);
    }

    /// <summary>Whether <paramref name="v"/> can be shown on this axis.</summary>
    public bool CanShow(double v) => double.IsFinite(v) && (!Log || v > 0);

    /// <summary>The position of <paramref name="v"/> in [0, 1] along the axis.</summary>
    public double Fraction(double v) => ((Log ? Math.Log10(v) : v) - _lo) / (_hi - _lo);

    /// <summary>Tick values within the range and their labels.</summary>
    public IReadOnlyList<(double Value, string Label)> Ticks(int target = 6)
    {
        var ticks = new List<(double, string)>();
        if (Log)
        {
            int first = (int)Math.Ceiling(_lo), last = (int)Math.Floor(_hi);
            int step = Math.Max(1, (last - first + 1 + target - 1) / target);
            for (int e = first; e <= last; e += step) ticks.Add((Math.Pow(10, e), FormatPower(e)));
            if (ticks.Count >= 2) return ticks;
            // Less than a decade: fall back to linear ticks in the value domain.
            ticks.Clear();
            foreach (double v in NiceTicks(Math.Pow(10, _lo), Math.Pow(10, _hi), target))
                if (v > 0) ticks.Add((v, Format(v)));
            return ticks;
        }
        foreach (double v in NiceTicks(_lo, _hi, target)) ticks.Add((v, Format(v)));
        return ticks;
    }

    private static IEnumerable<double> NiceTicks(double lo, double hi, int target)
    {
        double raw = (hi - lo) / Math.Max(1, target);
        double magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        double step = new[] { 1.0, 2.0, 2.5, 5.0, 10.0 }.Select(m => m * magnitude).First(s => s >= raw);
        for (double v = Math.Ceiling(lo / step) * step; v <= hi + step * 1e-9; v += step)
            yield return Math.Abs(v) < step * 1e-9 ? 0 : v;
    }

    private static string Format(double v) => v.ToString("G4", CultureInfo.InvariantCulture);

    private static string FormatPower(int e) => e switch
    {
        0 => "1",
        1 => "10",
        _ => "1e" + e.ToString(CultureInfo.InvariantCulture),
    };
}
