// Trains the catalog's VAE (workload W1: 784-400-20, Adam 1e-3, batch 128) on Fashion-MNIST from C#, then samples it and
// saves the run so that `latent sample`, `latent eval` and the Evaluate sample can open it.
//
//   dotnet run --project samples/TrainVae -- [run-directory] [steps] [train-images]
//
// Defaults: runs/sample-vae, 300 steps, 6,000 training images. Fashion-MNIST comes from Debian's
// dataset-fashion-mnist (/usr/share/datasets/fashion-mnist), or $LATENT_DATA, or any folder of IDX files.
using System.Text.Json.Nodes;
using Latent.IO;
using Latent.Models.Catalog;
using Latent.Models.Common;
using Latent.Tensors;
using Latent.Training;

string runPath = args.Length > 0 ? args[0] : Path.Combine("runs", "sample-vae");
int steps = args.Length > 1 ? int.Parse(args[1]) : 300;
int trainImages = args.Length > 2 ? int.Parse(args[2]) : 6000;

// A model is its catalog entry plus options: the same keys as `latent train vae --help` and a run's config.json.
var spec = ModelCatalog.Find("vae")!;
int epochs = (int)Math.Ceiling(steps / Math.Ceiling(trainImages / 128.0)); // batches of 128, W1's default
var config = new JsonObject { ["model"] = "vae", ["train-size"] = trainImages, ["epochs"] = epochs, ["max-steps"] = steps };
TrainingSetup setup = spec.Create(config);

// The one Trainer: metrics.jsonl, a checkpoint and sample grids in the run directory; exact resume with Resume = true.
var run = new RunDirectory(runPath);
run.WriteConfig(config);
var before = setup.Model.Evaluate(setup.Test!)["nelbo"];
var result = new Trainer(setup.Model, setup.Train, run, new TrainerOptions { Epochs = epochs, MaxSteps = steps }, setup.Test, config: config).Run();
setup.Model.SetTraining(false);
var after = setup.Model.Evaluate(setup.Test!)["nelbo"];
Console.WriteLine($"{result.Outcome} after {result.Steps} steps; test NELBO per image {before:F1} -> {after:F1} nats");

// Every model exposes what it can do as capabilities: a VAE samples, encodes/decodes and bounds log p(x).
var sampler = (ISampler)setup.Model;
string grid = Path.Combine(runPath, "samples", "from-csharp.png");
ImageGrid.Save(sampler.Sample(64, new Generator(seed: 7)), grid, columns: 8);
Console.WriteLine($"64 samples: {grid}");
Console.WriteLine($"checkpoint: {result.Checkpoint}");
