// Opens a trained run (for example the one the TrainVae sample writes) and scores it with the metrics that need only the
// model's capabilities: log p(x) (exact for flows and PixelCNN, the ELBO for a VAE) and, for models with importance
// weights, the tighter importance-weighted bound (IWAE).
//
//   dotnet run --project samples/Evaluate -- [run-directory] [test-images]
//
// Defaults: runs/sample-vae, 500 test images. `latent eval <run>` adds FID, KID, IS and precision/recall.
using Latent.Data;
using Latent.IO;
using Latent.Models.Catalog;
using Latent.Models.Common;
using Latent.Models.Metrics;
using Latent.Tensors;

string runPath = args.Length > 0 ? args[0] : Path.Combine("runs", "sample-vae");
int examples = args.Length > 1 ? int.Parse(args[1]) : 500;

// The model, rebuilt from the run's config.json, with its latest checkpoint loaded and in evaluation mode.
var trained = TrainedRun.Open(new RunDirectory(runPath));
Console.WriteLine($"{trained.Spec.Name} ({trained.Spec.Summary})");
var test = FashionMnist.Load(DatasetSplit.Test, trained.Options.DataDir);
var images = test.ToTensor(0, Math.Min(examples, test.Count));
int dims = images.Size / images.Shape[0];

if (trained.Setup.Model is not ILikelihoodModel likelihood)
{
    Console.WriteLine("This model has no likelihood; `latent eval` scores its samples instead.");
    return;
}
double logp = likelihood.LogLikelihood(images, new Generator(seed: 1)).Mean().Item();
Console.WriteLine($"log p(x), {likelihood.Kind}: {logp:F2} nats per image");
// Bits per dimension is the accounting of density models on dequantized 8-bit data (flows, PixelCNN): a VAE with a
// Bernoulli decoder scores the grey levels as probabilities, which is not a density on the bytes.
if (trained.Spec.Family is "Flows" or "Autoregressive")
    Console.WriteLine($"bits/dim: {BitsPerDimension.FromLogLikelihood(logp, dims):F4}");
if (likelihood is IImportanceWeightedModel weighted)
{
    double iwae = ImportanceWeightedBound.Mean(weighted, images, samples: 50, new Generator(seed: 2));
    Console.WriteLine($"IWAE bound (k = 50): {iwae:F2} nats per image, {iwae - logp:F2} above the ELBO");
}
