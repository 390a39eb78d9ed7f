using Latent.Optim;
using Latent.Tensors;

namespace Latent.Models.Style;

/// <summary>
/// Minimises a loss of an image over its pixels with L-BFGS or Adam, keeping the pixels in [0, 1] (clamped after each
/// step), within a budget of loss evaluations. Records the loss terms of every evaluation.
/// </summary>
public static class PixelOptimizer
{
    /// <summary>A loss of an image with its graph, and its named terms for the record.</summary>
    public delegate (Tensor Loss, IReadOnlyDictionary<string, double> Terms) Objective(Tensor image);

    /// <summary>Optimises a copy of <paramref name="start"/>; returns the final image and the terms of each evaluation.</summary>
    /// <param name="start">The starting image [1, C, H, W] in [0, 1] (not modified).</param>
    /// <param name="objective">The loss to minimise.</param>
    /// <param name="kind">L-BFGS or Adam.</param>
    /// <param name="evaluations">The budget of objective evaluations (each one forward and backward pass; L-BFGS finishes its current step).</param>
    /// <param name="learningRate">Adam's step size (unused by L-BFGS).</param>
    /// <param name="progress">Called after each evaluation with its index and terms (may be null).</param>
    /// <param name="cancel">Stops between evaluations.</param>
    /// <exception cref="ArgumentException"><paramref name="evaluations"/> is not positive.</exception>
    /// <exception cref="InvalidOperationException">The loss became NaN or infinite.</exception>
    public static (Tensor Image, List<IReadOnlyDictionary<string, double>> History) Minimize(Tensor start, Objective objective, ImageOptimizerKind kind,
        int evaluations, double learningRate = 0.02, Action<int, IReadOnlyDictionary<string, double>>? progress = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(start);
        ArgumentNullException.ThrowIfNull(objective);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(evaluations);
        var image = start.Detach().Clone().RequireGrad();
        var history = new List<IReadOnlyDictionary<string, double>>();
        Tensor Evaluate()
        {
            image.Grad = null;
            var (loss, terms) = objective(image);
            if (!double.IsFinite(terms["loss"])) throw new InvalidOperationException($"the image loss became {terms["loss"]} after {history.Count} evaluations; lower the weights or the learning rate.");
            loss.Backward();
            history.Add(terms);
            progress?.Invoke(history.Count, terms);
            return loss;
        }
        if (kind == ImageOptimizerKind.Adam)
        {
            var adam = new Adam([image], learningRate);
            for (int i = 0; i < evaluations && !cancel.IsCancellationRequested; i++)
            {
                Evaluate();
                adam.Step();
                Clamp(image);
            }
        }
        else
        {
            // One optimiser keeps its curvature history across steps; each step runs up to 10 iterations, then the
            // pixels are clamped (so the budget may be overshot by the evaluations of one step).
            var lbfgs = new Lbfgs([image], lr: 1, maxIter: 10, maxEval: 14, historySize: 20);
            while (history.Count < evaluations && !cancel.IsCancellationRequested)
            {
                int before = history.Count;
                lbfgs.Step(Evaluate);
                Clamp(image);
                if (history.Count == before) break;
            }
        }
        return (image.Detach(), history);
    }

    /// <summary>Clamps the pixels to [0, 1] in place.</summary>
    public static void Clamp(Tensor image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var data = image.Data;
        for (int i = 0; i < data.Length; i++) data[i] = Math.Clamp(data[i], 0f, 1f);
    }
}
