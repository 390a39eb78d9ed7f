using Latent.NN;
using Latent.Tensors;

namespace Latent.Tests.NN;

public class VirtualBatchNormTests
{
    private const double Eps = 1e-5;

    /// <summary>
    /// The paper's formula by hand, in double precision: x [n, C, S…] normalized with the reference r [m, C, S…]
    /// (mean and mean of squares over batch and spatial axes, weight m/(m+1)) and the example's own spatial statistics
    /// (weight 1/(m+1)), then γ, β. Also returns the reference batch normalized with its own statistics.
    /// </summary>
    private static (double[] Y, double[] ReferenceY, double[] RefMean, double[] RefMeanSq) Hand(
        double[] x, int n, double[] r, int m, int c, float[] gamma, float[] beta)
    {
        int s = x.Length / (n * c);
        var refMean = new double[c];
        var refSq = new double[c];
        for (int k = 0; k < m; k++)
            for (int ch = 0; ch < c; ch++)
                for (int p = 0; p < s; p++)
                {
                    double v = r[(k * c + ch) * s + p];
                    refMean[ch] += v / (m * s);
                    refSq[ch] += v * v / (m * s);
                }
        var referenceY = new double[r.Length];
        for (int k = 0; k < m; k++)
            for (int ch = 0; ch < c; ch++)
                for (int p = 0; p < s; p++)
                {
                    int idx = (k * c + ch) * s + p;
                    referenceY[idx] = (r[idx] - refMean[ch]) / Math.Sqrt(refSq[ch] - refMean[ch] * refMean[ch] + Eps) * gamma[ch] + beta[ch];
                }
        double a = 1.0 / (m + 1);
        var y = new double[x.Length];
        for (int i = 0; i < n; i++)
            for (int ch = 0; ch < c; ch++)
            {
                double own = 0, ownSq = 0;
                for (int p = 0; p < s; p++)
                {
                    double v = x[(i * c + ch) * s + p];
                    own += v / s;
                    ownSq += v * v / s;
                }
                double mean = a * own + (1 - a) * refMean[ch];
                double meanSq = a * ownSq + (1 - a) * refSq[ch];
                for (int p = 0; p < s; p++)
                {
                    int idx = (i * c + ch) * s + p;
                    y[idx] = (x[idx] - mean) / Math.Sqrt(meanSq - mean * mean + Eps) * gamma[ch] + beta[ch];
                }
            }
        return (y, referenceY, refMean, refSq);
    }

    /// <summary>x [n, in] through a linear layer, by hand in double precision.</summary>
    private static double[] HandLinear(Tensor x, Linear linear)
    {
        int n = x.Shape[0], inF = x.Shape[1];
        var w = linear.Weight.ToArray();
        var b = linear.Bias!.ToArray();
        int outF = b.Length;
        var xs = x.ToArray();
        var h = new double[n * outF];
        for (int i = 0; i < n; i++)
            for (int o = 0; o < outF; o++)
            {
                double sum = b[o];
                for (int k = 0; k < inF; k++) sum += (double)w[o * inF + k] * xs[i * inF + k];
                h[i * outF + o] = sum;
            }
        return h;
    }

    private static double[] Doubles(Tensor t) => t.ToArray().Select(v => (double)v).ToArray();

    private static void Randomize(VirtualBatchNorm vbn, ulong seed)
    {
        var gen = new Generator(seed);
        Tensor.Randn(vbn.Weight!.Shape, gen, 1f, 0.3f).Data.CopyTo(vbn.Weight!.Data);
        Tensor.Randn(vbn.Bias!.Shape, gen, 0f, 0.3f).Data.CopyTo(vbn.Bias!.Data);
    }

    [Fact]
    public void MatchesThePaperFormulaOnATinyNetwork()
    {
        var gen = new Generator(1);
        var linear = new Linear(3, 4, gen);
        var vbn = new VirtualBatchNorm(4);
        Randomize(vbn, 2);
        var net = new Sequential(linear, vbn);
        var reference = Tensor.Randn([6, 3], gen, 0.5f, 1.5f);
        var x = Tensor.Randn([3, 3], gen);

        Tensor? referenceOut = null;
        var y = VirtualBatchNorm.WithReference(net, () => referenceOut = net.Forward(reference), () => net.Forward(x));

        var hand = Hand(HandLinear(x, linear), 3, HandLinear(reference, linear), 6, 4, vbn.Weight!.ToArray(), vbn.Bias!.ToArray());
        NnAssert.Close(hand.Y, y, atol: 1e-4);
        NnAssert.Close(hand.ReferenceY, referenceOut!, atol: 1e-4); // the reference batch itself is batch-normalized
        Assert.False(vbn.HasReference); // the statistics live for one scope only
    }

    [Fact]
    public void FeatureMapsUseEachExamplesSpatialStatistics()
    {
        var vbn = new VirtualBatchNorm(2);
        Randomize(vbn, 3);
        var gen = new Generator(4);
        var reference = Tensor.Randn([4, 2, 3, 2], gen, 1f, 2f);
        var x = Tensor.Randn([2, 2, 3, 2], gen);
        var y = VirtualBatchNorm.WithReference(vbn, reference, () => vbn.Forward(x));
        var hand = Hand(Doubles(x), 2, Doubles(reference), 4, 2, vbn.Weight!.ToArray(), vbn.Bias!.ToArray());
        NnAssert.Close(hand.Y, y, atol: 1e-4);
    }

