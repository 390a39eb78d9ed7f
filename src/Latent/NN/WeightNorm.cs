using Latent.Tensors;

namespace Latent.NN;

/// <summary>
/// Weight normalization (Salimans &amp; Kingma, 2016): wraps a module and replaces its weight W by g · V / ‖V‖, each
/// output row (axis 0) of V divided by its own L2 norm and scaled by its own learned g, so a row's length and
/// direction are learned separately. Works for weights of any rank (linear [out, in], convolution [out, in, kh, kw]).
/// </summary>
/// <remarks>
/// The wrapped module's parameter "weight" becomes the direction "weight_v" (saved under the child name "module");
/// the lengths g [out] are this wrapper's parameter "weight_g". At construction g = ‖W‖ row by row, so the wrapped
/// module computes at first exactly what it computed before, as PyTorch's <c>weight_norm</c> does. The gradient flows
/// through g and V. Always call the wrapper, not the inner module directly.
/// </remarks>
public sealed class WeightNorm : Module
{
    private readonly string _name;
    private readonly int _rows;
    private readonly int _cols;

    /// <summary>Wraps <paramref name="module"/>.</summary>
    /// <param name="module">A module whose parameter <paramref name="name"/> has at least one axis and which reads it through <c>Get(name)</c>.</param>
    /// <param name="name">The parameter to normalize.</param>
    /// <exception cref="KeyNotFoundException">The module has no such parameter.</exception>
    /// <exception cref="ArgumentException">The parameter is a scalar or has a row of zeros.</exception>
    public WeightNorm(Module module, string name = "weight")
    {
        ArgumentNullException.ThrowIfNull(module);
        var weight = module.GetParameter(name);
        if (weight.Rank == 0)
            throw new ArgumentException($"WeightNorm: parameter '{name}' is a scalar; it needs at least one axis.", nameof(name));
        _rows = weight.Shape[0];
        _cols = weight.Size / _rows;
        Tensor norms;
        using (Autograd.NoGrad()) norms = RowNorms(weight).Detach();
        if (norms.ToArray().Any(n => !(n > 0)))
            throw new ArgumentException($"WeightNorm: parameter '{name}' has a row of zeros (or NaN); its direction is undefined.", nameof(name));
        Module = RegisterModule("module", module);
        _name = name;
        module.Reparametrize(name, name + "_v");
        RegisterParameter(name + "_g", norms);
        module.SetComputed(name, ComputeWeight());
    }

    /// <summary>The wrapped module.</summary>
    public Module Module { get; }

    /// <summary>The directions V, a trainable parameter of the wrapped module.</summary>
    public Tensor Direction => Module.GetParameter(_name + "_v");

    /// <summary>The row lengths g [out], a trainable parameter.</summary>
    public Tensor Length => GetParameter(_name + "_g");

    /// <inheritdoc />
    public override Tensor Forward(Tensor x)
    {
        Module.SetComputed(_name, ComputeWeight());
        return Module.Call(x);
    }

    /// <summary>g · V / ‖V‖ row by row; differentiable with respect to g and V.</summary>
    public Tensor ComputeWeight()
    {
        var v = Direction;
        var scale = (Length / RowNorms(v)).Reshape([_rows, .. Enumerable.Repeat(1, v.Rank - 1)]);
        return v * scale;
    }

    private Tensor RowNorms(Tensor w) => w.Reshape(_rows, _cols).Square().Sum([1]).Sqrt();

    /// <inheritdoc />
    protected override string ExtraRepr() => $"name={_name}";
}
