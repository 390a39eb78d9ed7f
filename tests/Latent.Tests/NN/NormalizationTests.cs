using Latent.NN;
using Latent.Tensors;

namespace Latent.Tests.NN;

public class NormalizationTests
{
    /// <summary>Naive batch norm of [N, C, S] (S spatial positions flattened) with loops in double precision.</summary>
    private static (double[] Y, double[] Mean, double[] BiasedVar) NaiveBatchNorm(Tensor x, float[] gamma, float[] beta, double eps)
    {
        int n = x.Shape[0], c = x.Shape[1], s = x.Size / (n * c);
        var data = x.ToArray();
        var y = new double[data.Length];
        var means = new double[c];
        var vars = new double[c];
        for (int ch = 0; ch < c; ch++)
        {
            double sum = 0, sq = 0;
            for (int i = 0; i < n; i++)
                for (int p = 0; p < s; p++) sum += data[(i * c + ch) * s + p];
            double mean = sum / (n * s);
            for (int i = 0; i < n; i++)
                for (int p = 0; p < s; p++) sq += Math.Pow(data[(i * c + ch) * s + p] - mean, 2);
            double variance = sq / (n * s);
            for (int i = 0; i < n; i++)
                for (int p = 0; p < s; p++)
                {
                    int k = (i * c + ch) * s + p;
                    y[k] = (data[k] - mean) / Math.Sqrt(variance + eps) * gamma[ch] + beta[ch];
                }
            means[ch] = mean;
            vars[ch] = variance;
        }
        return (y, means, vars);
    }

    /// <summary>(v − mean) / √(biased variance + 1e-5) of a slice, in double precision.</summary>
    private static double[] Standardized(IEnumerable<float> values)
    {
        var v = values.Select(x => (double)x).ToArray();
        double mean = v.Average(), variance = v.Select(x => (x - mean) * (x - mean)).Average();
        return v.Select(x => (x - mean) / Math.Sqrt(variance + 1e-5)).ToArray();
    }

    private static void Randomize(NormalizationLayer layer, ulong seed)
    {
        var gen = new Generator(seed);
        gen.FillNormal(layer.Weight!.Data, 1f, 0.3f);
        gen.FillNormal(layer.Bias!.Data, 0f, 0.3f);
    }

    [Fact]
    public void BatchNorm2dTrainingMatchesFormulaAndUpdatesRunningStats()
    {
        var bn = new BatchNorm2d(3, momentum: 0.1f);
        Randomize(bn, 1);
        var x = Tensor.Randn([4, 3, 2, 5], new Generator(2), mean: 1.5f, std: 2f);
        var (y, mean, biasedVar) = NaiveBatchNorm(x, bn.Weight!.ToArray(), bn.Bias!.ToArray(), 1e-5);
        NnAssert.Close(y, bn.Forward(x), atol: 1e-4);
        int count = 4 * 2 * 5;
        NnAssert.Close(mean.Select(m => 0.1 * m).ToArray(), bn.RunningMean, atol: 1e-5);
        NnAssert.Close(biasedVar.Select(v => 0.9 + 0.1 * v * count / (count - 1)).ToArray(), bn.RunningVar, atol: 1e-5);
        Assert.Equal(1, bn.NumBatchesTracked);
    }

    [Theory]
    [InlineData(new[] { 8, 4, 6, 6 })]  // rows of 36: channel-parallel kernels
    [InlineData(new[] { 64, 5 })]       // [N, C]: row-major kernels
    [InlineData(new[] { 3, 2, 40 })]
    public void FusedBatchNormMatchesDoublePrecisionAtAnOffsetMean(int[] shape)
    {
        int c = shape[1];
        var gen = new Generator(8);
        var x = Tensor.Randn(shape, gen, mean: 50f, std: 0.5f);
        var gamma = Tensor.Randn([c], gen);
        var beta = Tensor.Randn([c], gen);
        var (y, mean, biasedVar) = NaiveBatchNorm(x, gamma.ToArray(), beta.ToArray(), 1e-5);
        var fused = x.BatchNorm(gamma, beta, 1e-5f, out var batchMean, out var batchVar);
        NnAssert.Close(y, fused, atol: 2e-3);
        NnAssert.Close(mean, batchMean, atol: 1e-4);
        NnAssert.Close(biasedVar, batchVar, atol: 1e-4);
    }

    [Fact]
    public void FusedBatchNormNamesBadShapes()
    {
        var gen = new Generator(2);
        Assert.Contains("[N, C, …]", Assert.Throws<ArgumentException>(() => Tensor.Randn([5], gen).BatchNorm(null, null, 1e-5f, out _, out _)).Message);
        var ex = Assert.Throws<ArgumentException>(() => Tensor.Randn([4, 3, 2], gen).BatchNorm(Tensor.Ones(2), null, 1e-5f, out _, out _));
        Assert.Contains("weight must be [3]", ex.Message);
        Assert.Contains("[2]", ex.Message);
    }

