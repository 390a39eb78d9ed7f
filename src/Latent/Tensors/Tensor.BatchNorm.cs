using Latent.Kernels;

namespace Latent.Tensors;

public sealed partial class Tensor
{
    /// <summary>
    /// Batch normalization with the batch's own statistics: every channel (axis 1) is standardized over all other axes
    /// with its mean and biased variance, then scaled by <paramref name="weight"/> and shifted by <paramref name="bias"/>.
    /// </summary>
    /// <remarks>
    /// One fused pass computes the statistics and one writes the output; the gradient has a closed form (two passes). When
    /// a graph is being built the gradient is composed of differentiable ops instead, so it can be differentiated again.
    /// </remarks>
    /// <param name="weight">Per-channel scale [C], or null for none.</param>
    /// <param name="bias">Per-channel shift [C], or null for none.</param>
    /// <param name="eps">Added to the variance.</param>
    /// <param name="batchMean">The per-channel batch mean [C] (not part of the graph), e.g. for running averages.</param>
    /// <param name="batchVariance">The per-channel biased batch variance [C] (not part of the graph).</param>
    /// <exception cref="ArgumentException">The input has fewer than two axes, or weight/bias are not [C].</exception>
    public Tensor BatchNorm(Tensor? weight, Tensor? bias, float eps, out Tensor batchMean, out Tensor batchVariance)
        => BatchNormCore(weight, bias, eps, null, out batchMean, out batchVariance);

    /// <summary>
    /// <c>BatchNorm(weight, bias, eps, …).LeakyRelu(negativeSlope)</c> — ReLU for a slope of 0 — as one op: the rectifier
    /// is applied in the pass that writes the output, and its gradient is folded into the normalization's backward
    /// (its mask recomputed from the input), so neither the normalized tensor nor a separate rectifier pass is needed.
    /// The values and gradients equal the two ops', value for value.
    /// </summary>
    /// <param name="weight">Per-channel scale [C], or null for none.</param>
    /// <param name="bias">Per-channel shift [C], or null for none.</param>
    /// <param name="eps">Added to the variance.</param>
    /// <param name="negativeSlope">The rectifier's slope below 0 (0: ReLU).</param>
    /// <param name="batchMean">The per-channel batch mean [C] (not part of the graph).</param>
    /// <param name="batchVariance">The per-channel biased batch variance [C] (not part of the graph).</param>
    /// <exception cref="ArgumentException">The input has fewer than two axes, weight/bias are not [C], or the slope is not finite.</exception>
    public Tensor BatchNormRectified(Tensor? weight, Tensor? bias, float eps, float negativeSlope, out Tensor batchMean, out Tensor batchVariance)
    {
        if (!float.IsFinite(negativeSlope))
            throw new ArgumentException($"BatchNormRectified: the negative slope must be finite, got {negativeSlope}.", nameof(negativeSlope));
        return BatchNormCore(weight, bias, eps, new Rectifier(negativeSlope), out batchMean, out batchVariance);
    }

