using Latent.Models.Catalog;

namespace Latent.Models.Flows;

/// <summary>The coupling layers of a flow.</summary>
public enum CouplingKind
{
    /// <summary>NICE's additive coupling z = x + t(x_kept): volume-preserving.</summary>
    Additive,

    /// <summary>RealNVP's affine coupling z = x·exp(tanh(a)) + t.</summary>
    Affine,
}

/// <summary>How the couplings see an image.</summary>
public enum FlowArchitecture
{
    /// <summary>Flat vectors: every coupling is an MLP on all D values (NICE, W5's RealNVP).</summary>
    Mlp,

    /// <summary>
    /// RealNVP's multi-scale architecture on [C, H, W]: per scale, checkerboard couplings, a squeeze, channel couplings and
    /// half the channels factored out; checkerboard couplings at the coarsest scale. Couplings use residual conv networks.
    /// </summary>
    [OptionValue("multi-scale", "multiscale", "conv")]
    MultiScale,
}

/// <summary>What happens to dequantized images before the couplings.</summary>
public enum ImagePreprocessing
{
    /// <summary>logit(α + (1 − 2α)·x), with its Jacobian in the likelihood (RealNVP).</summary>
    Logit,

    /// <summary>Nothing: the flow models the dequantized values in [0, 1] directly (NICE).</summary>
    None,
}

/// <summary>
/// The options of a normalizing flow: data, couplings and their networks, masks, prior and image preprocessing. The
/// family defaults are workload W5 (RealNVP-MLP: 6 affine couplings with 784→1024→1024→1568 networks, alternating
/// index-parity masks, logit with α = 0.05, N(0, I), Adam 1e-4, batches of 64).
/// </summary>
public sealed record FlowOptions : ModelOptions
{
    /// <summary>The family's defaults: Adam 1e-4, batches of 64.</summary>
    public FlowOptions()
    {
        LearningRate = 1e-4;
        BatchSize = 64;
    }

    /// <summary>The training data: "fashion-mnist" or a toy 2-D distribution (see <see cref="FlowData"/>).</summary>
    [Option("data", "training data: fashion-mnist, or toy:moons, toy:ring8, toy:grid25, toy:swissroll, toy:checkerboard, toy:circles")]
    public string Data { get; init; } = "fashion-mnist";

    /// <summary>Points drawn from a toy distribution for training (a fifth as many more for the test set).</summary>
    [Option("toy-samples", "training points drawn from a toy distribution")]
    public int ToySamples { get; init; } = 20000;

    /// <summary>The coupling layers.</summary>
    [Option("coupling", "coupling layers: affine (RealNVP) or additive (NICE)")]
    public CouplingKind Coupling { get; init; } = CouplingKind.Affine;

    /// <summary>Flat MLP couplings or the convolutional multi-scale architecture.</summary>
    [Option("architecture", "mlp (couplings on flat vectors) or multi-scale (RealNVP's convolutional multi-scale flow, images only)")]
    public FlowArchitecture Architecture { get; init; } = FlowArchitecture.Mlp;

    /// <summary>Multi-scale: how many times the image is squeezed and half of it factored out.</summary>
    [Option("scales", "multi-scale: squeeze-and-factor-out steps (H and W must divide by 2^scales)")]
    public int Scales { get; init; } = 2;

    /// <summary>Multi-scale: channels inside each coupling's residual network.</summary>
    [Option("channels", "multi-scale: channels inside each coupling's residual network")]
    public int Channels { get; init; } = 32;

    /// <summary>Multi-scale: residual blocks in each coupling's network.</summary>
    [Option("res-blocks", "multi-scale: residual blocks in each coupling's network")]
    public int ResBlocks { get; init; } = 2;

    /// <summary>How many coupling layers; consecutive ones use complementary masks.</summary>
    [Option("couplings", "mlp: number of coupling layers (masks alternate); multi-scale: couplings per group at each scale (the coarsest has one more)")]
    public int Couplings { get; init; } = 6;

    /// <summary>Hidden sizes of each coupling's MLP.</summary>
    [Option("hidden", "hidden sizes of each coupling's MLP, comma-separated")]
    public int[] Hidden { get; init; } = [1024, 1024];

    /// <summary>How each coupling splits its input.</summary>
    [Option("mask", "coupling masks: checkerboard (index parity) or channel (first half / second half)")]
    public MaskKind Mask { get; init; } = MaskKind.Checkerboard;

    /// <summary>The base distribution.</summary>
    [Option("prior", "base distribution: normal or logistic")]
    public PriorKind Prior { get; init; } = PriorKind.Normal;

    /// <summary>Whether a learned diagonal scaling layer ends the flow (NICE).</summary>
    [Option("scaling", "end the flow with a learned diagonal scaling layer")]
    public bool Scaling { get; init; }

    /// <summary>Whether a batch-normalization flow layer follows every coupling but the last.</summary>
    [Option("batch-norm", "a batch-normalization flow layer after every coupling but the last")]
    public bool BatchNorm { get; init; }

    /// <summary>The transform of dequantized images before the couplings.</summary>
    [Option("preprocess", "image preprocessing: logit (logit(α + (1 − 2α)x)) or none")]
    public ImagePreprocessing Preprocess { get; init; } = ImagePreprocessing.Logit;

    /// <summary>α of the logit transform.</summary>
    [Option("alpha", "α of the logit transform, in [0, 0.5)")]
    public double LogitAlpha { get; init; } = 0.05;

    /// <summary>Clip the gradient's total L2 norm to this before each step, reporting it as grad_norm; 0 leaves it alone.</summary>
    [Option("clip-grad", "clip the gradient's total L2 norm to this before each step and report it as grad_norm (0: off)")]
    public double ClipGrad { get; init; }

    /// <summary>Share of the run's last steps over which the learning rate falls linearly to 0; 0 keeps it constant.</summary>
    [Option("lr-decay", "share of the run's last steps over which the learning rate falls linearly to 0 (0: constant)")]
    public double LrDecay { get; init; }

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        Require(LrDecay is >= 0 and <= 1, $"Option --lr-decay must be in [0, 1], got {LrDecay}.");
        Require(!string.IsNullOrWhiteSpace(Data), "Option --data must name a data set, got an empty value.");
        Require(ClipGrad >= 0 && double.IsFinite(ClipGrad), $"Option --clip-grad must be a finite non-negative number, got {ClipGrad}.");
        Require(ToySamples > 0, $"Option --toy-samples must be positive, got {ToySamples}.");
        Require(Couplings >= 1, $"Option --couplings must be at least 1, got {Couplings}.");
        Require(Hidden is not null && Hidden.All(h => h > 0), $"Option --hidden must list positive sizes, got '{(Hidden is null ? "" : string.Join(",", Hidden))}'.");
        Require(Scales >= 0, $"Option --scales must be at least 0, got {Scales}.");
        Require(Channels > 0, $"Option --channels must be positive, got {Channels}.");
        Require(ResBlocks >= 0, $"Option --res-blocks must be at least 0, got {ResBlocks}.");
        Require(LogitAlpha >= 0 && LogitAlpha < 0.5, $"Option --alpha must be in [0, 0.5), got {LogitAlpha}.");
    }
}
