using Latent.Models.Catalog;

namespace Latent.Models.Boltzmann;

/// <summary>How grey pixels in [0, 1] become the binary visible states of a Bernoulli RBM.</summary>
public enum Binarization
{
    /// <summary>A pixel is on when it exceeds <see cref="RbmOptions.Threshold"/> (the same binary image every epoch).</summary>
    Threshold,

    /// <summary>A pixel is on with probability equal to its intensity, drawn afresh each time the image is used.</summary>
    Sampled,
}

/// <summary>
/// The options of the RBM (<c>rbm</c>): binary or Gaussian visible units, hidden layer, contrastive divergence (CD-k or persistent CD),
/// the update rule of Hinton's practical guide (learning rate, momentum, weight decay), the binarization of the data,
/// and the annealed importance sampling run at the end of training.
/// </summary>
public sealed record RbmOptions : ModelOptions
{
    /// <summary>The family's defaults: batches of 100, learning rate 0.05 (per example of the mean gradient).</summary>
    public RbmOptions()
    {
        BatchSize = 100;
        LearningRate = 0.05;
    }

    /// <summary>Binary visible units on binarized pixels, or unit-variance Gaussian ones on standardised pixels.</summary>
    [Option("visible", "visible units: binary (binarized pixels) or gaussian (unit variance on standardised pixels; use a learning rate near 0.001-0.005)")]
    public VisibleUnits Visible { get; init; } = VisibleUnits.Binary;

    /// <summary>The number of binary hidden units.</summary>
    [Option("hidden", "number of binary hidden units")]
    public int Hidden { get; init; } = 500;

    /// <summary>Gibbs steps of the negative phase (k of CD-k; with PCD, steps per update of the persistent chains).</summary>
    [Option("cd-k", "Gibbs steps of the negative phase (k of CD-k; steps of the persistent chains per update with PCD)")]
    public int CdK { get; init; } = 1;

    /// <summary>Persistent contrastive divergence: the negative phase continues Markov chains kept across updates (and in checkpoints).</summary>
    [Option("persistent", "persistent CD (PCD): negative phase from chains kept across updates instead of from the data")]
    public bool Persistent { get; init; }

    /// <summary>The number of persistent chains; null uses one per example of a batch.</summary>
    [Option("chains", "number of persistent chains (default: the batch size)")]
    public int? Chains { get; init; }

    /// <summary>
    /// Whether the learning rate falls linearly from <see cref="ModelOptions.LearningRate"/> to 0 over the run's updates
    /// (Tieleman 2008): persistent chains then end up sampling the final model, which PCD's likelihood needs.
    /// </summary>
    [Option("lr-decay", "decay the learning rate linearly to 0 over the run's updates (Tieleman's schedule; PCD needs it)")]
    public bool LrDecay { get; init; }

    /// <summary>The momentum μ of the update Δ ← μ·Δ + lr·(gradient − weight decay·W).</summary>
    [Option("momentum", "momentum of the parameter updates (0 for none)")]
    public double Momentum { get; init; } = 0.5;

    /// <summary>The L2 weight decay of the weights (not of the biases).</summary>
    [Option("weight-decay", "L2 weight decay on the weights (biases are not decayed)")]
    public double WeightDecay { get; init; } = 2e-4;

    /// <summary>The standard deviation of the initial weights (the biases start at zero, the visible ones at the data's log-odds).</summary>
    [Option("init-std", "standard deviation of the initial Gaussian weights")]
    public double InitStd { get; init; } = 0.01;

    /// <summary>How the data is made binary.</summary>
    [Option("binarize", "data binarization: threshold (fixed) or sampled (Bernoulli of the intensity, fresh each time)")]
    public Binarization Binarize { get; init; } = Binarization.Threshold;

    /// <summary>The threshold of <see cref="Binarization.Threshold"/>: a pixel above it is on.</summary>
    [Option("threshold", "binarization threshold in (0, 1) (with --binarize threshold)")]
    public double Threshold { get; init; } = 0.5;

    /// <summary>Gibbs steps of the chains drawn for samples (from noise).</summary>
    [Option("sample-steps", "Gibbs steps of the chains that draw samples")]
    public int SampleSteps { get; init; } = 1000;

    /// <summary>Inverse temperatures of the annealed importance sampling run after the last epoch; 0 skips it.</summary>
    [Option("ais-temperatures", "AIS inverse temperatures after the last epoch (14500 is Salakhutdinov & Murray's schedule; 0: no AIS)")]
    public int AisTemperatures { get; init; }

    /// <summary>Parallel AIS runs.</summary>
    [Option("ais-runs", "parallel AIS runs")]
    public int AisRuns { get; init; } = 100;

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        Require(Hidden > 0, $"Option --hidden must be positive, got {Hidden}.");
        Require(CdK >= 1, $"Option --cd-k must be at least 1, got {CdK}.");
        Require(Chains is null or > 0, $"Option --chains must be positive, got {Chains}.");
        Require(Chains is null || Persistent, "Option --chains needs --persistent (CD-k starts one chain from each example).");
        Require(Momentum >= 0 && Momentum < 1, $"Option --momentum must lie in [0, 1), got {Momentum}.");
        Require(WeightDecay >= 0, $"Option --weight-decay must not be negative, got {WeightDecay}.");
        Require(InitStd > 0, $"Option --init-std must be positive, got {InitStd}.");
        Require(Threshold > 0 && Threshold < 1, $"Option --threshold must lie in (0, 1), got {Threshold}.");
        Require(SampleSteps >= 1, $"Option --sample-steps must be at least 1, got {SampleSteps}.");
        Require(AisTemperatures == 0 || AisTemperatures >= 10, $"Option --ais-temperatures must be 0 (no AIS) or at least 10, got {AisTemperatures}.");
        Require(AisRuns >= 2, $"Option --ais-runs must be at least 2 (the interval needs a spread), got {AisRuns}.");
    }
}
