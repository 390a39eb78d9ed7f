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

    /// <summary>The objective on a training batch: the scalar to minimize and the terms to report beside it.</summary>
    protected abstract LossTerms ComputeLoss(Batch batch);

    /// <inheritdoc />
    /// <returns>"loss" (the total) first, then the named terms, then "grad_norm" when <see cref="MaxGradNorm"/> is set.</returns>
    public sealed override IReadOnlyDictionary<string, double> TrainStep(Batch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        _optimizer.ZeroGrad();
        var terms = ComputeLoss(batch);
        terms.Total.Backward();
        double gradNorm = MaxGradNorm > 0 ? Clipping.ClipGradNorm(_parameters, MaxGradNorm) : double.NaN;
        _optimizer.Step();
        var metrics = new Dictionary<string, double> { ["loss"] = terms.Total.Item() };
        foreach (var (name, value) in terms.Reported) metrics[name] = value.Item();
        if (MaxGradNorm > 0) metrics["grad_norm"] = gradNorm;
        return metrics;
    }
}

/// <summary>A loss and the named scalar terms reported with it.</summary>
/// <param name="Total">The scalar that is minimized.</param>
/// <param name="Reported">Scalars reported beside it, in order (not differentiated).</param>
public sealed record LossTerms(Tensor Total, IReadOnlyList<(string Name, Tensor Value)> Reported);