    [Fact]
    public void ReferenceStatisticsAreRecomputedAtTheCurrentWeights()
    {
        var gen = new Generator(5);
        var linear = new Linear(3, 4, gen);
        var vbn = new VirtualBatchNorm(4);
        var net = new Sequential(linear, vbn);
        var reference = Tensor.Randn([8, 3], gen);
        var x = Tensor.Randn([2, 3], gen);

        (float[] Mean, float[] MeanSq, float[] Y) Step()
        {
            float[] mean = [], meanSq = [];
            var y = VirtualBatchNorm.WithReference(net, reference, () =>
            {
                mean = vbn.ReferenceMean!.ToArray();
                meanSq = vbn.ReferenceMeanSquare!.ToArray();
                Assert.Equal(8, vbn.ReferenceCount);
                return net.Forward(x);
            });
            return (mean, meanSq, y.ToArray());
        }

        void AssertMatchesHand((float[] Mean, float[] MeanSq, float[] Y) step)
        {
            var hand = Hand(HandLinear(x, linear), 2, HandLinear(reference, linear), 8, 4, vbn.Weight!.ToArray(), vbn.Bias!.ToArray());
            NnAssert.Close(hand.RefMean, Tensor.FromArray(step.Mean, 4), atol: 1e-5);
            NnAssert.Close(hand.RefMeanSq, Tensor.FromArray(step.MeanSq, 4), atol: 1e-5);
            NnAssert.Close(hand.Y, Tensor.FromArray(step.Y, 2, 4), atol: 1e-4);
        }

        var before = Step();
        AssertMatchesHand(before);
        // A weight update (as an optimizer step would make) moves the reference statistics with it.
        var update = Tensor.Randn(linear.Weight.Shape, gen, 0f, 0.5f).ToArray();
        for (int i = 0; i < update.Length; i++) linear.Weight.Data[i] += update[i];
        linear.Bias!.Data[0] += 1f;
        var after = Step();
        AssertMatchesHand(after);
        for (int c = 0; c < 4; c++) Assert.True(Math.Abs(before.Mean[c] - after.Mean[c]) > 1e-3 || Math.Abs(before.MeanSq[c] - after.MeanSq[c]) > 1e-3);
        Assert.True(Math.Abs(before.Mean[0] - after.Mean[0]) > 0.5); // the bias shift alone moves channel 0's mean by 1
        Assert.Null(vbn.ReferenceMean);
    }

    private static (Sequential Net, Linear First) TwoLayerNet(ulong seed)
    {
        var gen = new Generator(seed);
        var first = new Linear(3, 5, gen);
        var vbn1 = new VirtualBatchNorm(5);
        var vbn2 = new VirtualBatchNorm(2);
        Randomize(vbn1, seed + 1);
        Randomize(vbn2, seed + 2);
        return (new Sequential(first, vbn1, new Tanh(), new Linear(5, 2, gen), vbn2), first);
    }

    [Fact]
    public void GradientsFlowThroughTheReferenceStatistics()
    {
        var (net, first) = TwoLayerNet(10);
        var x = NnAssert.Leaf(11, 3, 3);
        var reference = NnAssert.Leaf(12, 5, 3);
        // Finite differences re-run the reference pass at the perturbed weights, so they include that path.
        GradCheck.Check(xs => VirtualBatchNorm.WithReference(net, xs[1], () => net.Forward(xs[0])), [x, first.Weight, reference]);

        // The path through the reference statistics carries a real part of the gradient: cutting it changes the result.
        var probe = Tensor.Randn([3, 2], new Generator(13));
        Tensor[] Grads(bool throughReference)
        {
            var y = VirtualBatchNorm.WithReference(net, () =>
            {
                using var _ = GradMode.Set(throughReference);
                net.Forward(reference);
            }, () => net.Forward(x));
            return Autograd.Grad([(y * probe).Sum()], [first.Weight, reference], allowUnused: true)!;
        }
        var full = Grads(true);
        var cut = Grads(false);
        double difference = (full[0] - cut[0]).Norm().Item();
        Assert.True(difference > 0.05 * full[0].Norm().Item(), $"reference path contributes {difference} to a gradient of norm {full[0].Norm().Item()}");
        Assert.True(full[1].Norm().Item() > 1e-2); // the reference batch itself receives gradient
        Assert.Null(cut[1]);
    }

    [Fact]
    public void SecondDerivativesIncludeTheReferencePath()
    {
        var vbn = new VirtualBatchNorm(2);
        Randomize(vbn, 20);
        var x = NnAssert.Leaf(21, 2, 2, 3);
        var reference = NnAssert.Leaf(22, 3, 2, 3);
        GradCheck.CheckSecondOrder(xs => VirtualBatchNorm.WithReference(vbn, xs[1], () => vbn.Forward(xs[0])), [x, reference]);
    }

