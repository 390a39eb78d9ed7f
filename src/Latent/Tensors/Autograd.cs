namespace Latent.Tensors;

/// <summary>Reverse-mode differentiation over the graph that ops record.</summary>
public static class Autograd
{
    /// <summary>
    /// A scope in which ops record nothing: <c>using (Autograd.NoGrad()) { … }</c>.
    /// </summary>
    public static GradMode.GradModeScope NoGrad() => GradMode.Set(false);

    /// <summary>A scope in which ops record the graph even inside an enclosing <see cref="NoGrad"/>.</summary>
    public static GradMode.GradModeScope EnableGrad() => GradMode.Set(true);

    /// <summary>
    /// The gradients of <paramref name="outputs"/> with respect to <paramref name="inputs"/>, without touching any
    /// <see cref="Tensor.Grad"/>.
    /// </summary>
    /// <param name="outputs">Tensors to differentiate.</param>
    /// <param name="inputs">Tensors to differentiate with respect to; they must require gradients.</param>
    /// <param name="gradOutputs">Vector for the vector-Jacobian product, one per output; null means ones (only for one-element outputs).</param>
    /// <param name="createGraph">Record the backward computation so that the returned gradients can be differentiated again.</param>
    /// <param name="retainGraph">Keep the graph for another backward pass; defaults to <paramref name="createGraph"/>.</param>
    /// <param name="allowUnused">Return null for inputs the outputs do not depend on instead of throwing.</param>
    /// <returns>One gradient per input, shaped like the input (null only when <paramref name="allowUnused"/>).</returns>
    /// <exception cref="InvalidOperationException">An input is unused and <paramref name="allowUnused"/> is false, or the graph was released.</exception>
    public static Tensor?[] Grad(Tensor[] outputs, Tensor[] inputs, Tensor?[]? gradOutputs = null,
        bool createGraph = false, bool? retainGraph = null, bool allowUnused = false)
    {
        foreach (var input in inputs)
            if (!input.RequiresGrad)
                throw new ArgumentException($"Autograd.Grad: input {Describe(input)} does not require gradients.");
        var targets = new HashSet<Tensor>(inputs, ReferenceEqualityComparer.Instance);
        var grads = Run(outputs, gradOutputs, createGraph, retainGraph ?? createGraph, targets, accumulateLeaves: false);
        var result = new Tensor?[inputs.Length];
        for (int i = 0; i < inputs.Length; i++)
        {
            if (grads.TryGetValue(inputs[i], out var g)) result[i] = g;
            else if (!allowUnused)
                throw new InvalidOperationException(
                    $"Autograd.Grad: input {i} {Describe(inputs[i])} is not used to compute the outputs; pass allowUnused: true to get null.");
        }
        return result;
    }

    /// <summary>Single-output, single-input convenience form of <see cref="Grad(Tensor[], Tensor[], Tensor?[], bool, bool?, bool)"/>.</summary>
    public static Tensor Grad(Tensor output, Tensor input, Tensor? gradOutput = null, bool createGraph = false, bool? retainGraph = null)
        => Grad([output], [input], [gradOutput], createGraph, retainGraph)[0]!;

    internal static void Backward(Tensor root, Tensor? gradOutput, bool retainGraph, bool createGraph, IEnumerable<Tensor>? inputs)
    {
        if (!root.RequiresGrad)
            throw new InvalidOperationException($"Backward: {Describe(root)} does not require gradients and has no graph.");
        HashSet<Tensor>? targets = null;
        if (inputs != null)
        {
            targets = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
            foreach (var t in inputs)
            {
                ArgumentNullException.ThrowIfNull(t, nameof(inputs));
                if (t.GradFn != null || !t.RequiresGrad)
                    throw new ArgumentException($"Backward: inputs must be leaf tensors that require gradients; {Describe(t)} is not.", nameof(inputs));
                targets.Add(t);
            }
        }
        Run([root], [gradOutput], createGraph, retainGraph, targets, accumulateLeaves: true);
    }

