using Latent.NN;
using Latent.Tensors;

namespace Latent.Tests.NN;

public class InitTests
{
    private static (double Mean, double Std) Stats(Tensor t)
    {
        var v = t.ToArray().Select(x => (double)x).ToArray();
        double mean = v.Average();
        return (mean, Math.Sqrt(v.Select(x => (x - mean) * (x - mean)).Average()));
    }

    [Fact]
    public void FansCoverLinearAndConvolutionWeights()
    {
        Assert.Equal((20, 10), Init.ComputeFans([10, 20]));
        Assert.Equal((3 * 5 * 5, 16 * 5 * 5), Init.ComputeFans([16, 3, 5, 5]));
        Assert.Contains("[7]", Assert.Throws<ArgumentException>(() => Init.ComputeFans([7])).Message);
    }

    [Fact]
    public void GainsMatchPyTorch()
    {
        Assert.Equal(1f, Init.CalculateGain(Nonlinearity.Linear));
        Assert.Equal(1f, Init.CalculateGain(Nonlinearity.Sigmoid));
        Assert.Equal(5f / 3f, Init.CalculateGain(Nonlinearity.Tanh));
        Assert.Equal(MathF.Sqrt(2f), Init.CalculateGain(Nonlinearity.Relu));
        Close.Assert(MathF.Sqrt(2f / 1.04f), Init.CalculateGain(Nonlinearity.LeakyRelu, 0.2f), atol: 1e-6, rtol: 1e-6);
        Assert.Equal(0.75f, Init.CalculateGain(Nonlinearity.Selu));
    }

    [Fact]
    public void KaimingAndXavierHaveTheirStandardDeviations()
    {
        var gen = new Generator(1);
        var w = Tensor.Zeros(200, 100, 3);
        double fanIn = 300, fanOut = 600;
        Assert.InRange(Stats(Init.KaimingNormal(w, gen, nonlinearity: Nonlinearity.Relu)).Std, 0.97 * Math.Sqrt(2 / fanIn), 1.03 * Math.Sqrt(2 / fanIn));
        Assert.InRange(Stats(Init.KaimingUniform(w, gen, mode: FanMode.FanOut, nonlinearity: Nonlinearity.Relu)).Std,
            0.97 * Math.Sqrt(2 / fanOut), 1.03 * Math.Sqrt(2 / fanOut));
        double xavier = Math.Sqrt(2 / (fanIn + fanOut));
        Assert.InRange(Stats(Init.XavierUniform(w, gen)).Std, 0.97 * xavier, 1.03 * xavier);
        Assert.InRange(Stats(Init.XavierNormal(w, gen, gain: 2f)).Std, 0.97 * 2 * xavier, 1.03 * 2 * xavier);
        var (mean, std) = Stats(Init.Normal(w, gen));
        Assert.InRange(mean, -0.001, 0.001);
        Assert.InRange(std, 0.0194, 0.0206);
        float bound = MathF.Sqrt(3f) * MathF.Sqrt(2f) / MathF.Sqrt(300f);
        Assert.All(Init.KaimingUniform(w, gen, nonlinearity: Nonlinearity.Relu).ToArray(), v => Assert.InRange(v, -bound, bound));
    }

    [Theory]
    [InlineData(6, 4)]
    [InlineData(3, 8)]
    public void OrthogonalGivesOrthonormalRowsOrColumns(int rows, int cols)
    {
        var w = Init.Orthogonal(Tensor.Zeros(rows, cols), new Generator(2), gain: 1.5f);
        var gram = rows >= cols ? w.MatMul(w, transA: true) : w.MatMul(w, transB: true);
        int n = Math.Min(rows, cols);
        NnAssert.Close(Tensor.Eye(n) * 2.25f, gram, atol: 1e-5);
    }

    [Fact]
    public void OrthogonalFlattensHigherRanks()
    {
        var w = Init.Orthogonal(Tensor.Zeros(4, 2, 3), new Generator(3));
        var m = w.Reshape(4, 6);
        NnAssert.Close(Tensor.Eye(4), m.MatMul(m, transB: true), atol: 1e-5);
    }

    [Fact]
    public void ConstantsAndUniform()
    {
        var t = Tensor.Zeros(10);
        Assert.All(Init.Constant(t, 3f).ToArray(), v => Assert.Equal(3f, v));
        Assert.All(Init.Ones(t).ToArray(), v => Assert.Equal(1f, v));
        Assert.All(Init.Zeros(t).ToArray(), v => Assert.Equal(0f, v));
        Assert.All(Init.Uniform(Tensor.Zeros(1000), new Generator(4), 2f, 3f).ToArray(), v => Assert.InRange(v, 2f, 3f));
    }
}
