using Latent.Models.Catalog;
using Latent.Models.Common;
using Latent.Models.Hybrids.Studies;
using Latent.NN;

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
        ModelSpec.Of("pix2pix", "Hybrids", "F29 F06",
            "pix2pix: U-Net generator and PatchGAN on paired Fashion-MNIST tasks (edges, silhouette or hole → item), adversarial + λ·L1",
            new Pix2PixOptions(), CreatePix2Pix),
        ModelSpec.Of("cyclegan", "Hybrids", "F29",
            "CycleGAN: two ResNet generators and two PatchGANs on unpaired domains (edges ↔ items, sneaker ↔ boot, T-shirt ↔ shirt), cycle and identity L1; --cycle-weight 0 for the ablation",
            new CycleGanOptions(), CreateCycleGan),
    ];

    /// <inheritdoc />
    public IReadOnlyList<Study> Studies { get; } = [new AaeCodesStudy(), new CompletionPriorsStudy()];

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
        var (encoder, decoder, discriminator) = HybridNetworks.VaeGan(data.ImageShape, options.LatentDim, options.Width, options.NewGenerator(0), options.DiscriminatorNorm);
        var model = new VaeGan(encoder, decoder, discriminator, options, options.NewGenerator(2)) { Preview = data.Preview };
        return new TrainingSetup(model, data.TrainLoader, data.TestLoader);
    }

    /// <summary>pix2pix on a paired task built from Fashion-MNIST as <paramref name="options"/> describe it.</summary>
    /// <exception cref="ArgumentException">An option has a bad value (the image side must be divisible by 2^depth).</exception>
    public static TrainingSetup CreatePix2Pix(Pix2PixOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var data = FashionMnistData.Load(options);
        int factor = 1 << options.Depth;
        if (data.Train.Height % factor != 0 || data.Train.Width % factor != 0)
            throw new ArgumentException($"Option --depth {options.Depth}: the images are {data.Train.Height}×{data.Train.Width}, not divisible by {factor}.");
        var gen = options.NewGenerator(0);
        var rng = options.NewGenerator(2);
        int channels = data.Train.Channels;
        var generator = new UNet(channels, channels, gen, options.Width, options.Depth, options.Dropout, dropoutGen: rng);
        var discriminator = new PatchDiscriminator(channels, options.Width, gen);
        var model = new Pix2Pix(generator, discriminator, options, rng) { Preview = data.Preview, SampleSource = data.Test.ToTensor() };
        return new TrainingSetup(model, data.TrainLoader, data.TestLoader);
    }

    /// <summary>CycleGAN on unpaired domains built from Fashion-MNIST as <paramref name="options"/> describe it.</summary>
    /// <exception cref="ArgumentException">An option has a bad value or the training set is too small.</exception>
    public static TrainingSetup CreateCycleGan(CycleGanOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var domains = UnpairedDomains.Load(options);
        var gen = options.NewGenerator(0);
        const int channels = 1;
        var model = new CycleGan(
            new ResnetGenerator(channels, options.Width, options.Blocks, gen), new ResnetGenerator(channels, options.Width, options.Blocks, gen),
            new PatchDiscriminator(channels, options.Width, gen, paired: false), new PatchDiscriminator(channels, options.Width, gen, paired: false),
            options, options.NewGenerator(2))
        {
            Paired = domains.TestPaired,
            Preview = CycleGan.Rows(domains.Test, 16),
            SampleSource = CycleGan.Rows(domains.Test, options.EvalSize).A,
        };
        return new TrainingSetup(model, domains.Train, domains.Test);
    }
}
