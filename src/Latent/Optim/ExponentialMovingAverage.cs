using Latent.Tensors;

namespace Latent.Optim;

/// <summary>
/// An exponential moving average of parameters, <c>shadow ← decay·shadow + (1 − decay)·p</c>, for evaluating or
/// sampling with smoothed weights (common for GAN generators and diffusion models).
/// </summary>
/// <remarks>
/// <code>
/// var ema = new ExponentialMovingAverage(model.Parameters(), decay: 0.999);
/// // after each optimizer step:
/// ema.Update();
/// // evaluation with the averaged weights:
/// ema.Store(); ema.CopyTo(); Evaluate(); ema.Restore();
/// </code>
/// With <c>warmup</c> the decay used at update n is <c>min(decay, (1 + n)/(10 + n))</c>, so that early averages are not
/// dominated by the random initialization.
/// </remarks>
public sealed class ExponentialMovingAverage
{
    private readonly Tensor[] _params;
    private readonly Tensor[] _shadow;
    private Tensor[]? _backup;

    /// <summary>Starts the average at the current values of <paramref name="parameters"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="decay"/> is outside [0, 1].</exception>
    public ExponentialMovingAverage(IEnumerable<Tensor> parameters, double decay, bool warmup = false)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (!(decay >= 0 && decay <= 1)) throw new ArgumentException($"ExponentialMovingAverage: decay must be in [0, 1], got {decay}.", nameof(decay));
        _params = parameters.ToArray();
        _shadow = _params.Select(p => p.Clone()).ToArray();
        Decay = decay;
        Warmup = warmup;
    }

    /// <summary>The decay rate.</summary>
    public double Decay { get; }

    /// <summary>Whether the decay ramps up as <c>(1 + n)/(10 + n)</c>.</summary>
    public bool Warmup { get; }

    /// <summary>How many updates have been applied.</summary>
    public long NumUpdates { get; private set; }

    /// <summary>The averaged values, one per parameter, in order.</summary>
    public IReadOnlyList<Tensor> Shadow => _shadow;

    /// <summary>Folds the current values of the parameters (the tracked ones when null) into the average.</summary>
    /// <exception cref="ArgumentException">The parameters differ in number or shape from the tracked ones.</exception>
    public void Update(IEnumerable<Tensor>? parameters = null)
    {
        var ps = Check(parameters, nameof(Update));
        double decay = Warmup ? Math.Min(Decay, (1.0 + NumUpdates) / (10.0 + NumUpdates)) : Decay;
        NumUpdates++;
        float d = (float)decay, keep = (float)(1 - decay);
        for (int k = 0; k < ps.Length; k++)
        {
            var s = _shadow[k].Data;
            var p = ps[k].Data;
            for (int i = 0; i < s.Length; i++) s[i] = d * s[i] + keep * p[i];
        }
    }

    /// <summary>Copies the averaged values into the parameters (the tracked ones when null).</summary>
    public void CopyTo(IEnumerable<Tensor>? parameters = null)
    {
        var ps = Check(parameters, nameof(CopyTo));
        for (int k = 0; k < ps.Length; k++) ps[k].CopyFrom(_shadow[k]);
    }

    /// <summary>Saves the current parameter values so that <see cref="Restore"/> can put them back after evaluating with <see cref="CopyTo"/>.</summary>
    public void Store(IEnumerable<Tensor>? parameters = null) => _backup = Check(parameters, nameof(Store)).Select(p => p.Clone()).ToArray();

    /// <summary>Puts back the values saved by <see cref="Store"/>.</summary>
    /// <exception cref="InvalidOperationException"><see cref="Store"/> was not called.</exception>
    public void Restore(IEnumerable<Tensor>? parameters = null)
    {
        var backup = _backup ?? throw new InvalidOperationException("ExponentialMovingAverage.Restore: call Store() first.");
        var ps = Check(parameters, nameof(Restore));
        for (int k = 0; k < ps.Length; k++) ps[k].CopyFrom(backup[k]);
        _backup = null;
    }

    /// <summary>The averaged values as tensors <c>shadow.{index}</c> and the update count in JSON.</summary>
    public OptimizerState StateDict()
    {
        var state = new OptimizerState();
        for (int k = 0; k < _shadow.Length; k++) state.Tensors[$"shadow.{k}"] = _shadow[k].Clone();
        state.Json["type"] = nameof(ExponentialMovingAverage);
        state.Json["decay"] = Decay;
        state.Json["num_updates"] = NumUpdates;
        return state;
    }

    /// <summary>Restores a state saved by <see cref="StateDict"/>.</summary>
    /// <exception cref="InvalidDataException">The state is of another type or its tensors do not match the parameters.</exception>
    public void LoadStateDict(OptimizerState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        state.CheckType(nameof(ExponentialMovingAverage));
        var tensors = new Tensor[_shadow.Length];
        for (int k = 0; k < tensors.Length; k++)
        {
            tensors[k] = state.GetTensor($"shadow.{k}");
            if (!tensors[k].Shape.SequenceEqual(_shadow[k].Shape))
                throw new InvalidDataException($"ExponentialMovingAverage: 'shadow.{k}' has shape [{string.Join(", ", tensors[k].Shape)}], " +
                    $"parameter is [{string.Join(", ", _shadow[k].Shape)}].");
        }
        long n = OptimizerState.Integer(state.Json, "num_updates");
        for (int k = 0; k < tensors.Length; k++) _shadow[k].CopyFrom(tensors[k]);
        NumUpdates = n;
    }

    private Tensor[] Check(IEnumerable<Tensor>? parameters, string op)
    {
        var ps = parameters?.ToArray() ?? _params;
        if (ps.Length != _params.Length)
            throw new ArgumentException($"ExponentialMovingAverage.{op}: got {ps.Length} parameters, tracking {_params.Length}.");
        for (int k = 0; k < ps.Length; k++)
            if (!ps[k].Shape.SequenceEqual(_shadow[k].Shape))
                throw new ArgumentException($"ExponentialMovingAverage.{op}: parameter {k} has shape [{string.Join(", ", ps[k].Shape)}], " +
                    $"expected [{string.Join(", ", _shadow[k].Shape)}].");
        return ps;
    }
}
