using System.Globalization;

namespace Latent.Bench;

/// <summary>
/// Process-wide counters that explain a step's time beyond its arithmetic: minor page faults (first touch of fresh
/// memory), managed bytes allocated and gen0/gen2 collections.
/// </summary>
internal readonly record struct ProcessCounters(double MinorFaults, double AllocatedBytes, double Gen0, double Gen2)
{
    public static ProcessCounters Read() =>
        new(ReadMinorFaults(), GC.GetTotalAllocatedBytes(precise: true), GC.CollectionCount(0), GC.CollectionCount(2));

    public ProcessCounters Minus(ProcessCounters o) => new(MinorFaults - o.MinorFaults, AllocatedBytes - o.AllocatedBytes, Gen0 - o.Gen0, Gen2 - o.Gen2);

    public ProcessCounters PerStep(int steps) => new(MinorFaults / steps, AllocatedBytes / steps, Gen0 / steps, Gen2 / steps);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{MinorFaults:F0} page faults, {AllocatedBytes / 1e6:F2} MB allocated, {Gen0:F3} gen0 / {Gen2:F3} gen2 collections");

    // Field 10 of /proc/self/stat (minflt); 0 where procfs is absent.
    private static double ReadMinorFaults()
    {
        try
        {
            var stat = File.ReadAllText("/proc/self/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return double.Parse(fields[7], CultureInfo.InvariantCulture);
        }
        catch (IOException) { return 0; }
    }
}
