using Latent.Data;
using Latent.NN;
using Latent.Optim;
using Latent.Tensors;
using Latent.Training;

namespace Latent.Models.Common;

/// <summary>
/// The template for the many models that are "networks + one Adam + a loss with named terms": a subclass gives its
/// networks and <see cref="ComputeLoss"/>, and the training step (zero gradients, backward, step, report the terms)
/// is this one. Models with their own step (GANs, stacked autoencoders, closed-form layers, EM) derive from
/// <see cref="TrainableModel"/> directly.
/// </summary>
public abstract class OneLossModel : TrainableModel
{
    private readonly Adam _optimizer;
    private readonly Tensor[] _parameters;

    /// <summary>Creates the model; one Adam optimizes the parameters of every module, in the order given.</summary>
    /// <param name="modules">The named networks (checkpointed under these names).</param>
    /// <param name="learningRate">Adam's learning rate.</param>
    /// <param name="rng">The model's random stream.</param>
    protected OneLossModel(IReadOnlyDictionary<string, Module> modules, double learningRate, Generator rng) : base(rng)
    {
        ArgumentNullException.ThrowIfNull(modules);
        Modules = modules;
        _parameters = [.. modules.Values.SelectMany(m => m.Parameters())];
        _optimizer = new Adam(_parameters, learningRate);
        Optimizers = new Dictionary<string, Optimizer> { ["adam"] = _optimizer };
    }

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, Module> Modules { get; }

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, Optimizer> Optimizers { get; }

    /// <summary>
    /// When positive, the gradient's total L2 norm is clipped to this before every step (a rare batch then cannot throw
    /// the parameters far), and the norm before clipping is reported as "grad_norm"; 0 (the default) leaves it alone.
    /// </summary>
    public double MaxGradNorm
    {
        get => _maxGradNorm;
        init => _maxGradNorm = value >= 0 && double.IsFinite(value) ? value
            : throw new ArgumentOutOfRangeException(nameof(MaxGradNorm), $"the gradient-norm limit must be a finite non-negative number, got {value}.");
    }

    private readonly double _maxGradNorm;

    /// <summary>
    /// With <c>Share</c> &gt; 0, the learning rate falls linearly to 0 over the last <c>Share</c> of
    /// <c>TotalSteps</c> updates (counted by the optimizer, so a resumed run continues the schedule) and is reported as
    /// "lr"; null (the default) keeps it constant.
    /// </summary>
    public (long TotalSteps, double Share)? LearningRateDecay
    {
        get => _decay;
        init => _decay = value is not { } d || (d.TotalSteps > 0 && d.Share is >= 0 and <= 1) ? value
            : throw new ArgumentOutOfRangeException(nameof(LearningRateDecay), $"the decay needs a positive step count and a share in [0, 1], got {d.TotalSteps} and {d.Share}.");
    }

    private readonly (long TotalSteps, double Share)? _decay;

    /// <summary>The learning rate of the update after <paramref name="updates"/> earlier ones under <see cref="LearningRateDecay"/>.</summary>
    public double LearningRateAt(long updates)
    {
        double initial = _optimizer.Defaults["lr"];
        if (_decay is not { Share: > 0 } d) return initial;
        double remaining = (d.TotalSteps - updates) / (d.Share * d.TotalSteps);
        return initial * Math.Clamp(remaining, 0, 1);
    }

    /// <summary>The objective on a training batch: the scalar to minimize and the terms to report beside it.</summary>
    protected abstract LossTerms ComputeLoss(Batch batch);

    /// <inheritdoc />
    /// <returns>"loss" (the total) first, then the named terms, then "grad_norm" when <see cref="MaxGradNorm"/> is set and "lr" under a <see cref="LearningRateDecay"/>.</returns>
    public sealed override IReadOnlyDictionary<string, double> TrainStep(Batch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        _optimizer.ZeroGrad();
        var terms = ComputeLoss(batch);
        terms.Total.Backward();
        double gradNorm = MaxGradNorm > 0 ? Clipping.ClipGradNorm(_parameters, MaxGradNorm) : double.NaN;
        double lr = double.NaN;
        if (_decay is { Share: > 0 })
        {
            long updates = _parameters.Length > 0 && _optimizer.TryGetState(_parameters[0], out var state) ? state.Step : 0;
            lr = LearningRateAt(updates);
            foreach (var group in _optimizer.ParamGroups) group.Lr = lr;
        }
        _optimizer.Step();
        var metrics = new Dictionary<string, double> { ["loss"] = terms.Total.Item() };
        foreach (var (name, value) in terms.Reported) metrics[name] = value.Item();
        if (MaxGradNorm > 0) metrics["grad_norm"] = gradNorm;
        if (!double.IsNaN(lr)) metrics["lr"] = lr;
        return metrics;
    }
}

/// <summary>A loss and the named scalar terms reported with it.</summary>
/// <param name="Total">The scalar that is minimized.</param>
/// <param name="Reported">Scalars reported beside it, in order (not differentiated).</param>
public sealed record LossTerms(Tensor Total, IReadOnlyList<(string Name, Tensor Value)> Reported);
