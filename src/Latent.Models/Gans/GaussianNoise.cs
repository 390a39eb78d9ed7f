using Latent.NN;
using Latent.Tensors;

namespace Latent.Models.Gans;

/// <summary>Adds N(0, σ²) noise to its input in training mode and passes it through unchanged in evaluation mode.</summary>
public sealed class GaussianNoise : Module
{
    private readonly Generator _gen;

    /// <summary>Creates the layer.</summary>
    /// <param name="std">σ of the noise.</param>
    /// <param name="gen">Draws the noise.</param>
    /// <exception cref="ArgumentOutOfRangeException">σ is negative.</exception>
    public GaussianNoise(float std, Generator gen)
    {
        if (!(std >= 0)) throw new ArgumentOutOfRangeException(nameof(std), $"GaussianNoise: std must not be negative, got {std}.");
        Std = std;
        _gen = gen;
    }

    /// <summary>σ of the noise.</summary>
    public float Std { get; }

    /// <inheritdoc />
    public override Tensor Forward(Tensor x) => IsTraining && Std > 0 ? x + Tensor.Randn(x.Shape, _gen, 0f, Std) : x;
}
