using System.Text.Json.Nodes;
using Latent.Data;
using Latent.Models.Catalog;
using Latent.Models.Flows;
using Latent.Tensors;

namespace Latent.Tests.Models.Flows;

public class MultiScaleFlowTests
{
    private static FlowOptions Small(ImagePreprocessing preprocess) => new()
    {
        Architecture = FlowArchitecture.MultiScale, Scales = 1, Couplings = 2, Channels = 4, ResBlocks = 1, Preprocess = preprocess,
    };

    // Every parameter moved off its start (the last convolutions start at zero, which would make every coupling the identity).
    private static Flow Randomized(Flow flow, Generator gen)
    {
        foreach (var p in flow.Parameters()) gen.FillNormal(p.Data, 0, 0.2f);
        flow.Eval();
        return flow;
    }

    [Theory]
    [InlineData(ImagePreprocessing.None)]
    [InlineData(ImagePreprocessing.Logit)]
    public void InvertsExactlyAndItsLogDetIsTheJacobians(ImagePreprocessing preprocess)
    {
        var gen = new Generator(11);
        var flow = Randomized(MultiScaleFlow.Build(Small(preprocess), [1, 4, 4], gen), gen);
        var x = Tensor.Rand([3, 16], gen, 0.05f, 0.95f);
        Tensor z, logDet;
        using (Autograd.NoGrad())
        {
            (z, logDet) = flow.Transform(x);
            Assert.Equal([3, 16], z.Shape);
            FlowTestKit.AssertClose(x, flow.Inverse(z), atol: 1e-4, rtol: 1e-4, what: "f⁻¹(f(x))");
            Assert.True(z.Sub(x).Abs().Max().Item() > 0.1f, "the randomized flow is far from the identity");
        }
        for (int i = 0; i < 3; i++)
            Close.Assert(FlowTestKit.LogAbsDetByAutograd(flow, x.Narrow(0, i, 1)), logDet.Data[i], atol: 2e-3, rtol: 1e-4, what: $"log|det J| of example {i}");
    }

    [Fact]
    public void TheDefaultsAreTwoScalesOfThreeAndThreeCouplingsAndFourAtTheCoarsest()
    {
        var flow = MultiScaleFlow.Build(FlowFamily.RealNvpDefaults, [1, 28, 28], new Generator(1));
        var all = flow.Modules().ToList();
        Assert.Equal(3 * 2 + 3 * 2 + 4, all.Count(m => m is AffineCoupling));
        Assert.Equal(2, all.Count(m => m is Squeeze));
        Assert.Equal(2, all.Count(m => m is FactorOut));
        var couplings = all.OfType<AffineCoupling>().ToList();
        Assert.Equal([1, 28, 28], couplings[0].Mask.Shape);
        Assert.Equal([4, 14, 14], couplings[3].Mask.Shape);
        Assert.Equal([2, 14, 14], couplings[6].Mask.Shape);
        Assert.Equal([8, 7, 7], couplings[9].Mask.Shape);
        Assert.Equal([4, 7, 7], couplings[12].Mask.Shape);
        // Started at the identity: the logit transform is the only change.
        using var _ = Autograd.NoGrad();
        flow.Eval();
        var x = Tensor.Rand([2, 784], new Generator(2), 0.1f, 0.9f);
        var logit = new LogitTransform(FlowFamily.RealNvpDefaults.LogitAlpha).Transform(x).Z;
        var z = flow.Transform(x).Z;
        // The factored-out values come after the inner ones, so compare as sorted multisets of values per example.
        for (int i = 0; i < 2; i++)
            FlowTestKit.AssertClose(Tensor.FromArray([.. logit.Select(0, i).ToArray().Order()], 784), Tensor.FromArray([.. z.Select(0, i).ToArray().Order()], 784), atol: 1e-5, rtol: 1e-5, what: $"values of example {i}");
    }

    [Fact]
    public void BadShapesAndDataGiveClearErrors()
    {
        var e = Assert.Throws<ArgumentException>(() => MultiScaleFlow.Build(FlowFamily.RealNvpDefaults with { Scales = 3 }, [1, 28, 28], new Generator(1)));
        Assert.Contains("divisible by 8", e.Message);
        e = Assert.Throws<ArgumentException>(() => MultiScaleFlow.Build(FlowFamily.RealNvpDefaults with { Coupling = CouplingKind.Additive }, [1, 28, 28], new Generator(1)));
        Assert.Contains("--coupling additive", e.Message);
        e = Assert.Throws<ArgumentException>(() => ModelCatalog.Find("realnvp")!.Create(new JsonObject { ["data"] = "toy:moons", ["toy-samples"] = 10 }));
        Assert.Contains("--architecture", e.Message);
        e = Assert.Throws<ArgumentException>(() => ModelCatalog.Find("realnvp")!.Create(new JsonObject { ["channels"] = 0 }));
        Assert.Contains("--channels", e.Message);
    }

    [SkippableFact]
    public void ShortFashionMnistRunLowersTheTestBitsPerDimension()
    {
        var (_, test) = TestData.RequireFashionMnist();
        var setup = ModelCatalog.Find("realnvp")!.Create(new JsonObject
        {
            ["train-size"] = 384, ["batch-size"] = 32, ["channels"] = 8, ["res-blocks"] = 1, ["couplings"] = 2, ["lr"] = 3e-3,
        });
        var model = (NormalizingFlow)setup.Model;
        var testLoader = new DataLoader(test.Take(256), 128, shuffle: false);
        double before = model.Evaluate(testLoader)["bits_per_dim"];
        foreach (var batch in setup.Train) Assert.True(double.IsFinite(model.TrainStep(batch)["loss"]));
        double after = model.Evaluate(testLoader)["bits_per_dim"];
        Assert.True(after < before - 0.3, $"test bits/dim {before:F3} → {after:F3}");
        var samples = model.Sample(4, new Generator(1), temperature: 0.7);
        Assert.Equal([4, 1, 28, 28], samples.Shape);
        Assert.False(samples.HasNonFinite());
    }
}
