using Latent.Models.Gans;
using Latent.NN;
using Latent.Tensors;


namespace Latent.Tests.Models.Gans;

public class TrickTests
{
    [Fact]
    public void PerExampleNoiseGoesThroughTheBatchsDrawWhenItHasOne()
    {
        var real = Tensor.Zeros(3, 2);
        var direct = new GanBatch(real, real, null);
        Assert.Equal([3, 1], direct.DrawRows(3, n => Tensor.Zeros(n, 1)).Shape);
        // A sharded draw: the global batch of 5 rows, of which this rank keeps rows 2..4.
        var sharded = direct with { Draw = (rows, draw) => draw(5).Narrow(0, 2, rows) };
        var eps = sharded.DrawRows(3, n => Tensor.FromArray(Enumerable.Range(0, n).Select(i => (float)i).ToArray(), n, 1));
        Assert.Equal([2f, 3f, 4f], eps.ToArray());
    }

    [Fact]
    public void MinibatchDiscriminationMatchesAHandComputation()
    {
        var gen = new Generator(5);
        var layer = new MinibatchDiscrimination(3, kernels: 2, kernelDim: 2, gen);
        var x = Tensor.Randn([4, 3], gen);
        var y = layer.Forward(x);
        Assert.Equal([4, 5], y.Shape);
        var t = layer.T.ToArray();
        var f = x.ToArray();
        // M_i[b, c] = Σ_a f[i, a]·T[a, b·C + c]; o_i[b] = Σ_j exp(−Σ_c |M_i[b, c] − M_j[b, c]|).
        double M(int i, int b, int c) => Enumerable.Range(0, 3).Sum(a => (double)f[i * 3 + a] * t[a * 4 + b * 2 + c]);
        for (int i = 0; i < 4; i++)
        {
            for (int a = 0; a < 3; a++) Assert.Equal(f[i * 3 + a], y[i, a]);
            for (int b = 0; b < 2; b++)
            {
                double o = Enumerable.Range(0, 4).Sum(j => Math.Exp(-Enumerable.Range(0, 2).Sum(c => Math.Abs(M(i, b, c) - M(j, b, c)))));
                Close.Assert(o, y[i, 3 + b], atol: 1e-4, rtol: 1e-4);
            }
        }
    }

    [Fact]
    public void MinibatchDiscriminationSeesACollapsedBatch()
    {
        // Identical samples give the largest similarity sum, N per kernel.
        var layer = new MinibatchDiscrimination(2, 3, 2, new Generator(1));
        var same = layer.Forward(Tensor.Ones(5, 2));
        for (int b = 0; b < 3; b++) Close.Assert(5f, same[0, 2 + b], atol: 1e-4, rtol: 1e-4);
    }

    [Fact]
    public void MinibatchStdDevAppendsTheMeanFeatureSpread()
    {
        var x = Tensor.FromArray([0f, 10f, 2f, 10f], 2, 2); // per-feature population std: 1 and 0 → mean 0.5
        var y = new MinibatchStdDev().Forward(x);
        Assert.Equal([2, 3], y.Shape);
        Close.Assert(0.5f, y[0, 2], atol: 1e-3, rtol: 1e-3);
        Close.Assert(0.5f, y[1, 2], atol: 1e-3, rtol: 1e-3);
        var images = new MinibatchStdDev().Forward(Tensor.Randn([3, 2, 4, 4], new Generator(2)));
        Assert.Equal([3, 3, 4, 4], images.Shape);
        Assert.Throws<ArgumentException>(() => new MinibatchStdDev().Forward(Tensor.Zeros(1, 4)));
    }

    [Fact]
    public void FeatureMatchingLossIsTheSquaredDistanceOfFeatureMeans()
    {
        var real = Tensor.FromArray([1f, 2f, 3f, 4f], 2, 2);   // means (2, 3)
        var fake = Tensor.FromArray([0f, 0f, 2f, 2f], 2, 2).RequireGrad(); // means (1, 1)
        var loss = FeatureMatching.Loss(real, fake);
        Close.Assert(1f + 4f, loss.Item(), atol: 1e-5, rtol: 1e-5);
        // d/dfake = −2(μ_real − μ_fake)/N per row: (−1, −2).
        var g = Autograd.Grad(loss, fake);
        Assert.Equal([-1f, -2f, -1f, -2f], g.ToArray());
    }

    [Fact]
    public void HistoricalAveragingPenalizesDistanceFromTheRunningMean()
    {
        var p = Tensor.FromArray([1f, 2f], 2).RequireGrad();
        var history = new HistoricalAverage([p]);
        Assert.Equal(0f, history.Penalty().Item());
        p.Data[0] = 3f; // θ = (3, 2), average still (1, 2)
        Close.Assert(4f, history.Penalty().Item(), atol: 1e-5, rtol: 1e-5);
        history.Update(); // average of (1, 2) and (3, 2) = (2, 2)
        Assert.Equal([2f, 2f], history.Averages[0].ToArray());
        Close.Assert(1f, history.Penalty().Item(), atol: 1e-5, rtol: 1e-5);
        Assert.Equal([2f, 0f], Autograd.Grad(history.Penalty(), p).ToArray());
    }