    private Tensor BatchNormCore(Tensor? weight, Tensor? bias, float eps, Rectifier? rectifier, out Tensor batchMean, out Tensor batchVariance)
    {
        if (Rank < 2)
            throw new ArgumentException($"BatchNorm: input must be [N, C, …], got {ShapeUtil.Format(_shape)}.");
        int n = _shape[0], c = _shape[1], s = Size / Math.Max(1, n * c);
        CheckChannelVector(weight, c, "weight");
        CheckChannelVector(bias, c, "bias");

        var mean = new float[c];
        var variance = new float[c];
        BatchNormKernels.Moments(Storage, n, c, s, mean, variance);
        var invStd = new float[c];
        var scale = new float[c];
        var shift = new float[c];
        for (int ch = 0; ch < c; ch++)
        {
            invStd[ch] = 1f / MathF.Sqrt(variance[ch] + eps);
            scale[ch] = invStd[ch] * (weight?.Storage[ch] ?? 1f);
            shift[ch] = (bias?.Storage[ch] ?? 0f) - mean[ch] * scale[ch];
        }
        var y = new Tensor(NewStorage(Size), (int[])_shape.Clone());
        BatchNormKernels.ScaleShift(Storage, n, c, s, scale, shift, y.Storage, rectifier);
        batchMean = new Tensor(mean, [c]);
        batchVariance = new Tensor(variance, [c]);

        var x = this;
        var gate = rectifier is { } r ? new GateInput(scale, shift, r) : null;
        Tensor[] inputs = weight == null ? bias == null ? [x] : [x, bias] : bias == null ? [x, weight] : [x, weight, bias];
        return Record(y, rectifier is null ? "BatchNorm" : "BatchNormRectified", inputs, (g, needs) =>
        {
            var grads = GradMode.IsEnabled
                ? BatchNormGradComposite(x, weight, gate is null ? g : g.Mul(RectifierSlopes(x, n, c, s, gate)), eps, needs[0])
                : BatchNormGradFused(x, weight, g, n, c, s, mean, invStd, needs[0], gate);
            var result = new Tensor?[inputs.Length];
            result[0] = grads.X;
            int next = 1;
            if (weight != null) result[next++] = grads.Weight;
            if (bias != null) result[next] = grads.Bias;
            return result;
        });
    }

    private static (Tensor? X, Tensor Weight, Tensor Bias) BatchNormGradFused(Tensor x, Tensor? weight, Tensor g,
        int n, int c, int s, float[] mean, float[] invStd, bool needX, GateInput? gate)
    {
        var sumG = new float[c];
        var sumGxhat = new float[c];
        BatchNormKernels.GradientSums(g.Storage, x.Storage, n, c, s, mean, invStd, sumG, sumGxhat, gate);
        Tensor? dx = null;
        if (needX)
        {
            dx = new Tensor(NewStorage(x.Size), (int[])x._shape.Clone());
            BatchNormKernels.InputGradient(g.Storage, x.Storage, n, c, s, mean, invStd, weight?.Storage, sumG, sumGxhat, dx.Storage, gate);
        }
        return (dx, new Tensor(sumGxhat, [c]), new Tensor(sumG, [c]));
    }

    // The rectifier's slope (1 or the negative slope) at every z = x·scale + shift: a constant of the graph, as the
    // stand-alone rectifier's mask is, since its derivative is zero almost everywhere.
    private static Tensor RectifierSlopes(Tensor x, int n, int c, int s, GateInput gate)
    {
        var z = NewStorage(x.Size);
        BatchNormKernels.ScaleShift(x.Storage, n, c, s, gate.Scale, gate.Shift, z);
        UnaryKernels.StepMask(z.AsSpan(0, x.Size), z.AsSpan(0, x.Size), gate.Rectifier.Slope);
        return new Tensor(z, (int[])x._shape.Clone());
    }

    // The same gradient from differentiable ops on x itself, so that second derivatives see x̂'s dependence on x.
    private static (Tensor? X, Tensor Weight, Tensor Bias) BatchNormGradComposite(Tensor x, Tensor? weight, Tensor g, float eps, bool needX)
    {
        var axes = Enumerable.Range(0, x.Rank).Where(a => a != 1).ToArray();
        var perChannel = Enumerable.Repeat(1, x.Rank).ToArray();
        perChannel[1] = x._shape[1];
        var mean = x.Mean(axes, keepDim: true);
        var centered = x - mean;
        var invStd = (centered.Square().Mean(axes, keepDim: true) + eps).Rsqrt();
        var xhat = centered * invStd;
        var gradXhat = weight == null ? g : g * weight.Reshape(perChannel);
        Tensor? dx = needX
            ? invStd * (gradXhat - gradXhat.Mean(axes, keepDim: true) - xhat * (gradXhat * xhat).Mean(axes, keepDim: true))
            : null;
        return (dx, (g * xhat).Sum(axes), g.Sum(axes));
    }

    private static void CheckChannelVector(Tensor? v, int channels, string name)
    {
        if (v != null && (v.Rank != 1 || v._shape[0] != channels))
            throw new ArgumentException($"BatchNorm: {name} must be [{channels}] for an input with {channels} channels, got {ShapeUtil.Format(v._shape)}.");
    }
}
