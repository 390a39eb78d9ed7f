using Latent.Tensors;

namespace Latent.Models.Hybrids;

/// <summary>
/// The distribution an adversarial autoencoder's codes are pushed towards: it draws codes, and when it is made of
/// <see cref="Components"/> parts (one per class), draws from the part a label picks.
/// </summary>
public abstract class CodePrior
{
    /// <summary>The size of a code.</summary>
    public abstract int Dim { get; }

    /// <summary>The number of parts a label can pick (0 when the prior has no parts).</summary>
    public virtual int Components => 0;

    /// <summary>Draws one code per entry of <paramref name="components"/> [n, Dim]: from that part when it is in [0, Components), from the whole prior when it is −1.</summary>
    /// <exception cref="ArgumentException">A component is out of range.</exception>
    public Tensor Sample(int[] components, Generator gen)
    {
        ArgumentNullException.ThrowIfNull(components);
        ArgumentNullException.ThrowIfNull(gen);
        var values = new float[components.Length * Dim];
        for (int i = 0; i < components.Length; i++)
        {
            int k = components[i];
            if (k < -1 || k >= Components)
                throw new ArgumentException($"{GetType().Name}: component {k} is outside [0, {Components}) (−1 draws from the whole prior).", nameof(components));
            Draw(k < 0 && Components > 0 ? gen.NextInt(Components) : k, gen, values.AsSpan(i * Dim, Dim));
        }
        return new Tensor(values, [components.Length, Dim]);
    }

    /// <summary>Draws <paramref name="count"/> codes from the whole prior [count, Dim].</summary>
    public Tensor Sample(int count, Generator gen)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return Sample(Enumerable.Repeat(-1, count).ToArray(), gen);
    }

    /// <summary>Writes one code of part <paramref name="component"/> (−1 when the prior has no parts) into <paramref name="code"/>.</summary>
    protected abstract void Draw(int component, Generator gen, Span<float> code);
}

/// <summary>The standard normal N(0, I) in <see cref="Dim"/> dimensions.</summary>
/// <param name="dim">The code size.</param>
public sealed class GaussianCodePrior(int dim) : CodePrior
{
    /// <inheritdoc />
    public override int Dim { get; } = dim > 0 ? dim : throw new ArgumentOutOfRangeException(nameof(dim), $"GaussianCodePrior: dim must be positive, got {dim}.");

    /// <inheritdoc />
    protected override void Draw(int component, Generator gen, Span<float> code) => gen.FillNormal(code);
}

/// <summary>
/// A mixture of <see cref="Components"/> 2-D Gaussians arranged around the origin like petals (Makhzani et al., 2016,
/// Fig. 4): part k has its mean at distance <see cref="Radius"/> in direction 2πk/K, standard deviation
/// <see cref="RadialStd"/> along that direction and <see cref="TangentialStd"/> across it; all parts are equally likely.
/// </summary>
/// <param name="components">The number of parts K (10: one per Fashion-MNIST class).</param>
public sealed class GaussianMixtureCodePrior(int components = 10) : CodePrior
{
    /// <summary>Distance of each part's mean from the origin.</summary>
    public const float Radius = 2f;

    /// <summary>Standard deviation along the direction of a part's mean.</summary>
    public const float RadialStd = 0.5f;

    /// <summary>Standard deviation across the direction of a part's mean.</summary>
    public const float TangentialStd = 0.1f;

    /// <inheritdoc />
    public override int Dim => 2;

    /// <inheritdoc />
    public override int Components { get; } = components > 0 ? components
        : throw new ArgumentOutOfRangeException(nameof(components), $"GaussianMixtureCodePrior: components must be positive, got {components}.");

    /// <summary>The direction (radians) of part <paramref name="component"/>'s mean.</summary>
    public double Angle(int component) => 2 * Math.PI * component / Components;

    /// <inheritdoc />
    protected override void Draw(int component, Generator gen, Span<float> code)
    {
        double angle = Angle(component);
        double along = Radius + RadialStd * gen.NextNormal(), across = TangentialStd * gen.NextNormal();
        code[0] = (float)(along * Math.Cos(angle) - across * Math.Sin(angle));
        code[1] = (float)(along * Math.Sin(angle) + across * Math.Cos(angle));
    }
}

/// <summary>
/// The 2-D swiss roll of <see cref="Data.ToyDistributions.SwissRoll"/>: t = 1.5π(1 + 2u) with u uniform on [0, 1],
/// code = (t cos t, t sin t)/5 plus Gaussian noise; part k of K is the stretch u ∈ [k/K, (k + 1)/K) of the roll.
/// </summary>
/// <param name="components">The number of stretches a label can pick.</param>
/// <param name="noise">Standard deviation of the noise added to each coordinate.</param>
public sealed class SwissRollCodePrior(int components = 10, float noise = 0.05f) : CodePrior
{
    /// <inheritdoc />
    public override int Dim => 2;

    /// <inheritdoc />
    public override int Components { get; } = components > 0 ? components
        : throw new ArgumentOutOfRangeException(nameof(components), $"SwissRollCodePrior: components must be positive, got {components}.");

    /// <summary>Standard deviation of the noise.</summary>
    public float Noise { get; } = noise >= 0 ? noise : throw new ArgumentOutOfRangeException(nameof(noise), $"SwissRollCodePrior: noise must not be negative, got {noise}.");

    /// <inheritdoc />
    protected override void Draw(int component, Generator gen, Span<float> code)
    {
        double u = (component + gen.NextDouble()) / Components;
        double t = 1.5 * Math.PI * (1 + 2 * u);
        code[0] = (float)(t * Math.Cos(t) / 5 + Noise * gen.NextNormal());
        code[1] = (float)(t * Math.Sin(t) / 5 + Noise * gen.NextNormal());
    }
}
