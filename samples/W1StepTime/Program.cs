// Times training steps of workload W1 (the catalog's VAE: 784-400-20, Adam 1e-3, batch 128, Fashion-MNIST) the way a
// program that references the library sees them, and prints the GC settings it runs with and what the GC did.
// measure-gc-settings.sh builds it outside the repository from the NuGet packages, with and without the package's
// GC settings, to show what they are worth.
//
//   dotnet run --project samples/W1StepTime -- [timed-steps] [warm-up-steps]
using System.Diagnostics;
using System.Runtime;
using System.Text.Json.Nodes;
using Latent.Data;
using Latent.Models.Catalog;

int timed = args.Length > 0 ? int.Parse(args[0]) : 200;
int warmup = args.Length > 1 ? int.Parse(args[1]) : 300;

var setup = ModelCatalog.Find("vae")!.Create(new JsonObject { ["seed"] = 1, ["batch-size"] = 128 });
IEnumerable<Batch> Endless() { while (true) foreach (var b in setup.Train) yield return b; }
using var batches = Endless().GetEnumerator();
void Step() { batches.MoveNext(); setup.Model.TrainStep(batches.Current); }

for (int i = 0; i < warmup; i++) Step(); // hundreds of steps, so that .NET has tiered the hot code up
int gen0 = GC.CollectionCount(0), gen1 = GC.CollectionCount(1), gen2 = GC.CollectionCount(2);
var pause = GC.GetTotalPauseDuration();
long allocated = GC.GetTotalAllocatedBytes();
var times = new double[timed];
for (int i = 0; i < timed; i++)
{
    long start = Stopwatch.GetTimestamp();
    Step();
    times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
}
Array.Sort(times);
string lohThreshold = AppContext.GetData("System.GC.LOHThreshold")?.ToString() ?? "default (85000)";
Console.WriteLine($"GC: {(GCSettings.IsServerGC ? "server" : "workstation")}, latency mode {GCSettings.LatencyMode}, LOH threshold {lohThreshold}");
Console.WriteLine($"W1 step: median {times[timed / 2]:F2} ms, p90 {times[timed * 9 / 10]:F2} ms over {timed} steps after {warmup} warm-up steps");
Console.WriteLine($"per step: {(GC.GetTotalAllocatedBytes() - allocated) / timed / 1e6:F2} MB allocated, " +
    $"GC pause {(GC.GetTotalPauseDuration() - pause).TotalMilliseconds / timed:F3} ms; collections over the timed steps: " +
    $"gen0 {GC.CollectionCount(0) - gen0}, gen1 {GC.CollectionCount(1) - gen1}, gen2 {GC.CollectionCount(2) - gen2}");