    [Fact]
    public void BatchNormEvalUsesRunningStats()
    {
        var bn = new BatchNorm1d(2);
        Randomize(bn, 3);
        for (int i = 0; i < 3; i++) bn.Forward(Tensor.Randn([6, 2], new Generator((ulong)(10 + i)), mean: 2f));
        Assert.Equal(3, bn.NumBatchesTracked);
        bn.Eval();
        var x = Tensor.Randn([5, 2], new Generator(4));
        var rm = bn.RunningMean.ToArray();
        var rv = bn.RunningVar.ToArray();
        var w = bn.Weight!.ToArray();
        var b = bn.Bias!.ToArray();
        var expected = new double[10];
        for (int n = 0; n < 5; n++)
            for (int c = 0; c < 2; c++)
                expected[n * 2 + c] = (x[n, c] - rm[c]) / Math.Sqrt(rv[c] + 1e-5) * w[c] + b[c];
        NnAssert.Close(expected, bn.Forward(x), atol: 1e-5);
        Assert.Equal(rm, bn.RunningMean.ToArray()); // evaluation leaves the statistics alone
    }

    [Fact]
    public void BatchNormCumulativeMomentumAveragesBatches()
    {
        var bn = new BatchNorm1d(1, momentum: null, affine: false);
        bn.Forward(Tensor.FromArray([1f, 3f], 2, 1));
        bn.Forward(Tensor.FromArray([5f, 7f, 9f], 3, 1));
        NnAssert.Close([(2.0 + 7.0) / 2], bn.RunningMean);
        NnAssert.Close([(2.0 + 4.0) / 2], bn.RunningVar); // unbiased variances 2 and 4
    }

    [Fact]
    public void BatchNormChecksShapes()
    {
        var bn = new BatchNorm2d(3);
        Assert.Contains("[N, 3, H, W]", Assert.Throws<ArgumentException>(() => bn.Forward(Tensor.Ones(2, 3))).Message);
        Assert.Contains("more than one value", Assert.Throws<ArgumentException>(() => new BatchNorm1d(3).Forward(Tensor.Ones(1, 3))).Message);
        var noStats = new BatchNorm1d(2, trackRunningStats: false);
        Assert.Empty(noStats.Buffers());
        Assert.Throws<InvalidOperationException>(() => noStats.RunningMean);
    }

    [Theory]
    [InlineData(0f, new[] { 6, 3, 7, 7 })]    // DCGAN's generator: 49 values per row (vector lanes and a tail)
    [InlineData(0.2f, new[] { 5, 4, 3, 6 })] // a discriminator's leaky ReLU on rows shorter than the row-major threshold
    [InlineData(0f, new[] { 9, 5 })]         // BatchNorm1d on [N, C]: one value per row
    public void ABatchNormFollowedByARectifierInASequentialEqualsTheTwoLayersValueForValue(float slope, int[] shape)
    {
        var gen = new Generator(41);
        Module Norm() => shape.Length == 4 ? new BatchNorm2d(shape[1]) : new BatchNorm1d(shape[1]);
        Module Act() => slope == 0 ? new Relu() : new LeakyRelu(slope);
        var (fusedNorm, plainNorm) = ((NormalizationLayer)Norm(), (NormalizationLayer)Norm());
        Randomize(fusedNorm, 3);
        Randomize(plainNorm, 3);
        var fused = new Sequential(fusedNorm, Act());
        var x = Tensor.Randn(shape, gen);
        var gy = Tensor.Randn(shape, gen);
        var xf = x.Clone().RequireGrad();
        var xp = x.Clone().RequireGrad();
        var yf = fused.Forward(xf);
        var yp = Act().Forward(plainNorm.Forward(xp));
        Assert.Equal(yp.ToArray(), yf.ToArray());
        Assert.Contains(yf.ToArray(), v => v == 0 || v < 0); // the rectifier did act
        yf.Backward(gy);
        yp.Backward(gy);
        Assert.Equal(xp.Grad!.ToArray(), xf.Grad!.ToArray());
        Assert.Equal(plainNorm.Weight!.Grad!.ToArray(), fusedNorm.Weight!.Grad!.ToArray());
        Assert.Equal(plainNorm.Bias!.Grad!.ToArray(), fusedNorm.Bias!.Grad!.ToArray());
        var bn = (BatchNormBase)fusedNorm;
        Assert.Equal(((BatchNormBase)plainNorm).RunningMean.ToArray(), bn.RunningMean.ToArray());
        Assert.Equal(((BatchNormBase)plainNorm).RunningVar.ToArray(), bn.RunningVar.ToArray());
        // Evaluation with running statistics takes the unfused path, with the same values.
        fused.Train(false);
        plainNorm.Train(false);
        using var _ = Autograd.NoGrad();
        Assert.Equal(Act().Forward(plainNorm.Forward(x)).ToArray(), fused.Forward(x).ToArray());
    }

