using Latent.Models.Catalog;

namespace Latent.Models.Gans;

/// <summary>The networks of a GAN.</summary>
public enum GanArchitecture
{
    /// <summary>DCGAN networks for images, MLPs for toy data.</summary>
    Auto,

    /// <summary>DCGAN networks (workload W2's), images only.</summary>
    Conv,

    /// <summary>MLPs of <see cref="GanOptions.Depth"/> hidden layers of <see cref="GanOptions.Hidden"/> units.</summary>
    Mlp,
}

/// <summary>The optimizer of both players.</summary>
public enum GanOptimizer
{
    /// <summary>Adam with <see cref="GanOptions.Beta1"/> and <see cref="GanOptions.Beta2"/>.</summary>
    Adam,

    /// <summary>RMSProp (the original WGAN's choice).</summary>
    [OptionValue("rmsprop")]
    RmsProp,
}

/// <summary>
/// Everything a GAN run is: data, networks, objective, optimizers, the number of discriminator steps per generator
/// step, and the training tricks, each a switch (off by default). A model variant is this record with overrides,
/// e.g. <c>new GanOptions { Loss = GanLossKind.Wasserstein, GradientPenalty = 10, DiscriminatorSteps = 5 }</c>.
/// </summary>
public sealed record GanOptions : ModelOptions
{
    /// <summary>The family's defaults: Adam 2e-4 with β = (0.5, 0.999), batches of 64.</summary>
    public GanOptions() => LearningRate = 2e-4;

    /// <summary>The training data: "fashion-mnist" or a toy 2-D distribution (see <see cref="GanData"/>).</summary>
    [Option("data", "training data: fashion-mnist, or toy:ring8, toy:grid25, toy:moons, toy:swissroll, toy:checkerboard, toy:circles")]
    public string Data { get; init; } = "fashion-mnist";

    /// <summary>Points drawn from a toy distribution.</summary>
    [Option("toy-samples", "points drawn from a toy distribution")]
    public int ToySamples { get; init; } = 20000;

    /// <summary>The networks.</summary>
    [Option("arch", "networks: conv (DCGAN, images only), mlp, or auto (conv for images, mlp for toy data)")]
    public GanArchitecture Architecture { get; init; } = GanArchitecture.Auto;

    /// <summary>The size of z; null picks 100 for images and 16 for toy data.</summary>
    [Option("latent-dim", "size of z (default: 100 for images, 16 for toy data)")]
    public int? LatentDim { get; init; }

    /// <summary>The MLP hidden width; null picks 512 for images and 128 for toy data.</summary>
    [Option("hidden", "MLP hidden width (default: 512 for images, 128 for toy data)")]
    public int? Hidden { get; init; }

    /// <summary>Hidden layers of the MLP generator (the discriminator has one fewer, at least one).</summary>
    [Option("depth", "MLP hidden layers of the generator (the discriminator has one fewer, at least one)")]
    public int Depth { get; init; } = 2;

    /// <summary>Condition both networks on the class labels (a conditional GAN).</summary>
    [Option("conditional", "condition generator and discriminator on class labels")]
    public bool Conditional { get; init; }

    /// <summary>How a conditional GAN feeds labels in.</summary>
    [Option("label-encoding", "conditional GAN: one-hot | embedding")]
    public LabelEncoding LabelEncoding { get; init; } = LabelEncoding.OneHot;

    /// <summary>The size of a learned label embedding.</summary>
    [Option("embedding-dim", "conditional GAN: size of the label embedding")]
    public int EmbeddingDim { get; init; } = 10;

    /// <summary>The adversarial objective.</summary>
    [Option("loss", "minimax | non-saturating | wasserstein | hinge | least-squares")]
    public GanLossKind Loss { get; init; } = GanLossKind.NonSaturating;

    /// <summary>k: discriminator steps per generator step (the generator steps on every k-th call of TrainStep).</summary>
    [Option("d-steps", "discriminator steps per generator step")]
    public int DiscriminatorSteps { get; init; } = 1;

    /// <summary>The discriminator's learning rate; null uses <see cref="ModelOptions.LearningRate"/>.</summary>
    [Option("lr-d", "discriminator learning rate (default: same as --lr)")]
    public double? DiscriminatorLr { get; init; }

    /// <summary>The optimizer of both players.</summary>
    [Option("optimizer", "adam | rmsprop")]
    public GanOptimizer Optimizer { get; init; } = GanOptimizer.Adam;

