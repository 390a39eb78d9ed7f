using Latent.Models.Catalog;
using Latent.Models.Common;

namespace Latent.Models.Autoencoders;

/// <summary>The network of an autoencoder.</summary>
public enum AutoencoderArchitecture
{
    /// <summary>An MLP over flattened inputs, with the hidden sizes of <see cref="AutoencoderOptions.Hidden"/>.</summary>
    Mlp,

    /// <summary>Two strided convolutions down and two transposed convolutions up.</summary>
    Conv,
}

/// <summary>
/// The options of the autoencoders (ae, sparse-ae, dae): network, reconstruction loss, code, and what makes an
/// autoencoder sparse (a penalty on the code) or denoising (a corruption of its input). A sparse or denoising
/// autoencoder is this record with <see cref="Penalty"/> or <see cref="Noise"/> set.
/// </summary>
public sealed record AutoencoderOptions : ModelOptions
{
    /// <summary>The family's defaults: batches of 128, a 32-d code.</summary>
    public AutoencoderOptions() => BatchSize = 128;

    /// <summary>The network.</summary>
    [Option("arch", "network: mlp or conv")]
    public AutoencoderArchitecture Architecture { get; init; } = AutoencoderArchitecture.Mlp;

    /// <summary>MLP hidden sizes from input to code (the decoder mirrors them).</summary>
    [Option("hidden", "MLP hidden sizes from input to code, comma-separated")]
    public int[] Hidden { get; init; } = [256];

    /// <summary>The reconstruction loss.</summary>
    [Option("loss", "reconstruction loss: bce (cross-entropy) or mse (squared error)")]
    public ReconstructionLoss Loss { get; init; } = ReconstructionLoss.BinaryCrossEntropy;

    /// <summary>The nonlinearity on the code.</summary>
    [Option("code", "code activation: identity, relu, sigmoid or tanh")]
    public CodeActivation Code { get; init; } = CodeActivation.Identity;

    /// <summary>The code size.</summary>
    [Option("latent-dim", "size of the latent code")]
    public int LatentDim { get; init; } = 32;

    /// <summary>The sparsity penalty on the code (none for a plain autoencoder).</summary>
    [Option("penalty", "sparsity penalty: kl (needs sigmoid codes), l1 or none")]
    public SparsityKind Penalty { get; init; } = SparsityKind.None;

    /// <summary>β of the KL penalty, λ of the L1 penalty.</summary>
    [Option("sparsity-weight", "weight of the penalty (β for kl, λ for l1)")]
    public float SparsityWeight { get; init; } = 0.1f;

    /// <summary>The target mean activation ρ of the KL penalty.</summary>
    [Option("rho", "target mean activation ρ of the kl penalty")]
    public float Rho { get; init; } = 0.05f;

    /// <summary>The input corruption of a denoising autoencoder (none for a plain one).</summary>
    [Option("noise", "corruption: masking, gaussian or none")]
    public NoiseKind Noise { get; init; } = NoiseKind.None;

    /// <summary>The masked fraction p, or the Gaussian σ.</summary>
    [Option("noise-level", "masked fraction p, or Gaussian σ")]
    public float NoiseLevel { get; init; } = 0.3f;

    /// <summary>The sparsity penalty as configured, or null when <see cref="Penalty"/> is none.</summary>
    public SparsityPenalty? Sparsity => Penalty == SparsityKind.None ? null : new SparsityPenalty(Penalty, SparsityWeight, Rho);

    /// <summary>The input corruption as configured (<see cref="NoiseModel.None"/> when <see cref="Noise"/> is none).</summary>
    public NoiseModel Corruption => Noise == NoiseKind.None ? NoiseModel.None : new NoiseModel(Noise, NoiseLevel);

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        Require(LatentDim > 0, $"Option --latent-dim must be positive, got {LatentDim}.");
    }
}
