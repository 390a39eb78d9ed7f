using Latent.Data;
using Latent.Models.Catalog;

namespace Latent.Models.Classical;

/// <summary>The data options every classical model shares: which data, its PCA reduction, the size of toy sets.</summary>
public abstract record ClassicalDataOptions : ModelOptions
{
    /// <summary>The family's defaults: statistics are accumulated over batches of 10,000 rows.</summary>
    protected ClassicalDataOptions() => BatchSize = 10_000;

    /// <summary>"fashion-mnist" or a toy 2-D set: "toy:ring8" (ring&lt;k&gt;), "toy:grid25" (grid&lt;k²&gt;), "toy:moons", "toy:swissroll", "toy:checkerboard", "toy:circles".</summary>
    [Option("data", "fashion-mnist, or toy:ring8, toy:grid25, toy:moons, toy:swissroll, toy:checkerboard, toy:circles")]
    public string Data { get; init; } = "fashion-mnist";

    /// <summary>The number of principal components images are reduced to (0: the raw pixels); unused for toy data.</summary>
    [Option("pca-dim", "principal components images are reduced to (0: raw pixels)")]
    public int PcaDim { get; init; } = 30;

    /// <summary>Training points drawn from a toy distribution (the test set has half as many).</summary>
    [Option("toy-samples", "training points drawn from a toy distribution (test: half as many)")]
    public int ToySamples { get; init; } = 10_000;

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        Require(PcaDim >= 0, $"Option --pca-dim must not be negative, got {PcaDim}.");
        Require(ToySamples >= 2, $"Option --toy-samples must be at least 2, got {ToySamples}.");
        Require(Data.Trim().Equals("fashion-mnist", StringComparison.OrdinalIgnoreCase) || Data.Trim().StartsWith("toy:", StringComparison.OrdinalIgnoreCase),
            $"Option --data must be fashion-mnist or {ToyDistributions.Names}, got '{Data}'.");
    }
}

/// <summary>The options of the Gaussian mixture: components, covariance form, regularization; one EM iteration per epoch.</summary>
public sealed record GmmOptions : ClassicalDataOptions
{
    /// <summary>The defaults: 100 EM iterations (epochs) on the ring of 8 Gaussians.</summary>
    public GmmOptions()
    {
        Epochs = 100;
        Data = "toy:ring8";
    }

    /// <summary>The number of mixture components K.</summary>
    [Option("components", "number of mixture components K")]
    public int Components { get; init; } = 8;

    /// <summary>The covariance form of each component.</summary>
    [Option("covariance", "covariance of each component")]
    public CovarianceKind Covariance { get; init; } = CovarianceKind.Full;

    /// <summary>λ added to every variance (scikit-learn's reg_covar).</summary>
    [Option("regularization", "added to every variance (scikit-learn's reg_covar)")]
    public double Regularization { get; init; } = 1e-6;

    /// <summary>Candidate values of K: when given, a mixture of each size is fitted to the training coordinates first and the K of the lowest BIC replaces --components.</summary>
    [Option("choose-components", "candidate K values (e.g. 1,2,4,8,16): the K of the lowest BIC on the training data replaces --components")]
    public int[] ChooseComponents { get; init; } = [];

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        Require(Components >= 1, $"Option --components must be at least 1, got {Components}.");
        Require(ChooseComponents.All(k => k >= 1), $"Option --choose-components must list positive K values, got {string.Join(",", ChooseComponents)}.");
        Require(Regularization >= 0, $"Option --regularization must not be negative, got {Regularization}.");
    }
}

/// <summary>The options of the Gaussian generative classifier: the form of its class covariances and their shrinkage.</summary>
public sealed record GaussianClassifierOptions : ClassicalDataOptions
{
    /// <summary>The defaults: one pass over the data fits the closed form.</summary>
    public GaussianClassifierOptions() => Epochs = 1;

    /// <summary>Shared (linear), per-class (quadratic) or diagonal (naive Bayes) covariances.</summary>
    [Option("covariance", "shared (linear), per-class (quadratic) or naive-bayes (diagonal) class covariances")]
    public ClassCovariance Covariance { get; init; } = ClassCovariance.Shared;

    /// <summary>Shrinkage α of each covariance towards its mean variance: (1 − α)Σ + α·(tr Σ / D)·I.</summary>
    [Option("shrinkage", "shrinkage α of each covariance towards (tr Σ / D)·I")]
    public double Shrinkage { get; init; }

