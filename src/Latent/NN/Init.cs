using Latent.Tensors;

namespace Latent.NN;

/// <summary>The nonlinearity that follows a layer, for <see cref="Init.CalculateGain"/>.</summary>
public enum Nonlinearity
{
    /// <summary>No nonlinearity (also convolutions): gain 1.</summary>
    Linear,
    /// <summary>Logistic sigmoid: gain 1.</summary>
    Sigmoid,
    /// <summary>Hyperbolic tangent: gain 5/3.</summary>
    Tanh,
    /// <summary>ReLU: gain √2.</summary>
    Relu,
    /// <summary>Leaky ReLU with slope a: gain √(2 / (1 + a²)).</summary>
    LeakyRelu,
    /// <summary>SELU: gain 3/4.</summary>
    Selu,
}

/// <summary>Which fan the Kaiming initializers preserve the variance of.</summary>
public enum FanMode
{
    /// <summary>Preserve the variance of activations in the forward pass.</summary>
    FanIn,
    /// <summary>Preserve the variance of gradients in the backward pass.</summary>
    FanOut,
}

/// <summary>
/// Weight initializers. Each fills a tensor in place (outside autograd) and returns it. Fans follow PyTorch for any
/// rank: for a weight [out, in, k…], fan_in = in·∏k and fan_out = out·∏k.
/// </summary>
public static class Init
{
    /// <summary>The recommended gain for a nonlinearity (PyTorch's <c>calculate_gain</c>).</summary>
    /// <param name="nonlinearity">The nonlinearity after the layer.</param>
    /// <param name="negativeSlope">The slope of <see cref="Nonlinearity.LeakyRelu"/> (ignored otherwise).</param>
    public static float CalculateGain(Nonlinearity nonlinearity, float negativeSlope = 0.01f) => nonlinearity switch
    {
        Nonlinearity.Linear or Nonlinearity.Sigmoid => 1f,
        Nonlinearity.Tanh => 5f / 3f,
        Nonlinearity.Relu => MathF.Sqrt(2f),
        Nonlinearity.LeakyRelu => MathF.Sqrt(2f / (1f + negativeSlope * negativeSlope)),
        Nonlinearity.Selu => 0.75f,
        _ => throw new ArgumentOutOfRangeException(nameof(nonlinearity), $"CalculateGain: unknown nonlinearity {nonlinearity}."),
    };

    /// <summary>fan_in and fan_out of a weight of the given shape.</summary>
    /// <exception cref="ArgumentException">The shape has fewer than two axes.</exception>
    public static (int FanIn, int FanOut) ComputeFans(int[] shape)
    {
        if (shape.Length < 2)
            throw new ArgumentException($"Init: fans need a weight with at least 2 axes, got shape {ShapeUtil.Format(shape)}.", nameof(shape));
        int receptive = 1;
        for (int i = 2; i < shape.Length; i++) receptive *= shape[i];
        return (shape[1] * receptive, shape[0] * receptive);
    }

    /// <summary>Fills with values uniform in [low, high).</summary>
    public static Tensor Uniform(Tensor t, Generator gen, float low = 0f, float high = 1f)
    {
        gen.FillUniform(t.Data, low, high);
        return t;
    }

    /// <summary>Fills with values from N(mean, std²); the defaults are the DCGAN initialization N(0, 0.02²).</summary>
    public static Tensor Normal(Tensor t, Generator gen, float mean = 0f, float std = 0.02f)
    {
        gen.FillNormal(t.Data, mean, std);
        return t;
    }

    /// <summary>Fills with zeros.</summary>
    public static Tensor Zeros(Tensor t) => Constant(t, 0f);

    /// <summary>Fills with ones.</summary>
    public static Tensor Ones(Tensor t) => Constant(t, 1f);

    /// <summary>Fills with <paramref name="value"/>.</summary>
    public static Tensor Constant(Tensor t, float value)
    {
        t.Data.Fill(value);
        return t;
    }

    /// <summary>Glorot/Xavier uniform: U(−b, b) with b = gain·√(6 / (fan_in + fan_out)).</summary>
    public static Tensor XavierUniform(Tensor t, Generator gen, float gain = 1f)
    {
        float bound = MathF.Sqrt(3f) * XavierStd(t, gain);
        return Uniform(t, gen, -bound, bound);
    }