    [Fact]
    public void AnExampleDependsOnlyOnItselfAndTheReferenceBatch()
    {
        var gen = new Generator(30);
        var vbn1 = new VirtualBatchNorm(3);
        var vbn2 = new VirtualBatchNorm(2);
        Randomize(vbn1, 31);
        Randomize(vbn2, 32);
        var net = new Sequential(new Conv2d(1, 3, 3, gen, padding: 1), vbn1, new Relu(), new Conv2d(3, 2, 3, gen, padding: 1), vbn2);
        var reference = Tensor.Randn([4, 1, 5, 5], gen);
        var x = Tensor.Randn([5, 1, 5, 5], gen).RequireGrad();
        Tensor Run(Tensor input, Tensor referenceBatch) => VirtualBatchNorm.WithReference(net, referenceBatch, () => net.Forward(input));

        var y = Run(x, reference);
        for (int i = 0; i < 5; i++)
            NnAssert.Close(y.Narrow(0, i, 1), Run(x.Narrow(0, i, 1), reference), atol: 1e-5);
        // Replacing the other examples leaves example 0 unchanged; no gradient reaches them from it.
        var others = Tensor.Concat([x.Narrow(0, 0, 1).Detach(), Tensor.Randn([4, 1, 5, 5], gen, 3f, 2f)], 0);
        NnAssert.Close(y.Narrow(0, 0, 1), Run(others, reference).Narrow(0, 0, 1), atol: 1e-5);
        var grad = Autograd.Grad([y.Narrow(0, 0, 1).Sum()], [x])[0]!;
        Assert.True(grad.Narrow(0, 0, 1).Abs().Sum().Item() > 0);
        Assert.Equal(0f, grad.Narrow(0, 1, 4).Abs().Sum().Item());
        // But it does depend on the reference batch.
        var moved = Run(x, reference * 2f + 1f).Narrow(0, 0, 1);
        Assert.True((moved - y.Narrow(0, 0, 1)).Abs().Max().Item() > 1e-2);
    }

    [Fact]
    public void EvaluationUsesTheReferenceStatisticsAtTheCurrentWeights()
    {
        var (net, first) = TwoLayerNet(40);
        var reference = Tensor.Randn([6, 3], new Generator(41));
        var x = Tensor.Randn([4, 3], new Generator(42));
        var train = VirtualBatchNorm.WithReference(net, reference, () => net.Forward(x));
        net.Eval();
        var eval = VirtualBatchNorm.WithReference(net, reference, () => net.Forward(x));
        NnAssert.Close(train, eval, atol: 1e-6);
        first.Weight.Data[0] += 1f;
        var changed = VirtualBatchNorm.WithReference(net, reference, () => net.Forward(x));
        Assert.True((changed - eval).Abs().Max().Item() > 1e-3);
        Assert.Throws<InvalidOperationException>(() => net.Forward(x)); // evaluation needs the reference pass too
    }

    [Fact]
    public void MisuseIsAClearError()
    {
        var vbn = new VirtualBatchNorm(2);
        var net = new Sequential(new Linear(2, 2, new Generator(50)), vbn);
        var reference = Tensor.Randn([4, 2], new Generator(51));
        var x = Tensor.Randn([3, 2], new Generator(52));

        var outside = Assert.Throws<InvalidOperationException>(() => net.Forward(x));
        Assert.Contains("WithReference", outside.Message);

        var nested = Assert.Throws<InvalidOperationException>(() => VirtualBatchNorm.WithReference(net, reference,
            () => VirtualBatchNorm.WithReference(net, reference, () => net.Forward(x))));
        Assert.Contains("do not nest", nested.Message);

        var twice = Assert.Throws<InvalidOperationException>(() => VirtualBatchNorm.WithReference(net, () =>
        {
            net.Forward(reference);
            net.Forward(reference);
        }, () => net.Forward(x)));
        Assert.Contains("twice", twice.Message);

        var unreached = Assert.Throws<InvalidOperationException>(() => VirtualBatchNorm.WithReference(net, () => { }, () => net.Forward(x)));
        Assert.Contains("did not reach", unreached.Message);

        Assert.Throws<ArgumentException>(() => VirtualBatchNorm.WithReference(vbn, Tensor.Randn([1, 2], new Generator(53)), () => vbn.Forward(x)));
        Assert.Throws<ArgumentException>(() => VirtualBatchNorm.WithReference(vbn, reference, () => vbn.Forward(Tensor.Randn([3, 5], new Generator(54)))));

        // Every failure above left the layer idle: a proper scope still works, and so does the manual scope.
        Assert.False(vbn.HasReference);
        var y = VirtualBatchNorm.WithReference(net, reference, () => net.Forward(x));
        using (VirtualBatchNorm.UseReference(net, () => net.Forward(reference)))
        {
            Assert.True(vbn.HasReference);
            NnAssert.Close(y, net.Forward(x), atol: 1e-6);
        }
        Assert.False(vbn.HasReference);
        Assert.Empty(vbn.Buffers()); // nothing frozen: the statistics are never state
    }
}