    /// <summary>Adam's β₁ (ignored by RMSProp).</summary>
    [Option("beta1", "Adam beta1")]
    public double Beta1 { get; init; } = 0.5;

    /// <summary>Adam's β₂ (ignored by RMSProp).</summary>
    [Option("beta2", "Adam beta2")]
    public double Beta2 { get; init; } = 0.999;

    /// <summary>The generator's normalization layers.</summary>
    [Option("norm", "generator normalization: batch | instance | virtual | none")]
    public NormKind Norm { get; init; } = NormKind.Batch;

    /// <summary>
    /// The size of the reference batch of a generator with virtual batch normalization: latent codes drawn once when the
    /// model is built and forwarded through the current generator before each of its forward passes.
    /// </summary>
    [Option("reference-batch", "with --norm virtual: size of the fixed reference batch forwarded before every generator pass")]
    public int ReferenceBatchSize { get; init; } = 64;

    /// <summary>How the convolutional generator doubles its resolution: transposed convolutions (DCGAN) or resize-then-convolve.</summary>
    [Option("upsample", "conv generator upsampling: transposed (DCGAN) | resize (nearest ×2, then 3×3 conv; no checkerboard)")]
    public UpsampleKind Upsample { get; init; } = UpsampleKind.Transposed;

    /// <summary>The discriminator's normalization layers.</summary>
    [Option("d-norm", "discriminator normalization: batch | instance | none")]
    public NormKind DiscriminatorNorm { get; init; } = NormKind.Batch;

    /// <summary>One-sided label smoothing: real targets become 1 − this (0.1 gives 0.9); fake targets stay 0.</summary>
    [Option("label-smoothing", "one-sided label smoothing: real targets become 1 − this (e.g. 0.1)")]
    public float LabelSmoothing { get; init; }

    /// <summary>Train the generator to match the mean intermediate discriminator features of real data.</summary>
    [Option("feature-matching", "generator matches mean intermediate discriminator features")]
    public bool FeatureMatching { get; init; }

    /// <summary>Kernels of a minibatch-discrimination layer in the discriminator; 0 is off.</summary>
    [Option("minibatch-discrimination", "kernels of a minibatch-discrimination layer in the discriminator (0: off)")]
    public int MinibatchDiscrimination { get; init; }

    /// <summary>The size of each minibatch-discrimination kernel.</summary>
    [Option("minibatch-kernel-dim", "size of each minibatch-discrimination kernel")]
    public int MinibatchKernelDim { get; init; } = 3;

    /// <summary>Append the minibatch standard-deviation feature in the discriminator.</summary>
    [Option("minibatch-std", "append the minibatch standard-deviation feature in the discriminator")]
    public bool MinibatchStd { get; init; }

    /// <summary>λ of historical averaging, applied to both players; 0 is off.</summary>
    [Option("historical-averaging", "weight of the historical-averaging penalty on both players (0: off)")]
    public double HistoricalAveraging { get; init; }

    /// <summary>Capacity of the replay buffer of past fakes in samples; 0 is off.</summary>
    [Option("replay", "capacity of the replay buffer of past fakes (0: off)")]
    public int ReplayCapacity { get; init; }

    /// <summary>The share of each fake batch drawn from the replay buffer.</summary>
    [Option("replay-fraction", "share of each fake batch drawn from the replay buffer")]
    public double ReplayFraction { get; init; } = 0.5;

    /// <summary>Every this many steps a snapshot of G and D is taken, and half-way between, one is swapped in; 0 is off.</summary>
    [Option("snapshot-swap", "every this many steps snapshot G and D; half-way between, swap a past one in (0: off)")]
    public int SnapshotSwapEvery { get; init; }

    /// <summary>How many steps a swapped-in snapshot stays before the current weights return.</summary>
    [Option("snapshot-swap-length", "steps a swapped-in snapshot stays")]
    public int SnapshotSwapLength { get; init; } = 5;

    /// <summary>Score real and fake samples in separate discriminator passes (true) or in one concatenated batch.</summary>
    [Option("separate-batches", "score real and fake samples in separate discriminator passes")]
    public bool SeparateBatches { get; init; } = true;

    /// <summary>λ of the WGAN-GP gradient penalty (10 in the paper); 0 is off.</summary>
    [Option("gp", "WGAN-GP gradient penalty weight lambda (0: off)")]
    public double GradientPenalty { get; init; }

