using Latent.Tensors;

namespace Latent.NN;

/// <summary>A residual connection y = x + body(x) (He et al., 2016); the body must preserve the shape.</summary>
public class Residual : Module
{
    /// <summary>Wraps <paramref name="body"/>, registered as the child "body".</summary>
    public Residual(Module body) => Body = RegisterModule("body", body);

    /// <summary>The residual branch.</summary>
    public Module Body { get; }

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">The body changed the shape of its input.</exception>
    public override Tensor Forward(Tensor x)
    {
        var r = Body.Call(x);
        if (!r.Shape.AsSpan().SequenceEqual(x.Shape))
            throw new InvalidOperationException(
                $"{GetType().Name}: the body maps {ShapeUtil.Format(x.Shape)} to {ShapeUtil.Format(r.Shape)}; a residual branch must keep the shape.");
        return x + r;
    }
}

/// <summary>
/// The fully connected residual block x + W₂·act(W₁·x + b₁) + b₂, with parameters named body.0.* and body.2.*.
/// </summary>
public sealed class ResidualMlpBlock : Residual
{
    /// <summary>Creates the block.</summary>
    /// <param name="features">Input and output size.</param>
    /// <param name="hiddenFeatures">Size of the hidden layer.</param>
    /// <param name="gen">Random source for the initial weights.</param>
    /// <param name="activation">The nonlinearity between the two layers (ReLU when null).</param>
    public ResidualMlpBlock(int features, int hiddenFeatures, Generator gen, Module? activation = null)
        : base(new Sequential(new Linear(features, hiddenFeatures, gen), activation ?? new Relu(), new Linear(hiddenFeatures, features, gen)))
    {
        Features = features;
        HiddenFeatures = hiddenFeatures;
    }

    /// <summary>Input and output size.</summary>
    public int Features { get; }

    /// <summary>Size of the hidden layer.</summary>
    public int HiddenFeatures { get; }

    /// <inheritdoc />
    protected override string ExtraRepr() => $"features={Features}, hidden={HiddenFeatures}";
}
