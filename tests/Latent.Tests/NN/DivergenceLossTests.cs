using Latent.NN;
using Latent.Tensors;

namespace Latent.Tests.NN;

public class DivergenceLossTests
{
    [Fact]
    public void GaussianKlSpecialCases()
    {
        var mu = Tensor.Randn([3, 4], new Generator(1));
        var logVar = Tensor.Randn([3, 4], new Generator(2), std: 0.5f);
        NnAssert.Close(0, Losses.KlDivergenceGaussian(mu, logVar, mu, logVar), atol: 1e-6);
        NnAssert.Close(Losses.KlDivergenceStandardNormal(mu, logVar), Losses.KlDivergenceGaussian(mu, logVar, Tensor.Zeros(3, 4), Tensor.Zeros(3, 4)), atol: 1e-5);
        // Equal variances: KL = (μ₁ − μ₂)² / (2σ²).
        var kl = Losses.KlDivergenceGaussian(Tensor.FromArray([1f]), Tensor.FromArray([MathF.Log(4f)]), Tensor.FromArray([3f]), Tensor.FromArray([MathF.Log(4f)]), Reduction.Sum);
        NnAssert.Close(4.0 / 8.0, kl);
        // BatchMean sums the latent dimensions and averages the batch.
        NnAssert.Close(Losses.KlDivergenceStandardNormal(mu, logVar, Reduction.Sum).Item() / 3, Losses.KlDivergenceStandardNormal(mu, logVar), rtol: 1e-5);
    }

    [Fact]
    public void GaussianKlAgreesWithMonteCarlo()
    {
        float mu1 = 0.5f, lv1 = -0.4f, mu2 = -0.3f, lv2 = 0.6f;
        var gen = new Generator(3);
        double s1 = Math.Exp(lv1 / 2), s2 = Math.Exp(lv2 / 2), sum = 0;
        const int n = 200_000;
        for (int i = 0; i < n; i++)
        {
            double z = mu1 + s1 * gen.NextNormal();
            double logP = -0.5 * Math.Pow((z - mu1) / s1, 2) - Math.Log(s1);
            double logQ = -0.5 * Math.Pow((z - mu2) / s2, 2) - Math.Log(s2);
            sum += logP - logQ;
        }
        var kl = Losses.KlDivergenceGaussian(Tensor.FromArray([mu1]), Tensor.FromArray([lv1]), Tensor.FromArray([mu2]), Tensor.FromArray([lv2]));
        Assert.InRange(kl.Item(), sum / n - 0.01, sum / n + 0.01);
    }

    [Fact]
    public void CategoricalKlAndJsMatchDefinitions()
    {
        var p = Tensor.FromArray([0.5f, 0.5f, 0f, 0.1f, 0.6f, 0.3f], 2, 3);
        var q = Tensor.FromArray([0.25f, 0.25f, 0.5f, 0.3f, 0.3f, 0.4f], 2, 3);
        double Kl(double[] a, double[] b) => a.Zip(b, (x, y) => x == 0 ? 0 : x * Math.Log(x / y)).Sum();
        double[] Row(Tensor t, int i) => Enumerable.Range(0, 3).Select(j => (double)t[i, j]).ToArray();
        var kls = Enumerable.Range(0, 2).Select(i => Kl(Row(p, i), Row(q, i))).ToArray();
        NnAssert.Close(kls, Losses.KlDivergenceCategorical(p, q, fromLogits: false, reduction: Reduction.None));
        var js = Enumerable.Range(0, 2).Select(i =>
        {
            var a = Row(p, i);
            var b = Row(q, i);
            var m = a.Zip(b, (x, y) => (x + y) / 2).ToArray();
            return 0.5 * Kl(a, m) + 0.5 * Kl(b, m);
        }).ToArray();
        NnAssert.Close(js, Losses.JsDivergence(p, q, fromLogits: false, reduction: Reduction.None));
        // Disjoint supports give log 2; logits and probabilities agree.
        NnAssert.Close(Math.Log(2), Losses.JsDivergence(Tensor.FromArray([1f, 0f]), Tensor.FromArray([0f, 1f]), fromLogits: false, reduction: Reduction.Sum));
        var logitsP = Tensor.Randn([2, 3], new Generator(4));
        var logitsQ = Tensor.Randn([2, 3], new Generator(5));
        NnAssert.Close(Losses.JsDivergence(logitsP.Softmax(), logitsQ.Softmax(), fromLogits: false), Losses.JsDivergence(logitsP, logitsQ), atol: 1e-6);
        NnAssert.Close(Losses.KlDivergenceCategorical(logitsP.Softmax(), logitsQ.Softmax(), fromLogits: false), Losses.KlDivergenceCategorical(logitsP, logitsQ), atol: 1e-6);
    }

    [Fact]
    public void GradientsMatchFiniteDifferences()
    {
        var mu = NnAssert.Leaf(6, 2, 3);
        var logVar = NnAssert.Leaf(7, 2, 3);
        var mu2 = NnAssert.Leaf(8, 2, 3);
        var logVar2 = NnAssert.Leaf(9, 2, 3);
        GradCheck.Check(xs => Losses.KlDivergenceGaussian(xs[0], xs[1], xs[2], xs[3]), [mu, logVar, mu2, logVar2]);
        GradCheck.Check(xs => Losses.KlDivergenceStandardNormal(xs[0], xs[1]), [mu, logVar]);
        GradCheck.Check(xs => Losses.KlDivergenceCategorical(xs[0], xs[1]), [mu, logVar]);
        GradCheck.Check(xs => Losses.JsDivergence(xs[0], xs[1]), [mu, logVar]);
        var probs = Tensor.Rand([2, 3], new Generator(10), 0.2f, 0.8f).RequireGrad();
        GradCheck.Check(xs => Losses.JsDivergence(xs[0], Tensor.FromArray([0.2f, 0.3f, 0.5f]).Expand(2, 3), fromLogits: false), [probs], eps: 1e-3f);
    }
}
