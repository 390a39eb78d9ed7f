namespace Latent.Tensors;

public sealed partial class Tensor
{
    /// <summary>
    /// Back-propagates from this tensor and accumulates gradients into <see cref="Grad"/> of every leaf that requires them.
    /// </summary>
    /// <param name="gradient">Gradient of some scalar with respect to this tensor; null means 1 (one-element tensors only).</param>
    /// <param name="retainGraph">Keep the graph so that another backward pass can run through it.</param>
    /// <param name="createGraph">Record the backward computation so that the accumulated gradients are differentiable.</param>
    /// <param name="inputs">
    /// Accumulate only into these leaves (null: every leaf that requires gradients). Work that leads only to other leaves
    /// is skipped, e.g. a GAN generator step leaves the discriminator's weight gradients uncomputed.
    /// </param>
    /// <exception cref="InvalidOperationException">The tensor has no graph, is not scalar and no gradient was given, or the graph was released.</exception>
    /// <exception cref="ArgumentException">An input is not a leaf that requires gradients.</exception>
    public void Backward(Tensor? gradient = null, bool retainGraph = false, bool createGraph = false, IEnumerable<Tensor>? inputs = null)
        => Autograd.Backward(this, gradient, retainGraph || createGraph, createGraph, inputs);

    /// <summary>True when an op on these inputs must record a backward rule.</summary>
    internal static bool ShouldRecord(Tensor a) => a._requiresGrad && GradMode.IsEnabled;

    internal static bool ShouldRecord(Tensor a, Tensor b) => (a._requiresGrad || b._requiresGrad) && GradMode.IsEnabled;

    internal static bool ShouldRecord(Tensor[] inputs)
    {
        if (!GradMode.IsEnabled) return false;
        foreach (var t in inputs) if (t._requiresGrad) return true;
        return false;
    }

    /// <summary>Attaches a backward rule to <paramref name="output"/> when any input requires gradients.</summary>
    internal static Tensor Record(Tensor output, string name, Tensor[] inputs, BackwardFn backward, bool supportsDoubleBackward = true)
    {
        if (!ShouldRecord(inputs)) return output;
        output.GradFn = new Node(name, inputs, backward, supportsDoubleBackward);
        output._requiresGrad = true;
        return output;
    }

    internal static Tensor Record(Tensor output, string name, Tensor input, Func<Tensor, Tensor> backward, bool supportsDoubleBackward = true)
    {
        if (!ShouldRecord(input)) return output;
        output.GradFn = new Node(name, [input], (g, _) => [backward(g)], supportsDoubleBackward);
        output._requiresGrad = true;
        return output;
    }

    /// <summary>
    /// Wraps a gradient computed by a backward that is not itself differentiable: using it in another backward pass
    /// throws <see cref="NotSupportedException"/> instead of silently returning zeros.
    /// </summary>
    internal static Tensor MarkNotTwiceDifferentiable(Tensor grad, Node node)
    {
        var inputs = node.Inputs.Where(t => t.RequiresGrad).ToArray();
        if (inputs.Length == 0) return grad;
        var wrapped = new Tensor(grad.Storage, grad.Shape)
        {
            GradFn = new Node(node.Name + "Backward", inputs, (_, _) => throw new NotSupportedException(
                $"'{node.Name}' does not support double backward: its gradient cannot be differentiated again."), true),
            _requiresGrad = true,
        };
        return wrapped;
    }
}
