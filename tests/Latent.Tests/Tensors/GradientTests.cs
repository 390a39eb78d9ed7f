using Latent.Tensors;

namespace Latent.Tests.Tensors;

public class GradientTests
{
    [Theory]
    [MemberData(nameof(OpCases.Names), MemberType = typeof(OpCases))]
    public void FirstDerivativesMatchFiniteDifferences(string op)
    {
        var c = OpCases.Get(op);
        GradCheck.Check(c.F, c.Inputs(new Generator(42)));
    }

    [Theory]
    [MemberData(nameof(OpCases.SecondOrderNames), MemberType = typeof(OpCases))]
    public void SecondDerivativesMatchFiniteDifferences(string op)
    {
        var c = OpCases.Get(op);
        GradCheck.CheckSecondOrder(c.F, c.Inputs(new Generator(43)));
    }

    [Fact]
    public void WganGpPenaltyGradientWithRespectToCriticWeightsMatchesFiniteDifferences()
    {
        var gen = new Generator(5);
        var w1 = Tensor.Randn([6, 3], gen, std: 0.7f);
        var b1 = Tensor.Randn([6], gen, std: 0.1f);
        var w2 = Tensor.Randn([1, 6], gen, std: 0.7f);
        var b2 = Tensor.Randn([1], gen, std: 0.1f);
        var x = Tensor.Randn([4, 3], gen);

        // mean((‖∇ₓD(x)‖₂ − 1)²) with the gradient norm taken per sample.
        Tensor Penalty(Tensor[] p)
        {
            var input = x.Detach().RequireGrad();
            var d = input.Linear(p[0], p[1]).Softplus().Linear(p[2], p[3]);
            var gradX = Autograd.Grad([d.Sum()], [input], createGraph: true)[0]!;
            var norms = gradX.Square().Sum(1).AddScalar(1e-12f).Sqrt();
            return (norms - 1f).Square().Mean();
        }

        GradCheck.Check(Penalty, [w1, b1, w2, b2]);
        var p = Penalty([w1, b1, w2, b2]);
        Assert.True(p.Item() > 0);
    }
}
