using Latent.Models.Catalog;
using Latent.Models.Common;
using Latent.Models.Gans.Studies;

namespace Latent.Models.Gans;

/// <summary>
/// The GAN family (F22–F32): the MLP GAN with every trick as a switch, DCGAN, conditional GAN, WGAN, WGAN-GP, SNGAN
/// and the unrolled GAN — each a <see cref="GanOptions"/> record with its own defaults — and the GAN-dynamics studies.
/// </summary>
public sealed class GanFamily : IModelFamily
{
    /// <summary>The one instance, listed in <see cref="ModelCatalog.Families"/>.</summary>
    public static GanFamily Instance { get; } = new();

    private GanFamily() { }

    /// <inheritdoc />
    public string Name => "GANs";

    /// <inheritdoc />
    public IReadOnlyList<ModelSpec> Models { get; } =
    [
        Gan("gan", "F22 F23", "MLP GAN (minimax or non-saturating) with every training trick as a switch; 2-D toy data or flattened images",
            new() { Data = "toy:ring8", Architecture = GanArchitecture.Mlp, DiscriminatorNorm = NormKind.None, Norm = NormKind.None }),
        Gan("dcgan", "F24", "DCGAN for 28×28 images (workload W2's networks), non-saturating loss", new()),
        Gan("cgan", "F25", "Conditional DCGAN: class labels (one-hot or embedded) into generator and discriminator", new() { Conditional = true }),
        Gan("wgan", "F26", "WGAN: critic with weight clipping, RMSProp, 5 critic steps per generator step",
            new() { Loss = GanLossKind.Wasserstein, WeightClip = 0.01, Optimizer = GanOptimizer.RmsProp, LearningRate = 5e-5, DiscriminatorSteps = 5, DiscriminatorNorm = NormKind.None }),
        Gan("wgan-gp", "F26", "WGAN-GP: gradient penalty on per-sample gradient norms at interpolates (workload W3)",
            new() { Loss = GanLossKind.Wasserstein, GradientPenalty = 10, LearningRate = 1e-4, Beta1 = 0, Beta2 = 0.9, DiscriminatorSteps = 5, DiscriminatorNorm = NormKind.None }),
        Gan("sngan", "F26", "Spectrally normalized discriminator with the hinge loss",
            new() { Loss = GanLossKind.Hinge, SpectralNorm = true, DiscriminatorNorm = NormKind.None }),
        Gan("unrolled-gan", "F27", "Unrolled GAN: the generator back-propagates through k differentiable discriminator updates (MLP)",
            new() { Data = "toy:ring8", Architecture = GanArchitecture.Mlp, UnrollSteps = 5, LearningRate = 1e-3, BatchSize = 128, DiscriminatorNorm = NormKind.None, Norm = NormKind.None }),
        Gan("tempered-gan", "F31", "Tempered GAN: DCGAN whose discriminator sees real images through a lens network annealed away over 2,000 steps",
            new() { LensAnnealSteps = 2000 }),
        ModelSpec.Of("infogan", "GANs", "F25", "InfoGAN: categorical and continuous codes recovered by a Q head on the discriminator's features (mutual-information bound)",
            new InfoGanOptions(), InfoGanModel.Create),
        ModelSpec.Of("ssgan", "GANs", "F28", "Semi-supervised GAN: K+1-class discriminator on a few labels, feature-matching generator; --labels-only for the baseline",
            new SsganOptions(), SsganModel.Create),
        ModelSpec.Of("lapgan", "GANs", "F30", "LAPGAN: a GAN for the 7x7 top of a Laplacian pyramid and a conditional GAN per finer level generating the band-pass residual",
            new LapganOptions(), LapganModel.Create),
        ModelSpec.Of("stackgan", "GANs", "F30", "StackGAN: stage I 14x14 from a conditioning-augmented class embedding, stage II refines to 28x28, matching-aware discriminators",
            new StackganOptions(), StackganModel.Create),
    ];

    /// <inheritdoc />
    public IReadOnlyList<Study> Studies { get; } =
        [new MinMaxStudy(), new DiracGanStudy(), new ParallelLinesStudy(), new OptimalDiscriminatorStudy(), new ModeCollapseStudy(), new GeneratorLossStudy(), new UnrolledGanStudy(), new CheckerboardStudy(), new SsganLabelsStudy()];

    private static ModelSpec Gan(string name, string features, string summary, GanOptions defaults)
        => ModelSpec.Of(name, "GANs", features, summary, defaults, Create);

    /// <summary>A GAN and its data as <paramref name="options"/> describe it.</summary>
    /// <exception cref="ArgumentException">An option has a bad value or options conflict.</exception>
    public static TrainingSetup Create(GanOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var data = GanData.Load(options);
        if (options.Conditional && data.Classes == 0)
            throw new ArgumentException($"A conditional GAN needs labelled data; '{options.Data}' has no classes.");
        bool conv = options.Architecture switch
        {
            GanArchitecture.Conv => data.IsImage ? true : throw new ArgumentException("--arch conv needs image data; toy data uses --arch mlp."),
            GanArchitecture.Mlp => false,
            _ => data.IsImage,
        };
        int latentDim = options.LatentDim ?? (data.IsImage ? 100 : 16);
        int hidden = options.Hidden ?? (data.IsImage ? 512 : 128);
        var init = options.NewGenerator(3);
        LabelEncoder? Labels() => options.Conditional ? new LabelEncoder(data.Classes, options.LabelEncoding, options.EmbeddingDim, init) : null;
        GanGenerator g;
        GanDiscriminator d;
        if (conv)
        {
            g = new DcganGenerator(init, latentDim, data.SampleShape[0], options.Norm, Labels(), upsample: options.Upsample);
            d = new DcganDiscriminator(init, data.SampleShape[0], options.DiscriminatorNorm, options.SpectralNorm, options.MinibatchStd,
                options.MinibatchDiscrimination, options.MinibatchKernelDim, Labels());
        }
        else
        {
            if (options.Upsample != UpsampleKind.Transposed)
                throw new ArgumentException("--upsample applies to the convolutional generator (--arch conv); the MLP generator has no upsampling.");
            if (options.DiscriminatorNorm != NormKind.None)
                throw new ArgumentException($"The MLP discriminator has no normalization layers; pass --d-norm none (got {OptionChoices.Name(options.DiscriminatorNorm)}).");
            int size = data.SampleShape.Aggregate(1, (a, b) => a * b);
            g = new MlpGenerator(latentDim, data.SampleShape, Enumerable.Repeat(hidden, options.Depth).ToArray(), init, tanhOutput: data.IsImage, options.Norm, Labels());
            d = new MlpDiscriminator(size, Enumerable.Repeat(hidden, Math.Max(1, options.Depth - 1)).ToArray(), init,
                options.MinibatchDiscrimination, options.MinibatchKernelDim, options.MinibatchStd, options.SpectralNorm, Labels());
        }
        var gan = new GanModel(g, d, options, options.NewGenerator(4), data.Toy);
        return new TrainingSetup(gan, data.Train, null);
    }
}
