using Latent.Tensors;

namespace Latent.Optim;

/// <summary>
/// Damped Newton's method for small parameter counts: the Hessian comes from autograd (one Hessian-vector product per
/// parameter element), the Newton system <c>(H + λI)·d = −g</c> is solved by Cholesky in double, and a halving line
/// search guards against overshooting.
/// </summary>
/// <remarks>
/// As in the lecture: the step follows the vertex of the local quadratic model; if the loss does not decrease the step
/// is halved (up to <c>max_halvings</c> times), and if that fails it switches to a gradient-descent step with the same
/// halving; if that fails too the parameters stay where they are (a local minimum to float precision). When
/// <c>H + λI</c> is not positive definite (a saddle or maximum) the damping is raised until it is, so the step always
/// goes downhill. Unlike the first-order closures, the closure must return the scalar loss <b>without</b> calling
/// <c>Backward</c>, since the optimizer differentiates it twice:
/// <code>
/// var opt = new Newton([w]);
/// for (int i = 0; i &lt; 10; i++) opt.Step(() => Loss(w));
/// </code>
/// Hyper-parameters: <c>lr</c> (first trial step, 1 = full Newton step), <c>damping</c> (λ), <c>max_halvings</c>.
/// Cost: n backward passes and an n×n matrix per step, for n parameter elements.
/// </remarks>
public sealed class Newton : DampedNewtonOptimizer
{
    /// <summary>Creates Newton's method over <paramref name="parameters"/>.</summary>
    /// <param name="parameters">The tensors to optimize (a few hundred elements at most).</param>
    /// <param name="lr">First trial step length; 1 takes the full Newton step.</param>
    /// <param name="damping">λ added to the Hessian's diagonal.</param>
    /// <param name="maxHalvings">How many times the line search halves the step before giving up on a direction.</param>
    /// <exception cref="ArgumentException">A hyper-parameter is out of range.</exception>
    public Newton(IEnumerable<Tensor> parameters, double lr = 1, double damping = 0, int maxHalvings = 20)
        : base(parameters, lr, damping, maxHalvings, "newton")
    { }

    /// <summary>Whether the last step moved along the gradient because the Newton step did not reduce the loss.</summary>
    public bool LastStepFellBackToGradient { get; private set; }

    /// <summary>Performs one Newton iteration. The closure returns the scalar loss and must not call <c>Backward</c>.</summary>
    /// <returns>The loss at the starting point.</returns>
    /// <exception cref="InvalidOperationException">The closure did not return a scalar with an intact graph.</exception>
    public override Tensor Step(Func<Tensor> closure)
    {
        ArgumentNullException.ThrowIfNull(closure);
        var (loss, f0) = EvaluateLoss(closure);
        if (!loss.RequiresGrad)
            throw new InvalidOperationException($"{Name}: the loss does not depend on the parameters (no autograd graph).");
        double[] g;
        double[,] h;
        try
        {
            (g, h) = AutogradMatrices.GradientAndHessian(loss, Params);
        }
        catch (InvalidOperationException e) when (e.Message.Contains("released", StringComparison.Ordinal))
        {
            throw new InvalidOperationException(
                $"{Name}: the loss graph was already released; the closure must return the loss without calling Backward().", e);
        }
        LastStepFellBackToGradient = false; // stays false when the solve throws
        LastStepFellBackToGradient = DampedStep(h, g, f0, () => LossValueNoGrad(closure));
        return loss;
    }
}
