using Latent.Tensors;

namespace Latent.Data;

/// <summary>
/// Value transforms for image batches: rescaling, fixed and stochastic binarization, uniform dequantization and
/// flattening. Each returns a new tensor outside autograd and leaves its input unchanged; the random ones draw from
/// the given <see cref="Generator"/>, so a seed fixes the result.
/// </summary>
public static class Transforms
{
    /// <summary>Maps values linearly from [fromLow, fromHigh] to [toLow, toHigh] (no clamping).</summary>
    /// <exception cref="ArgumentException">The source range is empty.</exception>
    public static Tensor Rescale(Tensor x, float fromLow, float fromHigh, float toLow, float toHigh)
    {
        if (!(fromHigh > fromLow))
            throw new ArgumentException($"Rescale: source range [{fromLow}, {fromHigh}] is empty.");
        float scale = (toHigh - toLow) / (fromHigh - fromLow);
        float shift = toLow - fromLow * scale;
        ArgumentNullException.ThrowIfNull(x);
        // Runs on every GAN batch: vectorized, and rounded exactly like v·scale + shift.
        var y = new Tensor(Tensor.NewStorage(x.Size), (int[])x.Shape.Clone());
        System.Numerics.Tensors.TensorPrimitives.Multiply(x.Storage, scale, y.Storage);
        System.Numerics.Tensors.TensorPrimitives.Add(y.Storage, shift, y.Storage);
        return y;
    }

    /// <summary>Maps [0, 1] to [−1, 1] (the range of a tanh generator output).</summary>
    public static Tensor ToSigned(Tensor x) => Rescale(x, 0f, 1f, -1f, 1f);

    /// <summary>Maps [−1, 1] back to [0, 1].</summary>
    public static Tensor ToUnit(Tensor x) => Rescale(x, -1f, 1f, 0f, 1f);

    /// <summary>1 where a value is greater than <paramref name="threshold"/>, else 0.</summary>
    public static Tensor Binarize(Tensor x, float threshold = 0.5f)
        => ElementwiseMap.Apply(x, v => v > threshold ? 1f : 0f);

    /// <summary>
    /// Stochastic binarization: each value in [0, 1] becomes 1 with that probability (values outside are clamped),
    /// as in the binarized MNIST of Salakhutdinov and Murray.
    /// </summary>
    public static Tensor StochasticBinarize(Tensor x, Generator gen)
    {
        ArgumentNullException.ThrowIfNull(gen);
        return ElementwiseMap.Apply(x, v => gen.NextFloat() < v ? 1f : 0f);
    }

    /// <summary>
    /// Uniform dequantization of 8-bit data given in [0, 1]: (x·255 + u) / 256 with u ~ U[0, 1), giving continuous
    /// values in [0, 1) for density models (flows, autoregressive models in continuous form).
    /// </summary>
    public static Tensor Dequantize(Tensor x, Generator gen)
    {
        ArgumentNullException.ThrowIfNull(gen);
        return ElementwiseMap.Apply(x, v => (MathF.Round(v * 255f) + gen.NextFloat()) / 256f);
    }

    /// <summary>Flattens every axis after the first: [N, ...] → [N, D]. Shares storage with <paramref name="x"/>.</summary>
    /// <exception cref="ArgumentException">The tensor has rank 0.</exception>
    public static Tensor Flatten(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Rank == 0) throw new ArgumentException("Flatten: a batch needs at least one axis, got a scalar.");
        int n = x.Shape[0];
        return x.Reshape(n, n == 0 ? 0 : x.Size / n);
    }
}