    /// <summary>Added to every variance, relative to the largest feature variance (scikit-learn's var_smoothing).</summary>
    [Option("var-smoothing", "added to every variance, relative to the largest feature variance")]
    public double VarSmoothing { get; init; } = 1e-9;

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        Require(Shrinkage is >= 0 and <= 1, $"Option --shrinkage must lie in [0, 1], got {Shrinkage}.");
        Require(VarSmoothing >= 0, $"Option --var-smoothing must not be negative, got {VarSmoothing}.");
    }
}

/// <summary>The options of the mixture of Bernoullis on binarized Fashion-MNIST: components and the M-step's pseudo-counts; one EM iteration per epoch.</summary>
public sealed record BernoulliMixtureOptions : ModelOptions
{
    /// <summary>The defaults: 20 EM iterations (epochs) over batches of 10,000 images.</summary>
    public BernoulliMixtureOptions()
    {
        Epochs = 20;
        BatchSize = 10_000;
    }

    /// <summary>The number of mixture components K.</summary>
    [Option("components", "number of mixture components K")]
    public int Components { get; init; } = 10;

    /// <summary>Pseudo-counts a of the Beta prior on every mean (0: maximum likelihood).</summary>
    [Option("pseudocount", "pseudo-counts of the Beta prior on every pixel mean (0: maximum likelihood)")]
    public double Pseudocount { get; init; } = 0.01;

    /// <summary>A pixel counts as on when its intensity exceeds this.</summary>
    [Option("threshold", "pixels above this intensity count as on")]
    public double Threshold { get; init; } = 0.5;

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        Require(Components >= 1, $"Option --components must be at least 1, got {Components}.");
        Require(Pseudocount >= 0, $"Option --pseudocount must not be negative, got {Pseudocount}.");
        Require(Threshold is > 0 and < 1, $"Option --threshold must lie in (0, 1), got {Threshold}.");
    }
}

/// <summary>What naive Bayes assumes of each feature given the class.</summary>
public enum NaiveBayesLikelihood
{
    /// <summary>A Gaussian per feature (a diagonal class covariance), on PCA coordinates or toy points.</summary>
    Gaussian,

    /// <summary>A Bernoulli per binarized pixel.</summary>
    Bernoulli,
}

/// <summary>The options of naive Bayes, fitted in closed form in one pass: Gaussian features or Bernoulli pixels.</summary>
public sealed record NaiveBayesOptions : ClassicalDataOptions
{
    /// <summary>The defaults: one pass over the data fits the closed form.</summary>
    public NaiveBayesOptions() => Epochs = 1;

    /// <summary>Gaussian features or binarized Bernoulli pixels.</summary>
    [Option("likelihood", "gaussian (per-feature Gaussians, on --pca-dim components or toy points) or bernoulli (binarized Fashion-MNIST pixels)")]
    public NaiveBayesLikelihood Likelihood { get; init; } = NaiveBayesLikelihood.Gaussian;

    /// <summary>Gaussian: added to every variance, relative to the largest feature variance (scikit-learn's var_smoothing).</summary>
    [Option("var-smoothing", "gaussian: added to every variance, relative to the largest feature variance")]
    public double VarSmoothing { get; init; } = 1e-9;

    /// <summary>Bernoulli: Laplace smoothing α of every pixel probability.</summary>
    [Option("alpha", "bernoulli: additive smoothing of every pixel probability, (count + α)/(n + 2α)")]
    public double Alpha { get; init; } = 1;

    /// <summary>Bernoulli: a pixel counts as on when its intensity exceeds this.</summary>
    [Option("threshold", "bernoulli: pixels above this intensity count as on")]
    public double Threshold { get; init; } = 0.5;

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        Require(VarSmoothing >= 0, $"Option --var-smoothing must not be negative, got {VarSmoothing}.");
        Require(Alpha >= 0, $"Option --alpha must not be negative, got {Alpha}.");
        Require(Threshold is > 0 and < 1, $"Option --threshold must lie in (0, 1), got {Threshold}.");
        Require(Likelihood == NaiveBayesLikelihood.Gaussian || Data.Trim().Equals("fashion-mnist", StringComparison.OrdinalIgnoreCase),
            $"Option --likelihood bernoulli needs binarized images (--data fashion-mnist), got --data {Data}.");
    }
}