    [Fact]
    public void ReplayBufferStoresPastFakesAndMixesThemIn()
    {
        var gen = new Generator(3);
        var buffer = new ReplayBuffer(capacity: 4, fraction: 0.5);
        var first = Tensor.FromArray([1f, 1f, 2f, 2f], 2, 2);
        Assert.Equal(first.ToArray(), buffer.MixAndPush(first, gen).ToArray()); // empty: unchanged
        Assert.Equal(first.ToArray(), buffer.Contents().ToArray());
        var second = Tensor.FromArray([7f, 7f, 8f, 8f], 2, 2);
        var mixed = buffer.MixAndPush(second, gen).ToArray();
        // Exactly one of the two rows was replaced by a stored past sample (value 1 or 2).
        int replaced = Enumerable.Range(0, 2).Count(r => mixed[2 * r] is 1f or 2f);
        Assert.Equal(1, replaced);
        Assert.Equal(4, buffer.Count);
        Assert.Equal([1f, 1f, 2f, 2f, 7f, 7f, 8f, 8f], buffer.Contents().ToArray());
        buffer.Push(Tensor.Full(9f, 3, 2), gen); // full: new samples overwrite random old ones
        Assert.Equal(4, buffer.Count);
        Assert.Contains(9f, buffer.Contents().ToArray());
        Assert.Throws<ArgumentException>(() => buffer.Push(Tensor.Zeros(1, 3), gen));
    }

    [Fact]
    public void SnapshotSwappingLoadsAPastNetworkAndRestoresTheCurrentOne()
    {
        var net = new Linear(1, 1, new Generator(1), bias: false);
        net.Weight.Data[0] = 1f;
        var pool = new SnapshotPool(net);
        pool.Capture();
        net.Weight.Data[0] = 5f;
        pool.SwapIn(new Generator(0));
        Assert.True(pool.IsSwapped);
        Assert.Equal(1f, net.Weight.Data[0]);
        pool.Restore();
        Assert.Equal(5f, net.Weight.Data[0]);
        Assert.Throws<InvalidOperationException>(() => pool.Restore());
    }

    [Fact]
    public void ConditionalNetworksTakeOneHotOrEmbeddedLabels()
    {
        var gen = new Generator(4);
        Assert.Equal([0f, 0f, 1f, 1f, 0f, 0f], LabelEncoder.OneHot([2, 0], 3).ToArray());
        var g = new MlpGenerator(4, [2], [8], gen, labels: new LabelEncoder(3, LabelEncoding.Embedding, 5, gen));
        var d = new MlpDiscriminator(2, [8], gen, labels: new LabelEncoder(3, LabelEncoding.OneHot, 0, gen));
        var x = g.Generate(g.SampleLatent(2, gen), [0, 2]);
        Assert.Equal([2], d.Score(x, [0, 2]).Shape);
        // The label changes the output for the same z.
        var z = g.SampleLatent(1, gen);
        Assert.NotEqual(g.Generate(z, [0]).ToArray(), g.Generate(z, [1]).ToArray());
        Assert.Throws<ArgumentException>(() => d.Score(x));
        Assert.Throws<ArgumentException>(() => d.Score(x, [0, 3]));
    }
}

public class LatentWalksTests
{
    [Fact]
    public void LinearInterpolationHitsBothEndsAndTheMidpoint()
    {
        var path = LatentWalks.Interpolate(Tensor.FromArray([0f, 2f], 2), Tensor.FromArray([4f, 2f], 2), 3);
        Assert.Equal([0f, 2f, 2f, 2f, 4f, 2f], path.ToArray());
    }

    [Fact]
    public void SphericalInterpolationKeepsTheNormOfEqualNormCodes()
    {
        var path = LatentWalks.Interpolate(Tensor.FromArray([3f, 0f], 2), Tensor.FromArray([0f, 3f], 2), 5, spherical: true);
        for (int s = 0; s < 5; s++) Close.Assert(3f, MathF.Sqrt(path[s, 0] * path[s, 0] + path[s, 1] * path[s, 1]), atol: 1e-4, rtol: 1e-4);
        Close.Assert(3f * MathF.Sqrt(0.5f), path[2, 0], atol: 1e-4, rtol: 1e-4);
    }

    [Fact]
    public void AnalogyAveragesEachConceptThenAddsAndSubtracts()
    {
        var a = Tensor.FromArray([1f, 1f, 3f, 3f], 2, 2); // mean (2, 2)
        var b = Tensor.FromArray([1f, 0f], 1, 2);
        var c = Tensor.FromArray([0f, 5f, 0f, 7f], 2, 2); // mean (0, 6)
        Assert.Equal([1f, 8f], LatentWalks.Analogy(a, b, c).ToArray());
        Assert.Throws<ArgumentException>(() => LatentWalks.Analogy(a, Tensor.Zeros(1, 3), c));
    }
}