    /// <summary>γ of the R1 penalty γ/2·E‖∇D(x)‖² on real data; 0 is off.</summary>
    [Option("r1", "R1 penalty weight gamma on real data (0: off)")]
    public double R1 { get; init; }

    /// <summary>WGAN weight clipping bound c (0.01 in the paper); 0 is off.</summary>
    [Option("clip", "WGAN weight clipping bound (0: off)")]
    public double WeightClip { get; init; }

    /// <summary>Spectrally normalize the discriminator's layers.</summary>
    [Option("spectral-norm", "spectrally normalize the discriminator's layers")]
    public bool SpectralNorm { get; init; }

    /// <summary>k of the unrolled GAN: discriminator steps the generator looks ahead through; 0 is off (needs an MLP discriminator).</summary>
    [Option("unroll-steps", "unrolled GAN: discriminator steps the generator looks through (0: off; MLP only)")]
    public int UnrollSteps { get; init; }

    /// <summary>η of the unrolled discriminator updates.</summary>
    [Option("unroll-lr", "step size of the unrolled discriminator updates")]
    public double UnrollLr { get; init; } = 1e-2;

    /// <summary>
    /// T of the tempered GAN: the discriminator sees real samples through a lens whose distortion is annealed away
    /// linearly over the first T steps (<see cref="LensTrick"/>); 0 is off.
    /// </summary>
    [Option("lens", "tempered GAN: steps over which the lens between data and discriminator is annealed away (0: off)")]
    public long LensAnnealSteps { get; init; }

    /// <summary>λ of the lens's reconstruction term ‖L(x) − x‖².</summary>
    [Option("lens-weight", "tempered GAN: weight of the lens's reconstruction term")]
    public double LensWeight { get; init; } = 1;

    /// <summary>The generator's learning rate (<see cref="ModelOptions.LearningRate"/>).</summary>
    public double GeneratorLr => LearningRate;

    /// <summary>The discriminator's learning rate as used: <see cref="DiscriminatorLr"/>, or the generator's.</summary>
    public double DiscriminatorLearningRate => DiscriminatorLr ?? LearningRate;

    /// <summary>The real target of the discriminator loss.</summary>
    public float RealTarget => 1f - LabelSmoothing;

    /// <summary>Checks that the settings are consistent.</summary>
    /// <exception cref="ArgumentException">A value is out of range or two settings conflict.</exception>
    public override void Validate()
    {
        base.Validate();
        Require(DiscriminatorSteps >= 1, $"GanOptions: d-steps must be at least 1, got {DiscriminatorSteps}.");
        Require(LabelSmoothing >= 0 && LabelSmoothing < 1, $"GanOptions: label-smoothing must be in [0, 1), got {LabelSmoothing}.");
        Require(LabelSmoothing == 0 || GanLosses.UsesRealTarget(Loss),
            $"GanOptions: label smoothing needs a loss with targets; the {OptionChoices.Name(Loss)} loss has none.");
        Require(GradientPenalty >= 0 && R1 >= 0 && WeightClip >= 0 && HistoricalAveraging >= 0 && ReplayCapacity >= 0 && SnapshotSwapEvery >= 0 && UnrollSteps >= 0,
            "GanOptions: penalties, clipping, replay, snapshot and unroll settings must not be negative.");
        Require(ReferenceBatchSize >= 2, $"GanOptions: the virtual batch norm reference batch needs at least 2 samples, got {ReferenceBatchSize}.");
        Require(DiscriminatorLearningRate > 0, "GanOptions: learning rates must be positive.");
        Require(SnapshotSwapEvery == 0 || (SnapshotSwapLength >= 1 && SnapshotSwapLength < SnapshotSwapEvery),
            $"GanOptions: snapshot swap length {SnapshotSwapLength} must be at least 1 and below the swap interval {SnapshotSwapEvery}.");
        Require(UnrollSteps == 0 || !FeatureMatching, "GanOptions: unrolled GANs and feature matching are alternative generator objectives; choose one.");
        Require(LensAnnealSteps >= 0 && LensWeight >= 0, $"GanOptions: --lens ({LensAnnealSteps}) and --lens-weight ({LensWeight}) must not be negative.");
        Require(Depth >= 1, $"--depth must be at least 1, got {Depth}.");
        Require(LatentDim is null or > 0, $"Option --latent-dim must be positive, got {LatentDim}.");
        Require(Hidden is null or > 0, $"Option --hidden must be positive, got {Hidden}.");
    }
}
