using Latent.Models.Catalog;
using Latent.Models.Gans;
using Latent.Tensors;

namespace Latent.Tests.Models.Gans;

public class GanLossesTests
{
    private static readonly Tensor Real = Tensor.FromArray([2f, -1f], 2);
    private static readonly Tensor Fake = Tensor.FromArray([0.5f, -3f], 2);

    private static double Sig(double s) => 1 / (1 + Math.Exp(-s));

    [Fact]
    public void CrossEntropyDiscriminatorLossIsTheNegatedGanValue()
    {
        double expected = -(Math.Log(Sig(2)) + Math.Log(Sig(-1))) / 2 - (Math.Log(1 - Sig(0.5)) + Math.Log(1 - Sig(-3))) / 2;
        Close.Assert(expected, GanLosses.Discriminator(GanLossKind.Minimax, Real, Fake).Item(), atol: 1e-4, rtol: 1e-4);
        Close.Assert(expected, GanLosses.Discriminator(GanLossKind.NonSaturating, Real, Fake).Item(), atol: 1e-4, rtol: 1e-4);
    }

    [Fact]
    public void OneSidedLabelSmoothingChangesOnlyTheRealTarget()
    {
        // Real target 0.9: −0.9 log σ(s) − 0.1 log(1 − σ(s)); fakes keep target 0.
        double real = Enumerable.Average([2.0, -1.0], s => -0.9 * Math.Log(Sig(s)) - 0.1 * Math.Log(1 - Sig(s)));
        double fake = Enumerable.Average([0.5, -3.0], s => -Math.Log(1 - Sig(s)));
        Close.Assert(real + fake, GanLosses.Discriminator(GanLossKind.NonSaturating, Real, Fake, realTarget: 0.9f).Item(), atol: 1e-4, rtol: 1e-4);
        Close.Assert(0.9f, new GanOptions { LabelSmoothing = 0.1f }.RealTarget, atol: 1e-6, rtol: 1e-6);
    }

    [Fact]
    public void GeneratorLossesFollowTheirDefinitions()
    {
        Close.Assert((Math.Log(1 - Sig(0.5)) + Math.Log(1 - Sig(-3))) / 2, GanLosses.Generator(GanLossKind.Minimax, Fake).Item(), atol: 1e-4, rtol: 1e-4);
        Close.Assert(-(Math.Log(Sig(0.5)) + Math.Log(Sig(-3))) / 2, GanLosses.Generator(GanLossKind.NonSaturating, Fake).Item(), atol: 1e-4, rtol: 1e-4);
        Close.Assert(1.25, GanLosses.Generator(GanLossKind.Wasserstein, Fake).Item(), atol: 1e-5, rtol: 1e-5);
        Close.Assert(1.25, GanLosses.Generator(GanLossKind.Hinge, Fake).Item(), atol: 1e-5, rtol: 1e-5);
        Close.Assert((0.25 + 16) / 4, GanLosses.Generator(GanLossKind.LeastSquares, Fake).Item(), atol: 1e-5, rtol: 1e-5);
    }

    [Fact]
    public void WassersteinHingeAndLeastSquaresDiscriminatorLosses()
    {
        Close.Assert(-1.25 - 0.5, GanLosses.Discriminator(GanLossKind.Wasserstein, Real, Fake).Item(), atol: 1e-5, rtol: 1e-5);
        // relu(1 − 2) + relu(1 + 1) = 2 → 1; relu(1.5) + relu(−2) = 1.5 → 0.75.
        Close.Assert(1.75, GanLosses.Discriminator(GanLossKind.Hinge, Real, Fake).Item(), atol: 1e-5, rtol: 1e-5);
        // ½·mean((2−1)², (−1−1)²) + ½·mean(0.25, 9).
        Close.Assert(0.5 * 2.5 + 0.5 * 4.625, GanLosses.Discriminator(GanLossKind.LeastSquares, Real, Fake).Item(), atol: 1e-5, rtol: 1e-5);
    }

    [Fact]
    public void SaturatingGeneratorGradientVanishesWhenTheDiscriminatorRejectsFakesButNonSaturatingDoesNot()
    {
        var s = Tensor.Full(-8f, 1).RequireGrad();
        float saturating = Autograd.Grad(GanLosses.Generator(GanLossKind.Minimax, s), s).Item();
        float nonSaturating = Autograd.Grad(GanLosses.Generator(GanLossKind.NonSaturating, s), s).Item();
        Assert.True(Math.Abs(saturating) < 1e-3 && Math.Abs(nonSaturating) > 0.99, $"{saturating} vs {nonSaturating}");
    }

    [Fact]
    public void NamesRoundTripAndBadInputIsRejected()
    {
        foreach (var kind in Enum.GetValues<GanLossKind>()) Assert.Equal(kind, OptionChoices.Parse(typeof(GanLossKind), OptionChoices.Name(kind)));
        Assert.Null(OptionChoices.Parse(typeof(GanLossKind), "bogus"));
        Assert.Throws<ArgumentException>(() => ModelCatalog.Find("gan")!.Bind(new System.Text.Json.Nodes.JsonObject { ["loss"] = "bogus" }));
        Assert.Throws<ArgumentException>(() => GanLosses.Discriminator(GanLossKind.Wasserstein, Real, Fake, 0.9f));
        Assert.Throws<ArgumentException>(() => new GanOptions { Loss = GanLossKind.Hinge, LabelSmoothing = 0.1f }.Validate());
    }
}
