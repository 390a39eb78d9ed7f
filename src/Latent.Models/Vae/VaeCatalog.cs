using Latent.Models.Catalog;
using Latent.Models.LatentSpace;
using Latent.NN;

namespace Latent.Models.Vae;

/// <summary>The Vae models known to the command line.</summary>
public static class VaeCatalog
{
    private static readonly ModelOption[] ObjectiveOptions =
    [
        ModelOption.Text("decoder", "bernoulli", "observation model p(x|z): bernoulli (logits) or gaussian"),
        ModelOption.Real("decoder-std", 0.1, "σ of the gaussian decoder"),
        ModelOption.Real("beta", 1.0, "weight β of the KL term (1: ELBO)"),
    ];

    /// <summary>Every model of this family.</summary>
    public static IReadOnlyList<ModelSpec> Models { get; } =
    [
        new("vae", "Vae", "F21", "Variational autoencoder (MLP; the defaults are workload W1: 784-400-20, Adam 1e-3, batch 128)",
            [.. CommonOptions.Training(10, 128, 1e-3, 20), ModelOption.Text("hidden", "400", "hidden sizes, comma-separated"), .. ObjectiveOptions],
            c => Create(c, "mlp")),
        new("conv-vae", "Vae", "F21", "Convolutional VAE: two stride-2 convolutions down, two transposed convolutions up",
            [.. CommonOptions.Training(10, 128, 1e-3, 16), .. ObjectiveOptions],
            c => Create(c, "conv")),
    ];

    private static TrainingSetup Create(ModelContext c, string arch)
    {
        var data = FashionMnistData.Load(c, 128);
        int latent = c.GetInt("latent-dim", 20);
        int[] shape = [data.Train.Channels, data.Train.Height, data.Train.Width];
        var gen = c.NewGenerator(0);
        (GaussianEncoder Encoder, Module Decoder) nets = arch switch
        {
            "conv" => VaeNetworks.Conv(shape, latent, gen),
            _ => VaeNetworks.Mlp(shape, Autoencoders.AutoencoderFactory.ParseSizes(c.GetString("hidden", "400")), latent, gen),
        };
        var decoder = c.GetString("decoder", "bernoulli").ToLowerInvariant() switch
        {
            "bernoulli" => DecoderDistribution.Bernoulli,
            "gaussian" => DecoderDistribution.Gaussian,
            var other => throw new ArgumentException($"Unknown decoder \"{other}\": use bernoulli or gaussian."),
        };
        var options = new VaeOptions(decoder, (float)c.GetDouble("decoder-std", 0.1), (float)c.GetDouble("beta", 1.0),
            LearningRate: c.GetDouble("lr", 1e-3));
        var model = new VariationalAutoencoder(nets.Encoder, nets.Decoder, options, c.NewGenerator(2)) { Preview = data.Preview };
        return new TrainingSetup(model, data.TrainLoader, data.TestLoader);
    }
}
