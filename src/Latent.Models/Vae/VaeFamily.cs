using Latent.Models.Catalog;
using Latent.Models.Common;
using Latent.Models.Vae.Studies;

namespace Latent.Models.Vae;

/// <summary>The VAE family (F21): MLP and convolutional VAEs with Bernoulli or Gaussian decoders.</summary>
public sealed class VaeFamily : IModelFamily
{
    /// <summary>The one instance, listed in <see cref="ModelCatalog.Families"/>.</summary>
    public static VaeFamily Instance { get; } = new();

    private VaeFamily() { }

    /// <inheritdoc />
    public string Name => "Vae";

    /// <inheritdoc />
    public IReadOnlyList<ModelSpec> Models { get; } =
    [
        ModelSpec.Of("vae", "Vae", "F21", "Variational autoencoder (MLP; the defaults are workload W1: 784-400-20, Adam 1e-3, batch 128)",
            new VaeOptions(), Create),
        ModelSpec.Of("conv-vae", "Vae", "F21", "Convolutional VAE: two stride-2 convolutions down, two transposed convolutions up",
            new VaeOptions { Architecture = VaeArchitecture.Conv, LatentDim = 16 }, Create),
    ];

    /// <inheritdoc />
    public IReadOnlyList<Study> Studies { get; } = [new LatentObjectivesStudy()];

    /// <summary>A VAE on Fashion-MNIST as <paramref name="options"/> describe it.</summary>
    public static TrainingSetup Create(VaeOptions options)
    {
        var data = FashionMnistData.Load(options);
        var gen = options.NewGenerator(0);
        var (encoder, decoder) = options.Architecture == VaeArchitecture.Conv
            ? VaeNetworks.Conv(data.ImageShape, options.LatentDim, gen)
            : VaeNetworks.Mlp(data.ImageShape, options.Hidden, options.LatentDim, gen);
        var model = new VariationalAutoencoder(encoder, decoder, options, options.NewGenerator(2)) { Preview = data.Preview };
        return new TrainingSetup(model, data.TrainLoader, data.TestLoader);
    }
}
