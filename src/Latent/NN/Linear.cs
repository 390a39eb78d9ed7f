using Latent.Tensors;

namespace Latent.NN;

/// <summary>
/// Fully connected layer y = x·Wᵀ + b with W of shape [out, in]. Works on inputs of shape [*, in].
/// </summary>
/// <remarks>
/// Initialized like PyTorch: W by Kaiming-uniform with a = √5 (uniform in ±1/√in) and b uniform in ±1/√in.
/// </remarks>
public sealed class Linear : Module
{
    /// <summary>Creates a linear layer.</summary>
    /// <param name="inFeatures">Size of the last input axis.</param>
    /// <param name="outFeatures">Size of the last output axis.</param>
    /// <param name="gen">Random source for the initial weights.</param>
    /// <param name="bias">Whether to add a learned bias.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive.</exception>
    public Linear(int inFeatures, int outFeatures, Generator gen, bool bias = true)
    {
        if (inFeatures <= 0) throw new ArgumentOutOfRangeException(nameof(inFeatures), $"Linear: inFeatures must be positive, got {inFeatures}.");
        if (outFeatures <= 0) throw new ArgumentOutOfRangeException(nameof(outFeatures), $"Linear: outFeatures must be positive, got {outFeatures}.");
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
        var weight = Tensor.Zeros(outFeatures, inFeatures);
        Init.KaimingUniform(weight, gen, a: MathF.Sqrt(5));
        RegisterParameter("weight", weight);
        if (bias) RegisterParameter("bias", Parameter.Uniform([outFeatures], 1f / MathF.Sqrt(inFeatures), gen));
        HasBias = bias;
    }

    /// <summary>Size of the last input axis.</summary>
    public int InFeatures { get; }

    /// <summary>Size of the last output axis.</summary>
    public int OutFeatures { get; }

    /// <summary>Whether the layer adds a bias.</summary>
    public bool HasBias { get; }

    /// <summary>The weight [out, in] used by <see cref="Forward"/> (the normalized one under a reparametrization).</summary>
    public Tensor Weight => Get("weight");

    /// <summary>The bias [out], or null.</summary>
    public Tensor? Bias => HasBias ? Get("bias") : null;

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The last axis of <paramref name="x"/> is not <see cref="InFeatures"/>.</exception>
    public override Tensor Forward(Tensor x)
    {
        if (x.Rank == 0 || x.Shape[^1] != InFeatures)
            throw new ArgumentException($"Linear: expected input of shape [*, {InFeatures}], got {ShapeUtil.Format(x.Shape)}.", nameof(x));
        return x.Linear(Weight, Bias);
    }

    /// <inheritdoc />
    protected override string ExtraRepr() => $"in={InFeatures}, out={OutFeatures}, bias={HasBias}";
}
