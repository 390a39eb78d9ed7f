using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Latent.Distributed;
using Latent.DistributedBench;
using Latent.Models.Catalog;
using Latent.Training;

// One configuration of bench/distributed/run.sh: `<w1|w2> <out.json>`, alone or under mpirun. Trains the workload's
// catalog model (W1: the VAE of pytorch/examples, batch 128; W2: DCGAN, batch 64) in memory for warm-up + timed steps
// and writes the median step time, the median time inside collectives and the allreduce bytes per step (rank 0).
if (args.Length != 2 || args[0] is not ("w1" or "w2"))
{
    Console.Error.WriteLine("usage: Latent.DistributedBench <w1|w2> <out.json>   (alone, or under mpirun -np N)");
    return 2;
}
var (model, config, warmup, timed) = args[0] == "w1"
    ? ("vae", new JsonObject { ["seed"] = 1, ["batch-size"] = 128, ["lr"] = 1e-3, ["latent-dim"] = 20 }, 300, 200)
    : ("dcgan", new JsonObject
    {
        ["seed"] = 1, ["batch-size"] = 64, ["lr"] = 2e-4, ["beta1"] = 0.5, ["beta2"] = 0.999, ["arch"] = "conv",
        ["loss"] = "non-saturating", ["d-steps"] = 1,
    }, 10, 30);
using var world = MpiWorld.LaunchedByMpirun ? MpiWorld.Init() : null;
var spec = ModelCatalog.Find(model) ?? throw new InvalidOperationException($"the {model} model is not in the catalog");
var setup = spec.Create(config);
var gradients = world == null ? new GradientClock() : null; // under MPI the trainer's allreduce reads the gradients
if (gradients != null)
    foreach (var (_, optimizer) in setup.Model.Optimizers) optimizer.GradientSynchronizer = gradients;
var clock = new StepClock(world, warmup, gradients);
var options = new TrainerOptions { Epochs = 1000, MaxSteps = warmup + timed, World = world, ResumeHint = null };
new Trainer(setup.Model, setup.Train, null, options, progress: clock).Run();
long parameters = setup.Model.Modules.Values.Sum(m => m.ParameterCount);
// The allreduce of one step's payload on its own, every rank entering together: the transfer without the wait for a
// slower rank that the in-training time also holds.
double? alone = null;
if (world is { Size: > 1 })
{
    var payload = new float[parameters];
    var times = new List<double>();
    for (int i = 0; i < 25; i++)
    {
        world.Barrier();
        long start = System.Diagnostics.Stopwatch.GetTimestamp();
        world.AllreduceSum(payload);
        if (i >= 5) times.Add(System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalSeconds);
    }
    alone = Median(times);
}
if (world is { IsRoot: false }) return 0;

static double Median(IEnumerable<double> values)
{
    var sorted = values.Order().ToArray();
    return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : 0.5 * (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]);
}
double step = Median(clock.StepSeconds), collective = Median(clock.CollectiveSeconds);
var result = new JsonObject
{
    ["workload"] = args[0],
    ["model"] = model,
    ["config"] = config,
    ["ranks"] = world?.Size ?? 1,
    ["threads_per_process"] = Environment.ProcessorCount,
    ["openblas_threads"] = Environment.GetEnvironmentVariable("OPENBLAS_NUM_THREADS") ?? "default",
    ["parameters"] = parameters,
    ["warmup_steps"] = warmup,
    ["timed_steps"] = clock.StepSeconds.Count,
    ["median_step_s"] = Math.Round(step, 6),
    ["median_collective_s"] = Math.Round(collective, 6),
    ["median_until_gradients_s"] = gradients != null ? Math.Round(Median(clock.UntilGradientsSeconds), 6) : null,
    ["allreduce_alone_s"] = alone is double a ? Math.Round(a, 6) : null,
    ["allreduce_alone_gbytes_per_s"] = alone is double b ? Math.Round(parameters * 4.0 / b / 1e9, 3) : null,
    ["communication_share"] = Math.Round(step > 0 ? collective / step : 0, 4),
    ["allreduce_bytes_per_step"] = clock.BytesReduced.Count > 0 ? (long)Median(clock.BytesReduced.Select(b => (double)b)) : 0,
    // Open MPI's ring allreduce sends 2(N−1)/N of the payload from every rank (reduce-scatter, then all-gather).
    ["ring_bytes_sent_per_rank_per_step"] = world is { Size: > 1 } w
        ? (long)(2.0 * (w.Size - 1) / w.Size * (clock.BytesReduced.Count > 0 ? Median(clock.BytesReduced.Select(b => (double)b)) : 0))
        : 0,
};
File.WriteAllText(args[1], result.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{args[0]} ({model}) on {world?.Size ?? 1} process(es) x {Environment.ProcessorCount} thread(s): median step {step * 1e3:F2} ms, in collectives {collective * 1e3:F2} ms"));
return 0;
