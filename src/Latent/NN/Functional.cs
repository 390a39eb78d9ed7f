using Latent.Tensors;

namespace Latent.NN;

/// <summary>
/// Stateless forms of the normalization and distance computations that layers and losses share, composed from
/// differentiable tensor ops, so their gradients are exact and can be differentiated again.
/// </summary>
public static class Functional
{
    /// <summary>Mean and biased variance over <paramref name="axes"/>, both keeping the reduced axes as size 1.</summary>
    public static (Tensor Mean, Tensor Var) Moments(Tensor x, int[] axes)
    {
        var mean = x.Mean(axes, keepDim: true);
        var variance = (x - mean).Square().Mean(axes, keepDim: true);
        return (mean, variance);
    }

    /// <summary>(x − mean) / √(var + eps) with the given (broadcastable) statistics.</summary>
    public static Tensor Standardize(Tensor x, Tensor mean, Tensor variance, float eps)
        => (x - mean) * (variance + eps).Rsqrt();

    /// <summary>Standardizes over <paramref name="axes"/> with the biased variance of those axes.</summary>
    public static Tensor Normalize(Tensor x, int[] axes, float eps = 1e-5f)
    {
        var (mean, variance) = Moments(x, axes);
        return Standardize(x, mean, variance, eps);
    }

    /// <summary>
    /// Scales and shifts axis 1 (the channel axis) of <paramref name="x"/> by per-channel vectors [C]; null leaves
    /// that part out.
    /// </summary>
    public static Tensor ChannelAffine(Tensor x, Tensor? weight, Tensor? bias)
    {
        if (weight != null) x *= PerChannel(weight, x.Rank);
        if (bias != null) x += PerChannel(bias, x.Rank);
        return x;
    }

    /// <summary>A per-channel vector [C] reshaped to [1, C, 1, …] so it broadcasts over an input of rank <paramref name="rank"/>.</summary>
    public static Tensor PerChannel(Tensor v, int rank)
    {
        var shape = new int[rank];
        Array.Fill(shape, 1);
        shape[1] = v.Size;
        return v.Reshape(shape);
    }

    /// <summary>Every axis of a tensor of rank <paramref name="rank"/> except <paramref name="except"/>.</summary>
    public static int[] AxesExcept(int rank, params int[] except)
        => Enumerable.Range(0, rank).Where(a => !except.Contains(a)).ToArray();

    /// <summary>Layer normalization over the last <paramref name="normalizedRank"/> axes, with optional elementwise affine.</summary>
    public static Tensor LayerNorm(Tensor x, int normalizedRank, Tensor? weight = null, Tensor? bias = null, float eps = 1e-5f)
    {
        var y = Normalize(x, Enumerable.Range(x.Rank - normalizedRank, normalizedRank).ToArray(), eps);
        if (weight != null) y *= weight;
        if (bias != null) y += bias;
        return y;
    }

    /// <summary>
    /// Group normalization of [N, C, *]: the channels are split into <paramref name="groups"/> groups and each
    /// (sample, group) is standardized, then a per-channel affine is applied.
    /// </summary>
    /// <exception cref="ArgumentException">C is not divisible by <paramref name="groups"/>.</exception>
    public static Tensor GroupNorm(Tensor x, int groups, Tensor? weight = null, Tensor? bias = null, float eps = 1e-5f)
    {
        if (x.Rank < 2 || x.Shape[1] % groups != 0)
            throw new ArgumentException($"GroupNorm: input {ShapeUtil.Format(x.Shape)} must be [N, C, *] with C divisible by {groups} groups.", nameof(x));
        var grouped = x.Reshape(x.Shape[0], groups, -1);
        var y = Normalize(grouped, [2], eps).Reshape(x.Shape);
        return ChannelAffine(y, weight, bias);
    }

