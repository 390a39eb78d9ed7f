using Latent.Models.Gans;
using Latent.Tensors;

namespace Latent.Tests.Models.Gans;

public class PenaltyGradientTests
{
    private static (MlpDiscriminator D, Tensor Real, Tensor Fake) Setup()
    {
        var gen = new Generator(3);
        var d = new MlpDiscriminator(2, [4], gen);
        return (d, Tensor.Randn([3, 2], gen), Tensor.Randn([3, 2], gen, 1f));
    }

    [Fact]
    public void WganGpGradientWithRespectToCriticWeightsMatchesFiniteDifferences()
    {
        var (d, real, fake) = Setup();
        var eps = Tensor.FromArray([0.2f, 0.5f, 0.9f], 3, 1);
        GradCheck.Check(_ => GradientPenalties.WganAt(x => d.Score(x), real, fake, eps), d.Parameters().ToArray());
    }

    [Fact]
    public void R1GradientWithRespectToDiscriminatorWeightsMatchesFiniteDifferences()
    {
        var (d, real, _) = Setup();
        GradCheck.Check(_ => GradientPenalties.R1(x => d.Score(x), real), d.Parameters().ToArray());
    }

    [Fact]
    public void PenaltiesOfALinearCriticHaveClosedForms()
    {
        // f(x) = w·x has ∇f = w everywhere: GP = (‖w‖ − 1)², R1 = ‖w‖².
        var w = Tensor.FromArray([3f, 4f], 2, 1).RequireGrad();
        Tensor F(Tensor x) => x.Flatten(1).MatMul(w).Reshape(x.Shape[0]);
        var gen = new Generator(1);
        var real = Tensor.Randn([5, 1, 2], gen);
        var fake = Tensor.Randn([5, 1, 2], gen);
        Close.Assert(16f, GradientPenalties.Wgan(F, real, fake, gen).Item(), atol: 1e-4, rtol: 1e-4);
        Close.Assert(25f, GradientPenalties.R1(F, real).Item(), atol: 1e-4, rtol: 1e-4);
        // d/dw of (‖w‖ − 1)² = 2(‖w‖ − 1)·w/‖w‖ = (4.8, 6.4).
        var g = Autograd.Grad(GradientPenalties.Wgan(F, real, fake, gen), w);
        Close.Assert(4.8f, g.Data[0], atol: 1e-3, rtol: 1e-3);
        Close.Assert(6.4f, g.Data[1], atol: 1e-3, rtol: 1e-3);
    }

    [Fact]
    public void GradientPenaltyTakesOneEpsilonPerSampleAndTheNormOverAllNonBatchAxes()
    {
        // A critic whose input gradient is 2x for sample-wise inputs: ‖∇‖ per sample = 2‖x̂ᵢ‖ over all of C, H, W.
        Tensor F(Tensor x) => x.Square().Sum([1, 2, 3]);
        var real = Tensor.Ones(2, 1, 2, 2);
        var fake = Tensor.Zeros(2, 1, 2, 2);
        var eps = Tensor.FromArray([0.5f, 1f], 2, 1, 1, 1);
        // x̂₀ = 0.5 everywhere (norm of gradient 2·0.5·2 = 2), x̂₁ = 1 (norm 4): GP = ((2−1)² + (4−1)²)/2 = 5.
        Close.Assert(5f, GradientPenalties.WganAt(F, real, fake, eps).Item(), atol: 1e-4, rtol: 1e-4);
    }

    [Fact]
    public void WganGpRejectsMismatchedBatches()
        => Assert.Throws<ArgumentException>(() => GradientPenalties.Wgan(x => x.Sum(1), Tensor.Zeros(2, 2), Tensor.Zeros(3, 2), new Generator(0)));
}
