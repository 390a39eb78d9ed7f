// Trains a small MLP GAN on the 8-mode ring (a toy 2-D distribution, no data files needed), samples it and reports how
// many of the ring's modes the samples cover: the mode-collapse measure of the unrolled-GAN paper.
//
//   dotnet run --project samples/SampleGan -- [steps] [output.svg] [model]
//
// Defaults: 1,500 generator steps, gan-ring.svg in the current folder (real points and samples in one scatter plot),
// the unrolled GAN (5 unrolled discriminator steps), which covers all 8 modes at seed 3 where the plain `gan` collapses
// onto one or two of them.
using Latent.IO;
using Latent.Models.Catalog;
using Latent.Models.Common;
using Latent.Models.Gans;
using Latent.Models.Metrics;
using Latent.Tensors;
using Latent.Training;

int steps = args.Length > 0 ? int.Parse(args[0]) : 1500;
string output = args.Length > 1 ? args[1] : "gan-ring.svg";

// Typed options: the catalog entry's defaults with overrides (the same names as `latent train gan --help`).
var spec = ModelCatalog.Find(args.Length > 2 ? args[2] : "unrolled-gan")!;
var options = (GanOptions)spec.Defaults! with { Data = "toy:ring8", ToySamples = 10_000, BatchSize = 256, LearningRate = 1e-3, Epochs = 1_000, MaxSteps = steps, Seed = 3 };
var setup = spec.Create(options);
var gan = (GanModel)setup.Model;

// Trainer with no run directory: in memory, nothing written.
var result = new Trainer(gan, setup.Train, run: null, new TrainerOptions { Epochs = options.Epochs, MaxSteps = steps }).Run();
gan.SetTraining(false);

var samples = gan.Sample(2_000, new Generator(seed: 11));
var ring = gan.Toy!;
var coverage = ModeCoverage.Evaluate(samples, ring.Modes!, ring.ModeStd);
Console.WriteLine($"{result.Outcome} after {result.Steps} steps; {coverage}");

new ScatterPlot { Title = $"GAN on the 8-mode ring after {result.Steps} steps", PointRadius = 1.5 }
    .Add(ring.Points.Narrow(0, 0, 2_000), name: "real")
    .Add(samples, name: "generated")
    .Save(output);
Console.WriteLine($"scatter plot: {output}");