    [Fact]
    public void TheFusedRectifierIsDifferentiableTwice()
    {
        var bn = new BatchNorm2d(2);
        Randomize(bn, 8);
        var x = NnAssert.Leaf(12, 3, 2, 2, 3); // a seed with no normalized value within the finite differences' step of the kink
        GradCheck.Check(xs => bn.ForwardRectified(xs[0], 0.2f), [x, bn.Weight!, bn.Bias!]);
        GradCheck.CheckSecondOrder(xs => bn.ForwardRectified(xs[0], 0.2f).Square(), [x, bn.Weight!]);
        Assert.Throws<ArgumentException>(() => x.BatchNormRectified(null, null, 1e-5f, float.NaN, out _, out _));
    }

    [Fact]
    public void BatchNormGradientAndGradientOfGradient()
    {
        var bn = new BatchNorm1d(2);
        Randomize(bn, 5);
        var x = NnAssert.Leaf(6, 5, 2, 3);
        GradCheck.Check(xs => bn.Forward(xs[0]), [x, bn.Weight!, bn.Bias!]);
        GradCheck.CheckSecondOrder(xs => bn.Forward(xs[0]), [x, bn.Weight!]);
    }

    [Fact]
    public void LayerNormMatchesLoopsAndGradients()
    {
        var ln = new LayerNorm([2, 3]);
        Randomize(ln, 7);
        var x = Tensor.Randn([4, 2, 3], new Generator(8), mean: -1f, std: 3f);
        var expected = new double[x.Size];
        var data = x.ToArray();
        var w = ln.Weight!.ToArray();
        var b = ln.Bias!.ToArray();
        for (int n = 0; n < 4; n++)
        {
            var row = Standardized(data.Skip(n * 6).Take(6));
            for (int k = 0; k < 6; k++) expected[n * 6 + k] = row[k] * w[k] + b[k];
        }
        NnAssert.Close(expected, ln.Forward(x), atol: 1e-4);
        var leaf = NnAssert.Leaf(9, 3, 2, 3);
        GradCheck.Check(xs => ln.Forward(xs[0]), [leaf, ln.Weight!, ln.Bias!]);
        GradCheck.CheckSecondOrder(xs => ln.Forward(xs[0]), [leaf, ln.Weight!]);
        Assert.Contains("[2, 3]", Assert.Throws<ArgumentException>(() => ln.Forward(Tensor.Ones(4, 3, 2))).Message);
    }

    [Fact]
    public void GroupNormMatchesLoopsAndGradients()
    {
        var gn = new GroupNorm(2, 4);
        Randomize(gn, 10);
        var x = Tensor.Randn([3, 4, 5], new Generator(11), mean: 0.5f, std: 2f);
        var data = x.ToArray();
        var w = gn.Weight!.ToArray();
        var b = gn.Bias!.ToArray();
        var expected = new double[x.Size];
        for (int n = 0; n < 3; n++)
            for (int g = 0; g < 2; g++)
            {
                int start = n * 20 + g * 10; // 2 channels × 5 positions per group
                var group = Standardized(data.Skip(start).Take(10));
                for (int k = 0; k < 10; k++)
                {
                    int channel = g * 2 + k / 5;
                    expected[start + k] = group[k] * w[channel] + b[channel];
                }
            }
        NnAssert.Close(expected, gn.Forward(x), atol: 1e-4);
        var leaf = NnAssert.Leaf(12, 2, 4, 3);
        GradCheck.Check(xs => gn.Forward(xs[0]), [leaf, gn.Weight!, gn.Bias!]);
        GradCheck.CheckSecondOrder(xs => gn.Forward(xs[0]), [leaf, gn.Bias!]);
        Assert.Throws<ArgumentException>(() => new GroupNorm(3, 4));
    }

    [Fact]
    public void InstanceNormMatchesLoopsAndGradients()
    {
        var inorm = new InstanceNorm2d(2, affine: true);
        Randomize(inorm, 13);
        var x = Tensor.Randn([2, 2, 3, 3], new Generator(14), mean: 2f);
        var data = x.ToArray();
        var w = inorm.Weight!.ToArray();
        var b = inorm.Bias!.ToArray();
        var expected = new double[x.Size];
        for (int nc = 0; nc < 4; nc++)
        {
            var plane = Standardized(data.Skip(nc * 9).Take(9));
            for (int k = 0; k < 9; k++) expected[nc * 9 + k] = plane[k] * w[nc % 2] + b[nc % 2];
        }
        NnAssert.Close(expected, inorm.Forward(x), atol: 1e-4);
        inorm.Eval();
        NnAssert.Close(expected, inorm.Forward(x), atol: 1e-4); // no running statistics: same in evaluation
        var leaf = NnAssert.Leaf(15, 2, 2, 2, 3);
        GradCheck.Check(xs => inorm.Forward(xs[0]), [leaf, inorm.Weight!]);
        GradCheck.CheckSecondOrder(xs => inorm.Forward(xs[0]), [leaf]);
        Assert.Empty(new InstanceNorm2d(3).Parameters());
    }
}
