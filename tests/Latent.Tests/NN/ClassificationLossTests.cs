using Latent.NN;
using Latent.Tensors;

namespace Latent.Tests.NN;

public class ClassificationLossTests
{
    private static double[] LogSoftmaxRow(Tensor logits, int row)
    {
        int c = logits.Shape[1];
        var v = Enumerable.Range(0, c).Select(j => (double)logits[row, j]).ToArray();
        double max = v.Max();
        double lse = max + Math.Log(v.Sum(x => Math.Exp(x - max)));
        return v.Select(x => x - lse).ToArray();
    }

    [Fact]
    public void BceWithLogitsIsFiniteForHugeLogitsAndMatchesBce()
    {
        var logits = Tensor.FromArray([-1000f, 1000f, -1000f, 1000f]);
        var target = Tensor.FromArray([0f, 1f, 1f, 0f]);
        var loss = Losses.BinaryCrossEntropyWithLogits(logits, target, reduction: Reduction.None);
        NnAssert.Close([0, 0, 1000, 1000], loss);
        var leaf = logits.Clone().RequireGrad();
        Losses.BinaryCrossEntropyWithLogits(leaf, target).Backward();
        Assert.False(leaf.Grad!.HasNonFinite());

        var x = Tensor.FromArray([-2f, -0.3f, 0.4f, 3f]);
        var y = Tensor.FromArray([0f, 1f, 0.3f, 1f]);
        NnAssert.Close(Losses.BinaryCrossEntropy(x.Sigmoid(), y), Losses.BinaryCrossEntropyWithLogits(x, y), atol: 1e-6);
        var posWeight = Tensor.Scalar(3f);
        double expected = x.ToArray().Zip(y.ToArray(), (a, t) =>
            -(3 * t * Math.Log(1 / (1 + Math.Exp(-a))) + (1 - t) * Math.Log(1 - 1 / (1 + Math.Exp(-a))))).Average();
        NnAssert.Close(expected, Losses.BinaryCrossEntropyWithLogits(x, y, posWeight));
    }

    [Fact]
    public void BceClampsTheLogAtMinus100()
    {
        var probs = Tensor.FromArray([0f, 1f, 0f, 1f]).RequireGrad();
        var loss = Losses.BinaryCrossEntropy(probs, Tensor.FromArray([1f, 0f, 0f, 1f]), reduction: Reduction.None);
        NnAssert.Close([100, 100, 0, 0], loss);
        loss.Sum().Backward();
        Assert.False(probs.Grad!.HasNonFinite());
        Assert.Contains("probabilities", Assert.Throws<ArgumentException>(() => Losses.BinaryCrossEntropy(Tensor.FromArray([1.5f]), Tensor.FromArray([1f]))).Message);
    }

    [Fact]
    public void CrossEntropyIsMinusLogSoftmaxAtTarget()
    {
        var logits = Tensor.Randn([4, 5], new Generator(1), std: 2f);
        int[] target = [3, 0, 4, 3];
        var expected = target.Select((t, i) => -LogSoftmaxRow(logits, i)[t]).ToArray();
        NnAssert.Close(expected, Losses.CrossEntropy(logits, target, reduction: Reduction.None));
        NnAssert.Close(expected.Average(), Losses.CrossEntropy(logits, Tensor.FromArray(target.Select(t => (float)t).ToArray())));
        NnAssert.Close(expected.Average(), Losses.Nll(logits.LogSoftmax(1), Tensor.FromArray(target.Select(t => (float)t).ToArray())));
    }

    [Fact]
    public void LabelSmoothingWeightsAndIgnoreIndexMatchFormulas()
    {
        var logits = Tensor.Randn([4, 3], new Generator(2));
        int[] target = [2, 0, 1, 2];
        const double eps = 0.1;
        var rows = Enumerable.Range(0, 4).Select(i => LogSoftmaxRow(logits, i)).ToArray();
        double smoothed = rows.Select((lp, i) => (1 - eps) * -lp[target[i]] + eps / 3 * -lp.Sum()).Average();
        NnAssert.Close(smoothed, Losses.CrossEntropy(logits, target, labelSmoothing: 0.1f));

        var w = new[] { 0.5, 2.0, 1.0 };
        double weighted = rows.Select((lp, i) => w[target[i]] * -lp[target[i]]).Sum() / target.Sum(t => w[t]);
        NnAssert.Close(weighted, Losses.CrossEntropy(logits, target, weight: Tensor.FromArray([0.5f, 2f, 1f])));

        double ignored = new[] { 1, 2 }.Select(i => -rows[i][target[i]]).Average();
        NnAssert.Close(ignored, Losses.CrossEntropy(logits, target, ignoreIndex: 2));
        NnAssert.Close([0, -rows[1][0], -rows[2][1], 0], Losses.CrossEntropy(logits, target, ignoreIndex: 2, reduction: Reduction.None));
    }

