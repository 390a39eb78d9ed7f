using Latent.Tensors;

namespace Latent.NN;

/// <summary>
/// Inverted dropout: in training each element is zeroed with probability p and the survivors are scaled by 1/(1 − p),
/// so the expected output equals the input; in evaluation mode it is the identity.
/// </summary>
public sealed class Dropout : Module
{
    private readonly Generator _gen;

    /// <summary>Creates a dropout layer.</summary>
    /// <param name="p">Probability of zeroing an element, in [0, 1).</param>
    /// <param name="gen">Random source for the masks.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="p"/> is outside [0, 1).</exception>
    public Dropout(float p, Generator gen)
    {
        if (!(p >= 0 && p < 1)) throw new ArgumentOutOfRangeException(nameof(p), $"Dropout: p must be in [0, 1), got {p}.");
        P = p;
        _gen = gen;
    }

    /// <summary>Probability of zeroing an element.</summary>
    public float P { get; }

    /// <inheritdoc />
    public override Tensor Forward(Tensor x) => Functional.Dropout(x, P, _gen, IsTraining);

    /// <inheritdoc />
    protected override string ExtraRepr() => $"p={P}";
}
