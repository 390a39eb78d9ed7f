using Latent.Data;
using Latent.Tensors;

namespace Latent.Models.Autoencoders;

/// <summary>The corruption process q(x̃ | x) of a denoising autoencoder.</summary>
public enum NoiseKind
{
    /// <summary>Additive isotropic Gaussian noise x̃ = x + ε, ε ~ N(0, σ²I).</summary>
    Gaussian = 1,

    /// <summary>Masking noise: each value is set to 0 independently with probability p (akin to dropout on the input).</summary>
    Masking = 2,

    /// <summary>No corruption: x̃ = x (the default; listed last so that option help names the corruptions first).</summary>
    None = 0,
}

/// <summary>A corruption with its level: σ for Gaussian noise, the masked fraction p for masking noise.</summary>
/// <param name="Kind">The noise form.</param>
/// <param name="Level">σ (Gaussian) or p ∈ [0, 1] (masking).</param>
public sealed record NoiseModel(NoiseKind Kind, float Level)
{
    /// <summary>No corruption.</summary>
    public static NoiseModel None { get; } = new(NoiseKind.None, 0f);

    /// <summary>Whether the model changes its input.</summary>
    public bool IsActive => Kind != NoiseKind.None && Level > 0;

    /// <summary>Draws x̃ ~ q(x̃ | x) with <paramref name="gen"/>; <paramref name="x"/> is not modified.</summary>
    /// <exception cref="ArgumentException">The level is invalid for the kind.</exception>
    public Tensor Apply(Tensor x, Generator gen)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(gen);
        return Kind switch
        {
            NoiseKind.None => x,
            NoiseKind.Gaussian => Corruptions.GaussianNoise(x.Detach(), Level, gen),
            NoiseKind.Masking => Corruptions.MaskingNoise(x.Detach(), Level, gen),
            _ => throw new ArgumentOutOfRangeException(nameof(Kind), Kind, "Unknown noise kind."),
        };
    }
}