    /// <summary>Instance normalization of [N, C, *]: each (sample, channel) is standardized over its spatial axes.</summary>
    /// <exception cref="ArgumentException">The input has fewer than three axes.</exception>
    public static Tensor InstanceNorm(Tensor x, Tensor? weight = null, Tensor? bias = null, float eps = 1e-5f)
    {
        if (x.Rank < 3)
            throw new ArgumentException($"InstanceNorm: input must be [N, C, spatial…], got {ShapeUtil.Format(x.Shape)}.", nameof(x));
        return ChannelAffine(Normalize(x, AxesExcept(x.Rank, 0, 1), eps), weight, bias);
    }

    /// <summary>
    /// Inverted dropout: zeroes elements with probability <paramref name="p"/> and scales the rest by 1/(1 − p) when
    /// <paramref name="training"/>; the identity otherwise.
    /// </summary>
    public static Tensor Dropout(Tensor x, float p, Generator gen, bool training = true)
    {
        if (!(p >= 0 && p < 1)) throw new ArgumentOutOfRangeException(nameof(p), $"Dropout: p must be in [0, 1), got {p}.");
        if (!training || p == 0) return x;
        return x * Tensor.Bernoulli(1 - p, 1 / (1 - p), x.Shape, gen);
    }

    /// <summary>Cosine similarity along <paramref name="axis"/>: Σxy / √(Σx²·Σy² + eps) (PyTorch's epsilon placement for embedding losses).</summary>
    public static Tensor CosineSimilarity(Tensor x1, Tensor x2, int axis = -1, float eps = 1e-12f)
    {
        var dot = (x1 * x2).Sum(axis);
        var norms = (x1.Square().Sum(axis) + eps) * (x2.Square().Sum(axis) + eps);
        return dot * norms.Rsqrt();
    }

    /// <summary>
    /// One LSTM layer over a sequence [T, B, in] with PyTorch's weight layout (w_ih [4H, in], w_hh [4H, H], biases [4H],
    /// gates i, f, g, o). With <paramref name="reverse"/> the sequence is read from its last step to its first and the
    /// outputs are stored back in input order (the reverse half of a bidirectional layer).
    /// </summary>
    /// <returns>Hidden states for every step [T, B, H] and the final hidden and cell states [B, H].</returns>
    /// <exception cref="ArgumentException">The shapes do not fit together.</exception>
    public static (Tensor Output, Tensor H, Tensor C) LstmLayer(Tensor seq, Tensor weightIh, Tensor weightHh, Tensor? biasIh, Tensor? biasHh,
        Tensor h, Tensor c, bool reverse = false)
    {
        int hidden = weightHh.Rank == 2 ? weightHh.Shape[1] : -1;
        if (seq.Rank != 3 || weightIh.Rank != 2 || weightIh.Shape[0] != 4 * hidden || weightIh.Shape[1] != seq.Shape[2] || weightHh.Shape[0] != 4 * hidden)
            throw new ArgumentException($"LstmLayer: sequence {ShapeUtil.Format(seq.Shape)}, w_ih {ShapeUtil.Format(weightIh.Shape)} and w_hh {ShapeUtil.Format(weightHh.Shape)} do not fit.");
        int steps = seq.Shape[0], batch = seq.Shape[1];
        // The input projection of all steps at once: one matrix product instead of T small ones.
        var projected = seq.Reshape(steps * batch, -1).Linear(weightIh, biasIh).Reshape(steps, batch, 4 * hidden);
        var outputs = new Tensor[steps];
        for (int i = 0; i < steps; i++)
        {
            int t = reverse ? steps - 1 - i : i;
            var parts = (projected.Select(0, t) + h.Linear(weightHh, biasHh)).Chunk(4, axis: 1);
            var next = parts[1].Sigmoid() * c + parts[0].Sigmoid() * parts[2].Tanh();
            h = parts[3].Sigmoid() * next.Tanh();
            c = next;
            outputs[t] = h;
        }
        return (Tensor.Stack(outputs, 0), h, c);
    }

    /// <summary>Euclidean distance along <paramref name="axis"/>: √(Σ(x1 − x2)² + eps), differentiable at zero distance.</summary>
    public static Tensor PairwiseDistance(Tensor x1, Tensor x2, int axis = -1, float eps = 1e-12f)
        => ((x1 - x2).Square().Sum(axis) + eps).Sqrt();
}
