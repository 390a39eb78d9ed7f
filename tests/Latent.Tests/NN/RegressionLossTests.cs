using Latent.NN;
using Latent.Tensors;

namespace Latent.Tests.NN;

public class RegressionLossTests
{
    private static readonly Tensor Input = Tensor.FromArray([0.5f, -1.2f, 2.0f, 0.1f, -3.0f, 1.4f], 2, 3);
    private static readonly Tensor Target = Tensor.FromArray([0.0f, -1.0f, 0.3f, 0.4f, -0.5f, 1.0f], 2, 3);

    private static double[] Diffs() => Input.ToArray().Zip(Target.ToArray(), (a, b) => (double)a - b).ToArray();

    [Fact]
    public void ValuesMatchFormulas()
    {
        var d = Diffs();
        NnAssert.Close(d.Average(x => x * x), Losses.Mse(Input, Target));
        NnAssert.Close(d.Sum(x => Math.Abs(x)), Losses.L1(Input, Target, Reduction.Sum));
        NnAssert.Close(d.Average(x => Math.Pow(Math.Abs(x), 3)), Losses.Lp(Input, Target, 3f));
        NnAssert.Close(d.Select(x => Math.Abs(x) <= 1 ? 0.5 * x * x : Math.Abs(x) - 0.5).ToArray(), Losses.Huber(Input, Target, 1f, Reduction.None));
        NnAssert.Close(d.Sum(x => x * x) / 2, Losses.Mse(Input, Target, Reduction.BatchMean));
    }

    [Fact]
    public void GaussianNllMatchesFormula()
    {
        var variance = Tensor.FromArray([0.5f, 2f, 1f, 0.1f, 3f, 1e-9f], 2, 3);
        var d = Diffs();
        var v = variance.ToArray().Select(x => Math.Max(x, 1e-6)).ToArray();
        double expected = d.Select((x, i) => 0.5 * (Math.Log(v[i]) + x * x / v[i]) + 0.5 * Math.Log(2 * Math.PI)).Average();
        NnAssert.Close(expected, Losses.GaussianNll(Input, Target, variance, full: true), rtol: 1e-4);
        // One variance per sample broadcasts over the features.
        var perSample = Tensor.FromArray([0.5f, 2f], 2, 1);
        double expected2 = d.Select((x, i) => 0.5 * (Math.Log(i < 3 ? 0.5 : 2) + x * x / (i < 3 ? 0.5 : 2))).Average();
        NnAssert.Close(expected2, Losses.GaussianNll(Input, Target, perSample));
        Assert.Throws<ArgumentException>(() => Losses.GaussianNll(Input, Target, Tensor.Full(-1f, 2, 3)));
    }

    [Fact]
    public void GradientsMatchFiniteDifferences()
    {
        var x = NnAssert.Leaf(1, 2, 3);
        var y = Tensor.Randn([2, 3], new Generator(2));
        var variance = Tensor.Rand([2, 3], new Generator(3), 0.5f, 2f).RequireGrad();
        GradCheck.Check(xs => Losses.Mse(xs[0], y), [x]);
        GradCheck.Check(xs => Losses.L1(xs[0], y), [x]);
        GradCheck.Check(xs => Losses.Lp(xs[0], y, 3f), [x]);
        GradCheck.Check(xs => Losses.Huber(xs[0], y, 0.7f), [x]);
        GradCheck.Check(xs => Losses.GaussianNll(xs[0], y, xs[1]), [x, variance]);
    }

    [Fact]
    public void ShapeMismatchNamesBothShapes()
    {
        var ex = Assert.Throws<ArgumentException>(() => Losses.Mse(Tensor.Ones(2, 3), Tensor.Ones(3, 2)));
        Assert.Contains("[2, 3]", ex.Message);
        Assert.Contains("[3, 2]", ex.Message);
    }
}
