using Latent.Models.Catalog;
using Latent.Models.LatentSpace;

namespace Latent.Models.Autoencoders;

/// <summary>The Autoencoders models known to the command line.</summary>
public static class AutoencoderCatalog
{
    private static ModelOption[] Architecture(string loss, string code, string hidden) =>
    [
        ModelOption.Text("arch", "mlp", "network: mlp or conv"),
        ModelOption.Text("hidden", hidden, "MLP hidden sizes from input to code, comma-separated"),
        ModelOption.Text("loss", loss, "reconstruction loss: bce (cross-entropy) or mse (squared error)"),
        ModelOption.Text("code", code, "code activation: identity, relu, sigmoid or tanh"),
    ];

    /// <summary>Every model of this family.</summary>
    public static IReadOnlyList<ModelSpec> Models { get; } =
    [
        new("ae", "Autoencoders", "F15 F20", "Undercomplete autoencoder (MLP or convolutional), squared or cross-entropy loss",
            [.. CommonOptions.Training(10, 128, 1e-3, 32), .. Architecture("bce", "identity", "256")],
            c => AutoencoderFactory.Create(c, null, null, CodeActivation.Identity)),
        new("sparse-ae", "Autoencoders", "F16", "Sparse autoencoder: L1 or KL-divergence penalty on the code (overcomplete allowed)",
            [
                .. CommonOptions.Training(10, 128, 1e-3, 1024), .. Architecture("bce", "sigmoid", ""),
                ModelOption.Text("penalty", "kl", "sparsity penalty: kl (needs sigmoid codes) or l1"),
                ModelOption.Real("sparsity-weight", 0.1, "weight of the penalty (β for kl, λ for l1)"),
                ModelOption.Real("rho", 0.05, "target mean activation ρ of the kl penalty"),
            ],
            c => AutoencoderFactory.Create(c, SparsityFrom(c), null, CodeActivation.Sigmoid)),
        new("dae", "Autoencoders", "F17 F20", "Denoising autoencoder (Gaussian or masking noise); writes its generative Markov chain",
            [
                .. CommonOptions.Training(10, 128, 1e-3, 64), .. Architecture("bce", "relu", "256"),
                ModelOption.Text("noise", "masking", "corruption: masking or gaussian"),
                ModelOption.Real("noise-level", 0.3, "masked fraction p, or Gaussian σ"),
            ],
            c => AutoencoderFactory.Create(c, null, NoiseModel.Parse(c.GetString("noise", "masking"), (float)c.GetDouble("noise-level", 0.3)),
                CodeActivation.Relu)),
        new("stacked-ae", "Autoencoders", "F18", "Stacked autoencoder: greedy layer-wise pre-training, then end-to-end fine-tuning",
            [
                .. CommonOptions.Training(10, 128, 1e-3, 64),
                ModelOption.Text("layers", "256,64", "hidden sizes from input to code, comma-separated (the last is the code)"),
                ModelOption.Int("layer-steps", 1000, "greedy pre-training steps per layer before fine-tuning"),
            ],
            CreateStacked),
        new("mda", "Autoencoders", "F19", "Stacked marginalized denoising autoencoder: closed-form layers W = E[P]E[Q]⁻¹ with tanh",
            [
                ModelOption.Int("epochs", 3, "passes over the training set (one per layer)"),
                ModelOption.Int("batch-size", 1000, "examples per accumulation step"),
                ModelOption.Int("layers", 3, "number of stacked layers"),
                ModelOption.Real("noise-level", 0.5, "masking probability p that is marginalized out"),
                ModelOption.Real("ridge", 1e-5, "ridge λ relative to the mean diagonal of E[Q]"),
                ModelOption.Int("train-size", 0, "use only the first N training images (0: all 60,000)"),
            ],
            CreateMda),
    ];

    private static TrainingSetup CreateStacked(ModelContext c)
    {
        var data = FashionMnistData.Load(c, 128);
        var layers = AutoencoderFactory.ParseSizes(c.GetString("layers", "256,64"));
        var model = new StackedAutoencoder([data.Train.Channels, data.Train.Height, data.Train.Width], layers, c.GetInt("layer-steps", 1000),
            c.GetDouble("lr", 1e-3), c.NewGenerator(0), c.NewGenerator(2)) { Preview = data.Preview };
        return new TrainingSetup(model, data.TrainLoader, data.TestLoader);
    }

    private static TrainingSetup CreateMda(ModelContext c)
    {
        var data = FashionMnistData.Load(c, 1000);
        var model = new MarginalizedDenoisingAutoencoder(data.Train.ImageSize, c.GetInt("layers", 3), c.GetDouble("noise-level", 0.5),
            data.Train.Count, c.NewGenerator(2), c.GetDouble("ridge", 1e-5)) { Preview = data.Preview };
        return new TrainingSetup(model, data.TrainLoader, data.TestLoader);
    }

    private static SparsityPenalty SparsityFrom(ModelContext c)
    {
        var kind = c.GetString("penalty", "kl").ToLowerInvariant() switch
        {
            "kl" => SparsityKind.KlDivergence,
            "l1" => SparsityKind.L1,
            var other => throw new ArgumentException($"Unknown sparsity penalty \"{other}\": use kl or l1."),
        };
        return new SparsityPenalty(kind, (float)c.GetDouble("sparsity-weight", 0.1), (float)c.GetDouble("rho", 0.05));
    }
}
