using Latent.Models.Catalog;

namespace Latent.Models.Gans;

/// <summary>
/// InfoGAN on Fashion-MNIST (Chen et al. 2016): the paper's networks (or DCGAN's), the generator fed noise plus a
/// categorical and continuous codes, a Q head on the discriminator's features, and the mutual-information term weighted by λ.
/// </summary>
public sealed record InfoGanOptions : ModelOptions
{
    /// <summary>
    /// Chen et al.'s settings for MNIST (their code): Adam with β₁ = 0.5, the generator at 1e-3 and the discriminator
    /// and Q at 2e-4, batches of 128.
    /// </summary>
    public InfoGanOptions()
    {
        LearningRate = 1e-3;
        BatchSize = 128;
    }

    /// <summary>The networks: Chen et al.'s (the default) or the DCGAN ones.</summary>
    [Option("networks", "networks of G, D and Q: paper (Chen et al.'s, FC 1024 layers, Q shares D up to them) or dcgan")]
    public InfoGanNetworkKind Networks { get; init; } = InfoGanNetworkKind.Paper;

    /// <summary>
    /// Whether Q learns the standard deviations of its factored Gaussian over the continuous codes; off by default, which
    /// fixes σ = 1 (Chen et al.'s code, the more stable choice) so the continuous term is ½(c − μ)² plus a constant.
    /// </summary>
    [Option("learn-std", "let Q learn the standard deviation of the continuous codes (default: fixed at 1)")]
    public bool LearnStd { get; init; }

    /// <summary>The size of the incompressible noise z.</summary>
    [Option("noise-dim", "size of the incompressible noise z")]
    public int NoiseDim { get; init; } = 62;

    /// <summary>K of the categorical code.</summary>
    [Option("categories", "values of the categorical code")]
    public int Categories { get; init; } = 10;

    /// <summary>The number of continuous codes, each U(−1, 1).</summary>
    [Option("continuous", "number of continuous codes, each uniform on [-1, 1]")]
    public int Continuous { get; init; } = 2;

    /// <summary>λ of the mutual-information term for the categorical code (1 in the paper).</summary>
    [Option("info-weight", "weight lambda of the mutual-information term of the categorical code")]
    public double InfoWeight { get; init; } = 1;

    /// <summary>λ of the continuous codes' term (the paper uses a smaller one than for discrete codes).</summary>
    [Option("continuous-weight", "weight of the mutual-information term of the continuous codes")]
    public double ContinuousWeight { get; init; } = 0.1;

    /// <summary>The discriminator's (and Q's) learning rate; null uses <see cref="ModelOptions.LearningRate"/> (the generator's).</summary>
    [Option("lr-d", "discriminator and Q learning rate (--lr is the generator's)")]
    public double? DiscriminatorLr { get; init; } = 2e-4;

    /// <summary>Adam's β₁.</summary>
    [Option("beta1", "Adam beta1")]
    public double Beta1 { get; init; } = 0.5;

    /// <summary>Adam's β₂.</summary>
    [Option("beta2", "Adam beta2")]
    public double Beta2 { get; init; } = 0.999;

    /// <summary>The codes these options describe.</summary>
    public InfoGanCodes Codes => new(NoiseDim, Categories, Continuous);

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        Require(NoiseDim >= 1, $"Option --noise-dim must be at least 1, got {NoiseDim}.");
        Require(Categories >= 2, $"Option --categories must be at least 2, got {Categories}.");
        Require(Continuous >= 0, $"Option --continuous must not be negative, got {Continuous}.");
        Require(InfoWeight >= 0 && ContinuousWeight >= 0, $"Options --info-weight ({InfoWeight}) and --continuous-weight ({ContinuousWeight}) must not be negative.");
        Require(DiscriminatorLr is null or > 0, $"Option --lr-d must be positive, got {DiscriminatorLr}.");
    }
}
