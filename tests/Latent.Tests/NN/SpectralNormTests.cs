using Latent.NN;
using Latent.Tensors;

namespace Latent.Tests.NN;

public class SpectralNormTests
{
    /// <summary>The largest singular value by many power iterations in double precision.</summary>
    private static double LargestSingularValue(Tensor w)
    {
        int rows = w.Shape[0], cols = w.Size / rows;
        var a = w.ToArray();
        var v = Enumerable.Range(0, cols).Select(i => 1.0 + 0.1 * i).ToArray();
        double sigma = 0;
        for (int it = 0; it < 500; it++)
        {
            var u = new double[rows];
            for (int r = 0; r < rows; r++)
                for (int c = 0; c < cols; c++) u[r] += a[r * cols + c] * v[c];
            var next = new double[cols];
            for (int c = 0; c < cols; c++)
                for (int r = 0; r < rows; r++) next[c] += a[r * cols + c] * u[r];
            double norm = Math.Sqrt(next.Sum(x => x * x));
            sigma = Math.Sqrt(norm);
            v = next.Select(x => x / norm).ToArray();
        }
        return sigma;
    }

    [Fact]
    public void NormalizedWeightHasUnitSpectralNorm()
    {
        var gen = new Generator(1);
        var layer = new Linear(6, 4, gen);
        Init.Normal(layer.GetParameter("weight"), gen, 0f, 1f);
        double original = LargestSingularValue(layer.GetParameter("weight"));
        var sn = new SpectralNorm(layer, gen);
        for (int i = 0; i < 20; i++) sn.Forward(Tensor.Ones(2, 6));
        Assert.InRange(sn.Sigma, original * 0.999, original * 1.001);
        Assert.InRange(LargestSingularValue(layer.Weight), 0.999, 1.001);
        var x = Tensor.Randn([3, 6], gen);
        NnAssert.Close(x.Linear(sn.WeightOrig / (float)original, layer.Bias), sn.Forward(x), atol: 1e-4);
    }

    [Fact]
    public void StateDictHoldsOrigAndSingularVectors()
    {
        var gen = new Generator(2);
        var sn = new SpectralNorm(new Linear(3, 2, gen), gen);
        var net = new Sequential(sn, new Relu());
        Assert.Equal(["0.module.bias", "0.module.weight_orig", "0.module.weight_u", "0.module.weight_v"], net.StateDict().Keys);
        Assert.Equal(["0.module.bias", "0.module.weight_orig"], net.NamedParameters().Select(p => p.Name));

        var copy = new Sequential(new SpectralNorm(new Linear(3, 2, new Generator(9)), new Generator(9)), new Relu());
        copy.LoadStateDict(net.StateDict());
        net.Eval();
        copy.Eval();
        var x = Tensor.Randn([4, 3], gen);
        Assert.Equal(net.Forward(x).ToArray(), copy.Forward(x).ToArray());
    }

    [Fact]
    public void EvalDoesNotIterateAndGradientFlowsThroughWeightOnly()
    {
        var gen = new Generator(3);
        var sn = new SpectralNorm(new Linear(4, 3, gen), gen);
        var u = sn.Module.GetBuffer("weight_u");
        sn.Eval();
        var before = u.ToArray();
        sn.Forward(Tensor.Ones(1, 4));
        Assert.Equal(before, u.ToArray());
        // With u and v constant, W/σ(W) is a smooth function of W: check it (and its second derivative) numerically.
        var w = sn.WeightOrig;
        var x = Tensor.Randn([2, 4], gen);
        GradCheck.Check(_ => sn.Forward(x), [w], eps: 3e-3f);
        GradCheck.CheckSecondOrder(_ => sn.Forward(x).Square(), [w], eps: 3e-3f);
    }

    [Fact]
    public void WorksOnHigherRankWeights()
    {
        var gen = new Generator(4);
        var module = new RankFourWeight(gen);
        var sn = new SpectralNorm(module, gen, powerIterations: 5);
        for (int i = 0; i < 10; i++) sn.Forward(Tensor.Ones(1));
        Assert.Equal([5], module.GetBuffer("weight_u").Shape);
        Assert.Equal([2 * 3 * 3], module.GetBuffer("weight_v").Shape);
        Assert.InRange(LargestSingularValue(sn.ComputeWeight()), 0.999, 1.001);
    }

    private sealed class RankFourWeight : Module
    {
        public RankFourWeight(Generator gen) => RegisterParameter("weight", Tensor.Randn([5, 2, 3, 3], gen));

        public override Tensor Forward(Tensor x) => Get("weight").Sum() * x;
    }
}