    private static Dictionary<Tensor, Tensor> Run(Tensor[] roots, Tensor?[]? rootGrads, bool createGraph, bool retainGraph,
        HashSet<Tensor>? targets, bool accumulateLeaves)
    {
        if (rootGrads != null && rootGrads.Length != roots.Length)
            throw new ArgumentException($"Autograd: {roots.Length} outputs but {rootGrads.Length} output gradients.");
        var order = TopologicalOrder(roots);
        // Without targets every tensor in the order requires gradients and all of them are needed; with targets only
        // those on a path to one.
        HashSet<Tensor>? neededSet = null;
        if (targets != null)
        {
            neededSet = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
            foreach (var t in order)
            {
                bool need = targets.Contains(t);
                if (!need && t.GradFn != null)
                    foreach (var input in t.GradFn.Inputs)
                        if (neededSet.Contains(input)) { need = true; break; }
                if (need) neededSet.Add(t);
            }
        }
        bool Needed(Tensor t) => neededSet?.Contains(t) ?? t.RequiresGrad;

        var grads = new Dictionary<Tensor, Tensor>(ReferenceEqualityComparer.Instance);
        using var mode = GradMode.Set(createGraph);
        for (int i = 0; i < roots.Length; i++)
        {
            var root = roots[i];
            if (!root.RequiresGrad)
                throw new InvalidOperationException($"Autograd: output {i} {Describe(root)} does not require gradients.");
            var g = rootGrads?[i];
            if (g == null)
            {
                if (root.Size != 1)
                    throw new InvalidOperationException(
                        $"Autograd: output {i} has shape {ShapeUtil.Format(root.Shape)}; pass a gradient for non-scalar outputs.");
                g = Tensor.OnesLike(root);
            }
            else if (!ShapeUtil.SameShape(g.Shape, root.Shape))
                throw new ArgumentException($"Autograd: gradient of shape {ShapeUtil.Format(g.Shape)} given for output of shape {ShapeUtil.Format(root.Shape)}.");
            Accumulate(grads, root, g);
        }

        var results = new Dictionary<Tensor, Tensor>(ReferenceEqualityComparer.Instance);
        var visited = new List<Node>();
        for (int k = order.Count - 1; k >= 0; k--)
        {
            var t = order[k];
            if (!Needed(t) || !grads.TryGetValue(t, out var g)) continue;
            if (targets != null && targets.Contains(t)) results[t] = g;
            var node = t.GradFn;
            if (node == null)
            {
                if (accumulateLeaves)
                {
                    var stored = createGraph ? g : g.Detach();
                    t.Grad = t.Grad == null ? stored : (t.Grad + stored);
                }
                continue;
            }
            var backward = node.Backward!; // TopologicalOrder has already rejected released nodes
            var needs = new bool[node.Inputs.Length];
            bool any = false;
            for (int i = 0; i < needs.Length; i++) any |= needs[i] = Needed(node.Inputs[i]);
            if (!any) continue;
            var inputGrads = backward(g, needs);
            for (int i = 0; i < needs.Length; i++)
            {
                if (!needs[i] || inputGrads[i] is not { } ig) continue;
                if (createGraph && !node.SupportsDoubleBackward) ig = Tensor.MarkNotTwiceDifferentiable(ig, node);
                Accumulate(grads, node.Inputs[i], ig);
            }
            visited.Add(node);
            grads.Remove(t);
        }
        if (!retainGraph)
            foreach (var node in visited) node.Release();
        return results;
    }

    private static void Accumulate(Dictionary<Tensor, Tensor> grads, Tensor t, Tensor g)
    {
        if (!ShapeUtil.SameShape(g.Shape, t.Shape))
            throw new InvalidOperationException(
                $"Autograd: backward produced a gradient of shape {ShapeUtil.Format(g.Shape)} for a tensor of shape {ShapeUtil.Format(t.Shape)} ({t.GradFn?.Name ?? "leaf"}).");
        grads[t] = grads.TryGetValue(t, out var existing) ? existing + g : g;
    }

    /// <summary>Tensors reachable from the roots through recorded ops, inputs before the tensors computed from them.</summary>
    private static List<Tensor> TopologicalOrder(Tensor[] roots)
    {
        var order = new List<Tensor>();
        var seen = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
        var stack = new Stack<(Tensor T, int Next)>();
        foreach (var root in roots)
        {
            if (!root.RequiresGrad || !seen.Add(root)) continue;
            stack.Push((root, 0));
            while (stack.Count > 0)
            {
                var (t, next) = stack.Pop();
                var inputs = t.GradFn?.Inputs ?? [];
                if (t.GradFn is { Released: true })
                    throw new InvalidOperationException(
                        $"Autograd: the graph through '{t.GradFn.Name}' was already released by an earlier backward pass; " +
                        "pass retainGraph: true to the first backward to differentiate through it twice.");
                if (next < inputs.Length)
                {
                    stack.Push((t, next + 1));
                    var child = inputs[next];
                    if (child.RequiresGrad && seen.Add(child)) stack.Push((child, 0));
                }
                else order.Add(t);
            }
        }
        return order;
    }

    private static string Describe(Tensor t)
        => $"{(t.Name != null ? $"'{t.Name}' " : "")}of shape {ShapeUtil.Format(t.Shape)}";
}
