using Latent.Models.Gans;
using Latent.Tensors;

namespace Latent.Tests.Models.Gans;

public class UnrolledObjectiveTests
{
    private static (MlpGenerator G, MlpDiscriminator D, Tensor Z, Tensor Real) Tiny()
    {
        var gen = new Generator(11);
        var g = new MlpGenerator(2, [2], [3], gen);
        var d = new MlpDiscriminator(2, [4], gen);
        return (g, d, Tensor.Randn([4, 2], gen), Tensor.Randn([4, 2], gen, 1f));
    }

    private static Tensor[] GeneratorGradient(MlpGenerator g, MlpDiscriminator d, Tensor z, Tensor real, int steps)
    {
        var loss = UnrolledObjective.GeneratorLoss(d, GanLossKind.NonSaturating, real, g.Generate(z), steps, 0.5f);
        return Autograd.Grad([loss], g.Parameters().ToArray()).Select(t => t!).ToArray();
    }

    [Fact]
    public void ZeroStepsIsThePlainGeneratorLoss()
    {
        var (g, d, z, real) = Tiny();
        var unrolled = UnrolledObjective.GeneratorLoss(d, GanLossKind.NonSaturating, real, g.Generate(z), 0, 0.5f).Item();
        var plain = GanLosses.Generator(GanLossKind.NonSaturating, d.Score(g.Generate(z))).Item();
        Close.Assert(plain, unrolled, atol: 1e-6, rtol: 1e-6);
    }

    [Fact]
    public void UnrolledGeneratorGradientDiffersFromThePlainOne()
    {
        var (g, d, z, real) = Tiny();
        var plain = GeneratorGradient(g, d, z, real, 0);
        var unrolled = GeneratorGradient(g, d, z, real, 3);
        double diff = plain.Zip(unrolled).Sum(p => p.First.Data.ToArray().Zip(p.Second.Data.ToArray(), (a, b) => Math.Abs(a - b)).Sum());
        Assert.True(diff > 1e-3, $"unrolling changed the generator gradient by only {diff}");
    }

    [Fact]
    public void UnrolledGeneratorGradientMatchesFiniteDifferences()
    {
        var (g, d, z, real) = Tiny();
        GradCheck.Check(_ => UnrolledObjective.GeneratorLoss(d, GanLossKind.NonSaturating, real, g.Generate(z), 3, 0.5f), g.Parameters().ToArray());
    }

    [Fact]
    public void UnrollingLeavesTheDiscriminatorWeightsUnchanged()
    {
        var (g, d, z, real) = Tiny();
        var before = d.Parameters().Select(p => p.ToArray()).ToArray();
        UnrolledObjective.GeneratorLoss(d, GanLossKind.NonSaturating, real, g.Generate(z), 3, 0.5f).Backward();
        Assert.All(d.Parameters().Zip(before), p => Assert.Equal(p.Second, p.First.ToArray()));
    }

    [Fact]
    public void SpectrallyNormalizedDiscriminatorsCannotBeUnrolled()
    {
        var gen = new Generator(1);
        var d = new MlpDiscriminator(2, [4], gen, spectralNorm: true);
        Assert.Throws<NotSupportedException>(() => UnrolledObjective.GeneratorLoss(d, GanLossKind.NonSaturating, Tensor.Zeros(2, 2), Tensor.Zeros(2, 2), 1, 0.1f));
    }
}
