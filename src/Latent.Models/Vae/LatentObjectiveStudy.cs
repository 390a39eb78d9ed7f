using Latent.Data;
using Latent.Models.LatentSpace;
using Latent.Tensors;

namespace Latent.Models.Vae;

/// <summary>One variant of the study: its name, the SVG written, and its final training loss.</summary>
/// <param name="Name">"reconstruction-only", "kl-only" or "elbo".</param>
/// <param name="Path">The SVG scatter of the test codes.</param>
/// <param name="FinalLoss">The weighted training loss of the last step (per example).</param>
/// <param name="CodeSpread">The standard deviation of the test codes (mean over the two axes).</param>
public sealed record LatentObjectiveResult(string Name, string Path, double FinalLoss, double CodeSpread);

/// <summary>
/// The lecture's three pictures of a 2-D VAE latent space: trained with the reconstruction loss only, codes spread
/// out in separated clusters with gaps (no regularity); with the KL term only, all codes collapse onto N(0, I) and
/// carry no information; with both, codes cover the prior while classes stay organized.
/// </summary>
public static class LatentObjectiveStudy
{
    /// <summary>Trains the three variants (same initialization and batches) briefly and writes one scatter per variant of the test codes coloured by class.</summary>
    /// <param name="train">Training images [N, 1, 28, 28] (or any shape).</param>
    /// <param name="test">Test images to encode.</param>
    /// <param name="testLabels">Class of each test image (colours).</param>
    /// <param name="classNames">Names of the classes for the legend, or null.</param>
    /// <param name="directory">Where to write <c>latent-reconstruction-only.svg</c>, <c>latent-kl-only.svg</c>, <c>latent-elbo.svg</c>.</param>
    /// <param name="steps">Optimizer steps per variant.</param>
    /// <param name="seed">Seeds initialization, batches and noise.</param>
    /// <param name="batchSize">Examples per step.</param>
    public static IReadOnlyList<LatentObjectiveResult> Run(Tensor train, Tensor test, int[] testLabels, IReadOnlyList<string>? classNames,
        string directory, int steps = 1000, ulong seed = 1, int batchSize = 128)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(steps);
        Directory.CreateDirectory(directory);
        var variants = new (string Name, float ReconstructionWeight, float Beta, string Title)[]
        {
            ("reconstruction-only", 1f, 0f, "Reconstruction loss only"),
            ("kl-only", 0f, 1f, "KL divergence only"),
            ("elbo", 1f, 1f, "Reconstruction + KL (ELBO)"),
        };
        var results = new List<LatentObjectiveResult>();
        int[] shape = train.Shape[1..];
        foreach (var v in variants)
        {
            var gen = new Generator(seed);
            var (encoder, decoder) = VaeNetworks.Mlp(shape, [256], 2, gen);
            var model = new VariationalAutoencoder(encoder, decoder,
                new VaeOptions(Beta: v.Beta, ReconstructionWeight: v.ReconstructionWeight), new Generator(seed + 1));
            var loader = new DataLoader(train, batchSize: batchSize, shuffle: true, generator: new Generator(seed + 2));
            double last = double.NaN;
            for (int step = 0; step < steps;)
                foreach (var batch in loader)
                {
                    if (step++ >= steps) break;
                    last = model.TrainStep(batch)["loss"];
                }
            var codes = LatentEncoding.Encode(model, test);
            string path = Path.Combine(directory, $"latent-{v.Name}.svg");
            LatentEncoding.SaveScatter(codes, testLabels, classNames, path, v.Title);
            double spread = codes.Std([0], correction: 0).Mean().Item();
            results.Add(new LatentObjectiveResult(v.Name, path, last, spread));
        }
        return results;
    }
}
