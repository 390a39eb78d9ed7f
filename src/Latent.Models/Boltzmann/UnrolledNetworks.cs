using Latent.NN;
using Latent.Tensors;

namespace Latent.Models.Boltzmann;

/// <summary>
/// Feed-forward networks initialised from a greedily trained stack of RBMs (Hinton &amp; Salakhutdinov 2006), built
/// from the engine's <see cref="Linear"/> layers so that backpropagation can fine-tune them: the encoder maps pixels
/// up through σ(Wv + c) of every layer (the deep belief net's mean-field up-pass), the decoder back down through
/// σ(Wᵀh + b) with the transposed weights, and a classifier puts a randomly initialised softmax layer on the encoder.
/// An optional linear code layer (an RBM with Gaussian code units, trained by
/// <see cref="ContrastiveDivergence.UpdateLinearCode"/>) ends the encoder with linear units z = b + Wᵀh, as in the paper.
/// </summary>
/// <example>
/// <code>
/// var encoder = UnrolledNetworks.Encoder(dbn.Layers, new Generator(1));    // 784-1000-500-250-30, sigmoid units
/// var decoder = UnrolledNetworks.Decoder(dbn.Layers, new Generator(2));    // 30-250-500-1000-784
/// var classifier = UnrolledNetworks.Classifier(dbn.Layers, classes: 10, new Generator(3));
/// </code>
/// </example>
public static class UnrolledNetworks
{
    /// <summary>
    /// The encoder [Linear, Sigmoid] × layers with each Linear's weight W [H, V] and bias c [H] copied from the stack
    /// (fresh tensors: fine-tuning does not change the RBMs), then, with <paramref name="linearCode"/>, a linear layer
    /// z = b + Wᵀh of its weights W [H, k] and Gaussian biases b [k].
    /// </summary>
    /// <exception cref="ArgumentException">The stack is empty, its sizes do not chain, or the code layer does not fit its top.</exception>
    public static Sequential Encoder(IReadOnlyList<RbmParameters> stack, Generator gen, RbmParameters? linearCode = null)
    {
        CheckStack(stack, linearCode);
        ArgumentNullException.ThrowIfNull(gen);
        var net = new Sequential();
        foreach (var rbm in stack)
            net.Add(Copied(new Linear(rbm.Visible, rbm.Hidden, gen), rbm.Weight, rbm.HiddenBias)).Add(new Sigmoid());
        if (linearCode != null)
            using (Autograd.NoGrad())
                net.Add(Copied(new Linear(linearCode.Hidden, linearCode.Visible, gen), linearCode.Weight.T, linearCode.VisibleBias));
        return net;
    }

    /// <summary>
    /// The decoder from the top layer's hidden units (or from the linear code, through σ(c + Wz) of
    /// <paramref name="linearCode"/>) to the pixels: [Linear, Sigmoid] × layers with weights Wᵀ [V, H] and biases b [V],
    /// top layer first.
    /// </summary>
    /// <exception cref="ArgumentException">The stack is empty, its sizes do not chain, or a layer of it has Gaussian visible units.</exception>
    public static Sequential Decoder(IReadOnlyList<RbmParameters> stack, Generator gen, RbmParameters? linearCode = null)
    {
        CheckStack(stack, linearCode);
        ArgumentNullException.ThrowIfNull(gen);
        if (stack.Any(r => r.Units != VisibleUnits.Binary))
            throw new ArgumentException("Unrolled decoder: every layer must have binary (logistic) visible units.", nameof(stack));
        var net = new Sequential();
        if (linearCode != null)
            net.Add(Copied(new Linear(linearCode.Visible, linearCode.Hidden, gen), linearCode.Weight, linearCode.HiddenBias)).Add(new Sigmoid());
        using (Autograd.NoGrad())
            foreach (var rbm in stack.Reverse())
                net.Add(Copied(new Linear(rbm.Hidden, rbm.Visible, gen), rbm.Weight.T, rbm.VisibleBias)).Add(new Sigmoid());
        return net;
    }

    /// <summary>The pre-trained encoder followed by a softmax layer of <paramref name="classes"/> logits initialised as any <see cref="Linear"/> is.</summary>
    public static Sequential Classifier(IReadOnlyList<RbmParameters> stack, int classes, Generator gen)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 2);
        var net = Encoder(stack, gen);
        return net.Add(new Linear(stack[^1].Hidden, classes, gen));
    }

    /// <summary>The same architecture as <see cref="Classifier"/> with every layer initialised at random (the baseline).</summary>
    /// <param name="sizes">The layer widths from the input up, e.g. [784, 500, 500].</param>
    /// <param name="classes">The number of logits.</param>
    /// <param name="gen">Draws the initial weights.</param>
    public static Sequential RandomClassifier(IReadOnlyList<int> sizes, int classes, Generator gen)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 2);
        return RandomSigmoidLayers(sizes, gen).Add(new Linear(sizes[^1], classes, gen));
    }

    /// <summary>[Linear, Sigmoid] layers of widths <paramref name="sizes"/> (input first) with the default random initialisation of <see cref="Linear"/>.</summary>
    /// <exception cref="ArgumentException">Fewer than two sizes.</exception>
    public static Sequential RandomSigmoidLayers(IReadOnlyList<int> sizes, Generator gen)
    {
        ArgumentNullException.ThrowIfNull(sizes);
        ArgumentNullException.ThrowIfNull(gen);
        if (sizes.Count < 2) throw new ArgumentException("Random network: needs an input size and at least one layer size.", nameof(sizes));
        var net = new Sequential();
        for (int l = 1; l < sizes.Count; l++) net.Add(new Linear(sizes[l - 1], sizes[l], gen)).Add(new Sigmoid());
        return net;
    }

    /// <summary>The widths of the stack from its input up: [V₀, H₀, H₁, …].</summary>
    public static int[] Sizes(IReadOnlyList<RbmParameters> stack)
    {
        CheckStack(stack);
        return [stack[0].Visible, .. stack.Select(r => r.Hidden)];
    }

    private static Linear Copied(Linear layer, Tensor weight, Tensor bias)
    {
        using var _ = Autograd.NoGrad();
        layer.Weight.CopyFrom(weight);
        layer.Bias!.CopyFrom(bias);
        return layer;
    }

    private static void CheckStack(IReadOnlyList<RbmParameters> stack, RbmParameters? linearCode)
    {
        CheckStack(stack);
        if (linearCode == null) return;
        if (linearCode.Units != VisibleUnits.Gaussian)
            throw new ArgumentException("Unrolled network: the linear code layer must have Gaussian (code) visible units.", nameof(linearCode));
        if (linearCode.Hidden != stack[^1].Hidden)
            throw new ArgumentException($"Unrolled network: the code layer connects to {linearCode.Hidden} units but the stack's top has {stack[^1].Hidden}.", nameof(linearCode));
    }

    private static void CheckStack(IReadOnlyList<RbmParameters> stack)
    {
        ArgumentNullException.ThrowIfNull(stack);
        if (stack.Count == 0) throw new ArgumentException("Unrolled network: the RBM stack is empty.", nameof(stack));
        for (int l = 1; l < stack.Count; l++)
            if (stack[l].Visible != stack[l - 1].Hidden)
                throw new ArgumentException($"Unrolled network: layer {l} has {stack[l].Visible} visible units but layer {l - 1} has {stack[l - 1].Hidden} hidden ones.", nameof(stack));
    }
}