    /// <summary>Glorot/Xavier normal: N(0, std²) with std = gain·√(2 / (fan_in + fan_out)).</summary>
    public static Tensor XavierNormal(Tensor t, Generator gen, float gain = 1f) => Normal(t, gen, 0f, XavierStd(t, gain));

    /// <summary>
    /// He/Kaiming uniform: U(−b, b) with b = √3·gain/√fan, gain from <paramref name="nonlinearity"/> with slope
    /// <paramref name="a"/>.
    /// </summary>
    public static Tensor KaimingUniform(Tensor t, Generator gen, float a = 0f, FanMode mode = FanMode.FanIn,
        Nonlinearity nonlinearity = Nonlinearity.LeakyRelu)
    {
        float bound = MathF.Sqrt(3f) * KaimingStd(t, a, mode, nonlinearity);
        return Uniform(t, gen, -bound, bound);
    }

    /// <summary>He/Kaiming normal: N(0, std²) with std = gain/√fan.</summary>
    public static Tensor KaimingNormal(Tensor t, Generator gen, float a = 0f, FanMode mode = FanMode.FanIn,
        Nonlinearity nonlinearity = Nonlinearity.LeakyRelu)
        => Normal(t, gen, 0f, KaimingStd(t, a, mode, nonlinearity));

    /// <summary>
    /// A (semi-)orthogonal matrix scaled by <paramref name="gain"/> (Saxe et al., 2013): the weight, viewed as
    /// [shape[0], rest], has orthonormal rows or columns, whichever are fewer. Computed by Gram–Schmidt QR in double
    /// precision on a Gaussian matrix, with the sign fix that makes the result uniformly distributed.
    /// </summary>
    /// <exception cref="ArgumentException">The tensor has fewer than two axes.</exception>
    public static Tensor Orthogonal(Tensor t, Generator gen, float gain = 1f)
    {
        if (t.Rank < 2)
            throw new ArgumentException($"Init.Orthogonal: needs at least 2 axes, got shape {ShapeUtil.Format(t.Shape)}.", nameof(t));
        int rows = t.Shape[0], cols = t.Size / rows;
        bool transposed = rows < cols;
        int m = Math.Max(rows, cols), n = Math.Min(rows, cols);
        // Columns of an m×n Gaussian matrix, orthonormalized (modified Gram–Schmidt, twice for stability).
        var q = new double[n][];
        for (int j = 0; j < n; j++)
        {
            var col = new double[m];
            for (int i = 0; i < m; i++) col[i] = gen.NextNormal();
            double rjj = 0;
            for (int pass = 0; pass < 2; pass++)
                for (int k = 0; k < j; k++)
                {
                    double dot = 0;
                    for (int i = 0; i < m; i++) dot += q[k][i] * col[i];
                    for (int i = 0; i < m; i++) col[i] -= dot * q[k][i];
                }
            for (int i = 0; i < m; i++) rjj += col[i] * col[i];
            rjj = Math.Sqrt(rjj);
            if (rjj < 1e-12) throw new InvalidOperationException("Init.Orthogonal: the random matrix was rank deficient; try another generator state.");
            for (int i = 0; i < m; i++) col[i] /= rjj; // R's diagonal is positive: the sign fix of torch.nn.init.orthogonal_
            q[j] = col;
        }
        var data = t.Data;
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++)
                data[r * cols + c] = (float)(gain * (transposed ? q[r][c] : q[c][r]));
        return t;
    }

    private static float XavierStd(Tensor t, float gain)
    {
        var (fanIn, fanOut) = ComputeFans(t.Shape);
        return gain * MathF.Sqrt(2f / (fanIn + fanOut));
    }

    private static float KaimingStd(Tensor t, float a, FanMode mode, Nonlinearity nonlinearity)
    {
        var (fanIn, fanOut) = ComputeFans(t.Shape);
        int fan = mode == FanMode.FanIn ? fanIn : fanOut;
        if (fan == 0) throw new ArgumentException($"Init: cannot initialize a weight with zero fan, shape {ShapeUtil.Format(t.Shape)}.", nameof(t));
        return CalculateGain(nonlinearity, a) / MathF.Sqrt(fan);
    }
}
