using Latent.Tensors;

namespace Latent.NN;

/// <summary>
/// Spectral normalization (Miyato et al., 2018): wraps a module and replaces its weight W by W/σ(W), with σ the
/// largest singular value of W viewed as [out, rest], estimated by power iteration. Works for weights of any rank
/// (linear [out, in], convolution [out, in, kh, kw]).
/// </summary>
/// <remarks>
/// The wrapped module's parameter "weight" becomes "weight_orig", and buffers "weight_u" [out] and "weight_v" [rest]
/// hold the singular-vector estimates, all saved in the state dict under the child name "module". Each forward in
/// training mode runs the power iteration (u and v updated in place, without gradient), then computes
/// σ = uᵀ W v with u and v treated as constants, like PyTorch, so the gradient flows through W only. In evaluation
/// mode the stored u and v are used unchanged. At construction 15 iterations run so that σ is accurate from the start.
/// Always call the wrapper, not the inner module directly.
/// </remarks>
public sealed class SpectralNorm : Module
{
    private const int InitialIterations = 15;
    private readonly string _name;
    private readonly int _rows;
    private readonly int _cols;

    /// <summary>Wraps <paramref name="module"/>.</summary>
    /// <param name="module">A module whose parameter <paramref name="name"/> has at least one axis and which reads it through <c>Get(name)</c>.</param>
    /// <param name="gen">Random source for the initial u and v.</param>
    /// <param name="name">The parameter to normalize.</param>
    /// <param name="powerIterations">Power-iteration steps per training forward.</param>
    /// <param name="eps">Lower bound on the norms when normalizing u and v.</param>
    /// <exception cref="KeyNotFoundException">The module has no such parameter.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="powerIterations"/> is not positive.</exception>
    public SpectralNorm(Module module, Generator gen, string name = "weight", int powerIterations = 1, float eps = 1e-12f)
    {
        if (powerIterations <= 0)
            throw new ArgumentOutOfRangeException(nameof(powerIterations), $"SpectralNorm: powerIterations must be positive, got {powerIterations}.");
        Module = RegisterModule("module", module);
        _name = name;
        PowerIterations = powerIterations;
        Eps = eps;
        var weight = module.Reparametrize(name, name + "_orig");
        if (weight.Rank == 0)
            throw new ArgumentException($"SpectralNorm: parameter '{name}' is a scalar; it needs at least one axis.", nameof(name));
        _rows = weight.Shape[0];
        _cols = weight.Size / _rows;
        module.AddBuffer(name + "_u", Normalized(Tensor.Randn([_rows], gen)));
        module.AddBuffer(name + "_v", Normalized(Tensor.Randn([_cols], gen)));
        PowerIterate(InitialIterations);
        module.SetComputed(name, ComputeWeight());
    }

    /// <summary>The wrapped module.</summary>
    public Module Module { get; }

    /// <summary>Power-iteration steps per training forward.</summary>
    public int PowerIterations { get; }

    /// <summary>Lower bound on the norms when normalizing u and v.</summary>
    public float Eps { get; }

    /// <summary>The unnormalized weight, a trainable parameter.</summary>
    public Tensor WeightOrig => Module.GetParameter(_name + "_orig");

    /// <summary>The current estimate of σ(W) = uᵀ W v (no gradient).</summary>
    public float Sigma
    {
        get
        {
            using var _ = Autograd.NoGrad();
            return SigmaOf(WeightOrig).Item();
        }
    }

    /// <inheritdoc />
    public override Tensor Forward(Tensor x)
    {
        if (IsTraining) PowerIterate(PowerIterations);
        Module.SetComputed(_name, ComputeWeight());
        return Module.Call(x);
    }

    /// <summary>W/σ(W) with the current u and v; differentiable with respect to W.</summary>
    public Tensor ComputeWeight()
    {
        var w = WeightOrig;
        return w / SigmaOf(w);
    }

    private Tensor SigmaOf(Tensor w)
    {
        var u = Module.GetBuffer(_name + "_u");
        var v = Module.GetBuffer(_name + "_v");
        return w.Reshape(_rows, _cols).MatMul(v.Reshape(_cols, 1)).Reshape(_rows).Mul(u).Sum();
    }

    /// <summary>Runs <paramref name="steps"/> power-iteration steps, updating u and v in place.</summary>
    private void PowerIterate(int steps)
    {
        using var _ = Autograd.NoGrad();
        var w = WeightOrig.Detach().Reshape(_rows, _cols);
        var u = Module.GetBuffer(_name + "_u");
        var v = Module.GetBuffer(_name + "_v");
        for (int i = 0; i < steps; i++)
        {
            v.CopyFrom(Normalized(w.MatMul(u.Reshape(_rows, 1), transA: true).Reshape(_cols)));
            u.CopyFrom(Normalized(w.MatMul(v.Reshape(_cols, 1)).Reshape(_rows)));
        }
    }

    private Tensor Normalized(Tensor vector) => vector / MathF.Max(vector.Norm().Item(), Eps);

    /// <inheritdoc />
    protected override string ExtraRepr() => $"name={_name}, powerIterations={PowerIterations}";
}