    [Fact]
    public void SoftTargetsAndSpatialLogits()
    {
        var logits = Tensor.Randn([2, 3], new Generator(3));
        var soft = Tensor.FromArray([0.2f, 0.5f, 0.3f, 1f, 0f, 0f], 2, 3);
        double expected = Enumerable.Range(0, 2).Select(i => -LogSoftmaxRow(logits, i).Select((lp, j) => soft[i, j] * lp).Sum()).Average();
        NnAssert.Close(expected, Losses.CrossEntropy(logits, soft));
        NnAssert.Close(Losses.CrossEntropy(logits, new[] { 0, 0 }), Losses.CrossEntropy(logits, Tensor.FromArray([1f, 0f, 0f, 1f, 0f, 0f], 2, 3)));

        // [N, C, L] logits with [N, L] targets equal the flattened [N·L, C] case.
        var spatial = Tensor.Randn([2, 3, 4], new Generator(4));
        var targets = Tensor.FromArray([0f, 1f, 2f, 1f, 2f, 2f, 0f, 1f], 2, 4);
        var flat = spatial.Permute(0, 2, 1).Reshape(8, 3);
        NnAssert.Close(Losses.CrossEntropy(flat, targets.Reshape(8)), Losses.CrossEntropy(spatial, targets));
        Assert.Equal([2, 4], Losses.CrossEntropy(spatial, targets, reduction: Reduction.None).Shape);
        Assert.Contains("outside [0, 3)", Assert.Throws<ArgumentException>(() => Losses.CrossEntropy(logits, new[] { 0, 3 })).Message);
    }

    [Fact]
    public void HingeLossesMatchFormulas()
    {
        var scores = Tensor.FromArray([0.3f, -2f, 1.5f, -0.2f]);
        var y = Tensor.FromArray([1f, -1f, -1f, 1f]);
        NnAssert.Close([0.7, 0, 2.5, 1.2], Losses.Hinge(scores, y, reduction: Reduction.None));
        Assert.Throws<ArgumentException>(() => Losses.Hinge(scores, Tensor.FromArray([0f, 1f, 1f, 1f])));

        var s = Tensor.FromArray([1f, 0.5f, -0.2f, 0.1f, 2f, 1.8f], 2, 3);
        var t = Tensor.FromArray([0f, 2f]);
        double first = (Math.Max(0, 1 - 1 + 0.5) + Math.Max(0, 1 - 1 - 0.2)) / 3;
        double second = (Math.Max(0, 1 - 1.8 + 0.1) + Math.Max(0, 1 - 1.8 + 2)) / 3;
        NnAssert.Close([first, second], Losses.MultiMargin(s, t, reduction: Reduction.None));
        NnAssert.Close((0.25 / 3 + 1.44 / 3) / 2, Losses.MultiMargin(s, t, p: 2), rtol: 1e-4);
    }

    [Fact]
    public void GradientsMatchFiniteDifferences()
    {
        var logits = NnAssert.Leaf(5, 3, 4);
        var y01 = Tensor.FromArray([0f, 1f, 1f, 0f, 0.5f, 1f, 0f, 0f, 1f, 0.2f, 1f, 0f], 3, 4);
        var probs = Tensor.Rand([3, 4], new Generator(6), 0.1f, 0.9f).RequireGrad();
        var soft = Tensor.Rand([3, 4], new Generator(7)).Softmax(1);
        var pm = Tensor.FromArray([1f, -1f, 1f, -1f, -1f, 1f, 1f, 1f, -1f, 1f, -1f, -1f], 3, 4);
        var idx = Tensor.FromArray([1f, 3f, 0f]);
        GradCheck.Check(xs => Losses.BinaryCrossEntropyWithLogits(xs[0], y01, Tensor.Scalar(2f)), [logits]);
        GradCheck.Check(xs => Losses.BinaryCrossEntropy(xs[0], y01), [probs]);
        GradCheck.Check(xs => Losses.CrossEntropy(xs[0], idx, labelSmoothing: 0.2f), [logits]);
        GradCheck.Check(xs => Losses.CrossEntropy(xs[0], soft, weight: Tensor.FromArray([1f, 2f, 0.5f, 1f])), [logits]);
        GradCheck.Check(xs => Losses.Nll(xs[0].LogSoftmax(1), idx, ignoreIndex: 3), [logits]);
        GradCheck.Check(xs => Losses.Hinge(xs[0] * 0.1f, pm), [logits]);
        GradCheck.Check(xs => Losses.MultiMargin(xs[0], idx, p: 2), [logits]);
        GradCheck.CheckSecondOrder(xs => Losses.BinaryCrossEntropyWithLogits(xs[0], y01), [logits]);
        GradCheck.CheckSecondOrder(xs => Losses.CrossEntropy(xs[0], idx), [logits]);
    }
}
