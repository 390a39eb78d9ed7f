using System.Text.Json.Nodes;
using Latent.IO;
using Latent.Models.Common;
using Latent.Models.Autoencoders;
using Latent.Tensors;

namespace Latent.Models.Autoencoders.Studies;

/// <summary>
/// <c>latent study denoise</c>: denoising autoencoders for Gaussian and masking noise, against a plain autoencoder,
/// scored by PSNR on corrupted test images.
/// </summary>
public sealed class DenoisingStudy : Study
{
    /// <summary>Images trained on, steps per autoencoder, test images scored, code size, images shown.</summary>
    public const int TrainImages = 20_000, Steps = 1500, TestImages = 1000, Latent = 64, Shown = 12;

    private static readonly NoiseModel[] Noises = [new(NoiseKind.Gaussian, 0.4f), new(NoiseKind.Masking, 0.5f)];

    /// <inheritdoc />
    public override string Name => "denoise";

    /// <inheritdoc />
    public override string Title => "Denoising autoencoders: PSNR before and after";

    /// <inheritdoc />
    public override string Explanation =>
        "A denoising autoencoder (MLP 784-256-64) learns to map a corrupted image x̃ ~ q(x̃ | x) back to the clean x. Two are trained, " +
        "one for additive Gaussian noise (σ = 0.4) and one for masking noise (half the pixels set to 0), beside a plain autoencoder " +
        "trained on clean images only. Each is then given corrupted test images; PSNR (dB, higher is better, against the clean image) " +
        "is measured for the corrupted input and for each output. In each picture the rows are: clean, corrupted, denoising autoencoder, " +
        "plain autoencoder.";

    /// <inheritdoc />
    public override JsonObject Run(StudyContext c)
    {
        var data = StudyData.Load(c, TrainImages, TestImages);
        var plain = StudyModels.Autoencoder(Latent, c.Seed);
        InMemoryTraining.Fit(plain, data.Train, Steps, c.Seed + 2);
        var results = new JsonObject();
        foreach (var noise in Noises)
        {
            var dae = StudyModels.Autoencoder(Latent, c.Seed, noise);
            InMemoryTraining.Fit(dae, data.Train, Steps, c.Seed + 2);
            var denoised = DenoisingEvaluation.Run(dae, data.Test, noise, new Generator(c.Seed + 3));
            var baseline = DenoisingEvaluation.Run(plain, data.Test, noise, new Generator(c.Seed + 3)); // the same corrupted images
            string name = noise.Kind.ToString().ToLowerInvariant();
            results[name] = new JsonObject
            {
                ["level"] = noise.Level,
                ["psnr_corrupted"] = Math.Round(denoised.PsnrNoisy, 3),
                ["psnr_denoising_ae"] = Math.Round(denoised.PsnrDenoised, 3),
                ["psnr_plain_ae"] = Math.Round(baseline.PsnrDenoised, 3),
            };
            var rows = new[] { data.Test, denoised.Noisy.Clamp(0f, 1f), denoised.Denoised, baseline.Denoised }.Select(t => t.Narrow(0, 0, Shown));
            ImageGrid.Save(Tensor.Concat([.. rows], 0), c.Picture($"denoise-{name}.png", $"{name} noise: clean, corrupted, denoising autoencoder, plain autoencoder (rows)"), columns: Shown);
        }
        return c.WriteJson("denoise.json", new JsonObject
        {
            ["study"] = "denoise",
            ["train_images"] = TrainImages,
            ["test_images"] = TestImages,
            ["steps"] = Steps,
            ["latent_dim"] = Latent,
            ["seed"] = c.Seed,
            ["noise"] = results,
        });
    }
}
