using Latent.NN;
using Latent.Optim;
using Latent.Tensors;

namespace Latent.Models.Classical;

/// <summary>
/// Classifiers fitted discriminatively, by maximizing the conditional likelihood Πᵢ p(C_yᵢ | xᵢ) (seed 002,
/// "how to train them?") with full-batch Adam: logistic (softmax) regression, and the shared-covariance Gaussian
/// classifier with its generative parameters μₖ, Σ⁻¹ = LLᵀ and log-priors trained to classify instead of fitted to the
/// data in closed form. Both have the same linear-softmax form p(Cₖ | x) = softmax(wₖᵀx + bₖ).
/// </summary>
public sealed class DiscriminativeClassifier
{
    private readonly Func<Tensor, Tensor> _logits;
    private readonly double[] _mean, _scale;

    private DiscriminativeClassifier(Func<Tensor, Tensor> logits, double[] mean, double[] scale, int classes, IReadOnlyList<double> losses)
    {
        _logits = logits;
        _mean = mean;
        _scale = scale;
        ClassCount = classes;
        Losses = losses;
    }

    /// <summary>The number of classes K.</summary>
    public int ClassCount { get; }

    /// <summary>The mean cross-entropy −(1/N)Σ log p(C_yᵢ | xᵢ) (plus the weight decay) before each step.</summary>
    public IReadOnlyList<double> Losses { get; }

    /// <summary>Softmax regression p(C | x) = softmax(Wx̃ + b) on standardized features x̃, with an L2 penalty of <paramref name="weightDecay"/>·|W|².</summary>
    /// <exception cref="ArgumentException">Counts disagree or a label is outside [0, classes).</exception>
    public static DiscriminativeClassifier LogisticRegression(IReadOnlyList<double[]> rows, IReadOnlyList<int> labels, int classes, int steps = 300,
        double learningRate = 0.05, double weightDecay = 1e-4, ulong seed = 1)
    {
        var (x, y, mean, scale) = Prepare(rows, labels, classes);
        int d = x.Shape[1];
        var w = Parameter.Uniform([d, classes], 0.01f, new Generator(seed));
        var b = Parameter.Zeros(classes);
        Tensor Logits(Tensor input) => input.MatMul(w) + b;
        var losses = Train([w, b], () => Latent.NN.Losses.CrossEntropy(Logits(x), y) + (float)weightDecay * w.Square().Sum(), steps, learningRate);
        return new DiscriminativeClassifier(Logits, mean, scale, classes, losses);
    }

    /// <summary>
    /// The shared-covariance Gaussian classifier trained discriminatively: log p(x, Cₖ) = −½(x − μₖ)ᵀLLᵀ(x − μₖ) + bₖ +
    /// const, so with z = Lᵀx̃ and mₖ = Lᵀμₖ the logits are zᵀmₖ − ½|mₖ|² + bₖ. It starts from the generative model
    /// that knows nothing (every μₖ at the data mean plus a little noise, L = I, equal priors) and learns μ, L and b
    /// by gradient ascent on the conditional likelihood.
    /// </summary>
    /// <exception cref="ArgumentException">Counts disagree or a label is outside [0, classes).</exception>
    public static DiscriminativeClassifier GaussianShared(IReadOnlyList<double[]> rows, IReadOnlyList<int> labels, int classes, int steps = 300,
        double learningRate = 0.05, ulong seed = 1)
    {
        var (x, y, mean, scale) = Prepare(rows, labels, classes);
        int d = x.Shape[1];
        var means = Parameter.Uniform([classes, d], 0.01f, new Generator(seed));
        var factor = Parameter.Create(Tensor.Eye(d));
        var bias = Parameter.Zeros(classes);
        Tensor Logits(Tensor input)
        {
            var m = means.MatMul(factor);                           // [K, D]: rows mₖ = Lᵀμₖ
            var z = input.MatMul(factor);                           // [N, D]: rows Lᵀx
            return z.MatMul(m, transB: true) - 0.5f * m.Square().Sum(1) + bias;
        }
        var losses = Train([means, factor, bias], () => Latent.NN.Losses.CrossEntropy(Logits(x), y), steps, learningRate);
        return new DiscriminativeClassifier(Logits, mean, scale, classes, losses);
    }

    /// <summary>The fraction of rows whose most probable class is their label.</summary>
    public double Accuracy(IReadOnlyList<double[]> rows, IReadOnlyList<int> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var predicted = Predict(rows);
        return predicted.Where((p, i) => p == labels[i]).Count() / (double)predicted.Length;
    }

    /// <summary>The most probable class of each row.</summary>
    public int[] Predict(IReadOnlyList<double[]> rows)
    {
        using var _ = Autograd.NoGrad();
        var logits = _logits(Standardize(rows, _mean, _scale));
        int k = ClassCount;
        var data = logits.Data;
        var result = new int[rows.Count];
        for (int i = 0; i < rows.Count; i++)
            for (int c = 1; c < k; c++)
                if (data[i * k + c] > data[i * k + result[i]]) result[i] = c;
        return result;
    }

    private static List<double> Train(Tensor[] parameters, Func<Tensor> loss, int steps, double learningRate)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(steps);
        var adam = new Adam(parameters, lr: learningRate);
        var losses = new List<double>();
        for (int step = 0; step < steps; step++)
        {
            adam.ZeroGrad();
            var l = loss();
            losses.Add(l.Item());
            l.Backward();
            adam.Step();
        }
        return losses;
    }

    private static (Tensor X, int[] Y, double[] Mean, double[] Scale) Prepare(IReadOnlyList<double[]> rows, IReadOnlyList<int> labels, int classes)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(labels);
        if (rows.Count == 0 || rows.Count != labels.Count) throw new ArgumentException($"Discriminative classifier: {rows.Count} rows and {labels.Count} labels.", nameof(labels));
        foreach (int y in labels)
            if (y < 0 || y >= classes) throw new ArgumentException($"Discriminative classifier: label {y} outside [0, {classes}).", nameof(labels));
        int d = rows[0].Length;
        var mean = Enumerable.Range(0, d).Select(j => rows.Average(r => r[j])).ToArray();
        var scale = Enumerable.Range(0, d).Select(j => Math.Sqrt(rows.Average(r => (r[j] - mean[j]) * (r[j] - mean[j])))).Select(s => s > 1e-12 ? s : 1).ToArray();
        return (Standardize(rows, mean, scale), labels.ToArray(), mean, scale);
    }

    private static Tensor Standardize(IReadOnlyList<double[]> rows, double[] mean, double[] scale)
        => ClassicalRows.ToTensor(rows.Select(r => r.Select((v, j) => (v - mean[j]) / scale[j]).ToArray()).ToArray());
}
