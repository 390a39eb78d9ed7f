using Latent.Tensors;

namespace Latent.NN;

/// <summary>max(x, 0).</summary>
public sealed class Relu : Module
{
    /// <inheritdoc />
    public override Tensor Forward(Tensor x) => x.Relu();
}

/// <summary>x for x &gt; 0, slope·x otherwise.</summary>
/// <param name="slope">The slope λ for negative inputs (PyTorch's default 0.01; 0.2 is usual in GAN discriminators).</param>
public sealed class LeakyRelu(float slope = 0.01f) : Module
{
    /// <summary>The slope for negative inputs.</summary>
    public float Slope { get; } = slope;

    /// <inheritdoc />
    public override Tensor Forward(Tensor x) => x.LeakyRelu(Slope);

    /// <inheritdoc />
    protected override string ExtraRepr() => $"slope={Slope}";
}

/// <summary>x for x &gt; 0, α(eˣ − 1) otherwise.</summary>
/// <param name="alpha">The saturation value −α for large negative inputs.</param>
public sealed class Elu(float alpha = 1f) : Module
{
    /// <summary>The scale α of the negative part.</summary>
    public float Alpha { get; } = alpha;

    /// <inheritdoc />
    public override Tensor Forward(Tensor x) => x.Elu(Alpha);

    /// <inheritdoc />
    protected override string ExtraRepr() => $"alpha={Alpha}";
}

/// <summary>Self-normalizing ELU (Klambauer et al., 2017).</summary>
public sealed class Selu : Module
{
    /// <inheritdoc />
    public override Tensor Forward(Tensor x) => x.Selu();
}

/// <summary>Exact GELU, x·Φ(x).</summary>
public sealed class Gelu : Module
{
    /// <inheritdoc />
    public override Tensor Forward(Tensor x) => x.Gelu();
}

/// <summary>log(1 + e^(βx))/β, reverting to x where βx exceeds the threshold.</summary>
/// <param name="beta">Sharpness β; large β approaches ReLU.</param>
/// <param name="threshold">Above this value of βx the output is x.</param>
public sealed class Softplus(float beta = 1f, float threshold = 20f) : Module
{
    /// <summary>The sharpness β.</summary>
    public float Beta { get; } = beta;

    /// <summary>The linear-regime threshold on βx.</summary>
    public float Threshold { get; } = threshold;

    /// <inheritdoc />
    public override Tensor Forward(Tensor x) => x.Softplus(Beta, Threshold);

    /// <inheritdoc />
    protected override string ExtraRepr() => $"beta={Beta}, threshold={Threshold}";
}

/// <summary>1 / (1 + e⁻ˣ).</summary>
public sealed class Sigmoid : Module
{
    /// <inheritdoc />
    public override Tensor Forward(Tensor x) => x.Sigmoid();
}

/// <summary>log σ(x), stable for large |x|.</summary>
public sealed class LogSigmoid : Module
{
    /// <inheritdoc />
    public override Tensor Forward(Tensor x) => x.LogSigmoid();
}

/// <summary>Hyperbolic tangent.</summary>
public sealed class Tanh : Module
{
    /// <inheritdoc />
    public override Tensor Forward(Tensor x) => x.Tanh();
}

/// <summary>Clamps into [min, max].</summary>
public sealed class Hardtanh : Module
{
    /// <summary>Creates the layer.</summary>
    /// <exception cref="ArgumentException"><paramref name="min"/> is not below <paramref name="max"/>.</exception>
    public Hardtanh(float min = -1f, float max = 1f)
    {
        if (!(min < max)) throw new ArgumentException($"Hardtanh: min ({min}) must be below max ({max}).");
        Min = min;
        Max = max;
    }

    /// <summary>Lower bound.</summary>
    public float Min { get; }

    /// <summary>Upper bound.</summary>
    public float Max { get; }

    /// <inheritdoc />
    public override Tensor Forward(Tensor x) => x.Hardtanh(Min, Max);

    /// <inheritdoc />
    protected override string ExtraRepr() => $"min={Min}, max={Max}";
}

/// <summary>x·σ(x), also called swish.</summary>
public sealed class Silu : Module
{
    /// <inheritdoc />
    public override Tensor Forward(Tensor x) => x.Silu();
}

/// <summary>Softmax along an axis (the class axis, last by default).</summary>
/// <param name="axis">The axis whose entries sum to one.</param>
public sealed class Softmax(int axis = -1) : Module
{
    /// <summary>The normalized axis.</summary>
    public int Axis { get; } = axis;

    /// <inheritdoc />
    public override Tensor Forward(Tensor x) => x.Softmax(Axis);

    /// <inheritdoc />
    protected override string ExtraRepr() => $"axis={Axis}";
}

/// <summary>Passes its input through unchanged (a placeholder where a layer is optional).</summary>
public sealed class Identity : Module
{
    /// <inheritdoc />
    public override Tensor Forward(Tensor x) => x;
}
