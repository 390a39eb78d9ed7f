using Latent.NN;
using Latent.Tensors;

namespace Latent.Tests.NN;

public class WeightNormTests
{
    [Fact]
    public void StartsAsTheWrappedLayerAndComputesLengthTimesUnitDirection()
    {
        var gen = new Generator(1);
        var layer = new Linear(5, 3, gen);
        var x = Tensor.Randn([4, 5], gen);
        var before = layer.Forward(x).ToArray();
        var original = layer.Weight.ToArray();
        var wn = new WeightNorm(layer);
        NnAssert.Close([.. before.Select(v => (double)v)], wn.Forward(x), atol: 1e-5);
        for (int r = 0; r < 3; r++)
            Close.Assert(Math.Sqrt(original.Skip(5 * r).Take(5).Sum(v => (double)v * v)), wn.Length.ToArray()[r], atol: 1e-6, rtol: 1e-5);

        // Set g = (1, 2, 3) and V by hand: row r of the weight must be g_r · V_r / ‖V_r‖.
        wn.Length.CopyFrom(Tensor.FromArray([1f, 2f, 3f], 3));
        float[] v = [3, 4, 0, 0, 0, 0, 0, 1, 0, 0, 1, 1, 1, 1, 0];
        wn.Direction.CopyFrom(Tensor.FromArray(v, 3, 5));
        double[] expected = [0.6, 0.8, 0, 0, 0, 0, 0, 2, 0, 0, 1.5, 1.5, 1.5, 1.5, 0];
        NnAssert.Close(expected, wn.ComputeWeight(), atol: 1e-6);
        NnAssert.Close(x.Linear(Tensor.FromArray([.. expected.Select(e => (float)e)], 3, 5), layer.Bias), wn.Forward(x), atol: 1e-5);
    }

    [Fact]
    public void NamesItsParametersAndPassesGradientsToLengthAndDirection()
    {
        var gen = new Generator(2);
        var net = new Sequential(new WeightNorm(new Conv2d(2, 3, 3, gen, padding: 1)), new Relu());
        Assert.Equal(["0.module.bias", "0.module.weight_v", "0.weight_g"], net.NamedParameters().Select(p => p.Name).Order(StringComparer.Ordinal));
        var wn = (WeightNorm)net.Children().First();
        var x = Tensor.Randn([2, 2, 4, 4], gen);
        GradCheck.Check(_ => wn.Forward(x), [wn.Length, wn.Direction], eps: 3e-3f);
        GradCheck.CheckSecondOrder(_ => wn.Forward(x).Square(), [wn.Length, wn.Direction], eps: 3e-3f);
    }

    [Fact]
    public void RejectsARowOfZeros()
    {
        var layer = new Linear(2, 2, new Generator(3));
        layer.GetParameter("weight").CopyFrom(Tensor.FromArray([1f, 1f, 0f, 0f], 2, 2));
        Assert.Contains("row of zeros", Assert.Throws<ArgumentException>(() => new WeightNorm(layer)).Message);
    }
}
