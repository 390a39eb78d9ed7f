using Latent.Models.Catalog;
using Latent.Models.Common;
using Latent.Models.Hybrids.Studies;

namespace Latent.Models.Hybrids;

/// <summary>The Hybrids family (F31): autoencoders trained with adversarial terms.</summary>
public sealed class HybridFamily : IModelFamily
{
    /// <summary>The one instance, listed in <see cref="ModelCatalog.Families"/>.</summary>
    public static HybridFamily Instance { get; } = new();

    private HybridFamily() { }

    /// <inheritdoc />
    public string Name => "Hybrids";

    /// <inheritdoc />
    public IReadOnlyList<ModelSpec> Models { get; } =
    [
        ModelSpec.Of("aae", "Hybrids", "F31",
            "Adversarial autoencoder: a discriminator on codes matches them to a prior (gaussian, 10-part mixture or swiss roll; labels pick the part)",
            new AaeOptions(), CreateAae),
        ModelSpec.Of("vae-gan", "Hybrids", "F31",
            "VAE-GAN: reconstruction measured in the discriminator's features, encoder, decoder and discriminator each on its own loss",
            new VaeGanOptions(), CreateVaeGan),
    ];

    /// <inheritdoc />
    public IReadOnlyList<Study> Studies { get; } = [new AaeCodesStudy()];

    /// <summary>An adversarial autoencoder on Fashion-MNIST as <paramref name="options"/> describe it.</summary>
    /// <exception cref="ArgumentException">An option has a bad value.</exception>
    public static TrainingSetup CreateAae(AaeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var data = FashionMnistData.Load(options);
        var prior = options.CreatePrior();
        var (encoder, decoder, discriminator) = HybridNetworks.Aae(data.ImageShape, options.Hidden, options.LatentDim, options.DiscriminatorHidden,
            AdversarialAutoencoder.ConditionSlots(prior, options), options.NewGenerator(0));
        var model = new AdversarialAutoencoder(encoder, decoder, discriminator, prior, options, options.NewGenerator(2)) { Preview = data.Preview };
        return new TrainingSetup(model, data.TrainLoader, data.TestLoader);
    }

    /// <summary>A VAE-GAN on Fashion-MNIST as <paramref name="options"/> describe it.</summary>
    /// <exception cref="ArgumentException">An option has a bad value.</exception>
    public static TrainingSetup CreateVaeGan(VaeGanOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var data = FashionMnistData.Load(options);
        var (encoder, decoder, discriminator) = HybridNetworks.VaeGan(data.ImageShape, options.LatentDim, options.Width, options.NewGenerator(0));
        var model = new VaeGan(encoder, decoder, discriminator, options, options.NewGenerator(2)) { Preview = data.Preview };
        return new TrainingSetup(model, data.TrainLoader, data.TestLoader);
    }
}
