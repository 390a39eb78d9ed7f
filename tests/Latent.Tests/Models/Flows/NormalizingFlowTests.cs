using System.Text.Json.Nodes;
using Latent.Data;
using Latent.Models.Catalog;
using Latent.Models.Flows;
using Latent.Models.Metrics;
using Latent.Tensors;

namespace Latent.Tests.Models.Flows;

public class NormalizingFlowTests
{
    private static NormalizingFlow ImageFlow(Flow flow, FlowPrior prior, int[] shape)
        => new(flow, prior, shape, new FlowOptions(), new Generator(2), image: true);

    /// <summary>Random 8-bit images k/255 of <paramref name="shape"/>.</summary>
    private static DataLoader Bytes(int n, int[] shape, ulong seed)
    {
        var x = Tensor.RandInt(0, 256, [n, .. shape], new Generator(seed)) / 255f;
        return new DataLoader(x, (int[]?)null, batchSize: 16, shuffle: false);
    }

    [Fact]
    public void BitsPerDimensionFormula()
    {
        Close.Assert(8, BitsPerDimension.FromLogLikelihood(0, 784), atol: 1e-12, what: "density 1 on [0, 1]ᴰ");
        Close.Assert(9, BitsPerDimension.FromLogLikelihood(-784 * Math.Log(2), 784), atol: 1e-12, what: "density 2⁻ᴰ");
        Close.Assert(7.5, BitsPerDimension.FromNegativeLogLikelihood(Tensor.Scalar((float)(-0.5 * 10 * Math.Log(2))), 10).Item(), atol: 1e-6, what: "as a tensor");
    }

    /// <summary>
    /// logit(α + (1 − 2α)y) followed by a standard logistic prior has density exactly (1 − 2α)ᴰ wherever the logit is
    /// defined (σ′(w) = p(1 − p) cancels the logit's Jacobian), so whatever the data and the dequantization noise the
    /// bits per dimension are 8 − log₂(1 − 2α): 8 for α = 0, the uniform density on [0, 1]ᴰ.
    /// </summary>
    [Theory]
    [InlineData(0.0)]
    [InlineData(0.05)]
    public void UniformDensityThroughTheLogitScoresTheClosedFormBitsPerDimension(double alpha)
    {
        // The scaling layer starts at the identity; it is there because a model needs parameters to optimize.
        var model = ImageFlow(new Flow(new LogitTransform(alpha), new DiagonalScaling([16])), StandardLogisticPrior.Instance, [1, 4, 4]);
        double bits = BitsPerDimension.Evaluate(model, Bytes(64, [1, 4, 4], 3), new Generator(9));
        Close.Assert(8 - Math.Log2(1 - 2 * alpha), bits, atol: 1e-4, what: $"bits/dim at α = {alpha}");
    }

    /// <summary>An affine map z = (y − μ)/σ under N(0, I): −log p(y) = Σ [½((y − μ)/σ)² + ½ log 2π + log σ], here checked with σ = e^s of a scaling layer.</summary>
    [Fact]
    public void ScaledGaussianLogLikelihoodMatchesTheClosedForm()
    {
        var scaling = new DiagonalScaling([3]);
        float[] s = [0.3f, -0.4f, 1.1f];
        s.CopyTo(scaling.LogScale.Data);
        var model = new NormalizingFlow(new Flow(scaling), StandardNormalPrior.Instance, [3], new FlowOptions(), new Generator(1), image: false);
        var y = Tensor.FromArray([0.5f, -2f, 0.1f, 3f, 0f, -1f], 2, 3);
        var logP = model.LogLikelihood(y, new Generator(0));
        for (int b = 0; b < 2; b++)
        {
            double expected = 0;
            for (int j = 0; j < 3; j++)
            {
                double sigma = Math.Exp(-s[j]); // z = y·e^s, so y ~ N(0, e^(−2s))
                double v = y.Data[3 * b + j] / sigma;
                expected += -0.5 * v * v - 0.5 * Math.Log(2 * Math.PI) - Math.Log(sigma);
            }
            Close.Assert(expected, logP.Data[b], atol: 1e-5, rtol: 1e-5, what: $"log p of example {b}");
        }
        Assert.Equal(Latent.Models.Common.LikelihoodKind.Exact, model.Kind);
    }

    [Fact]
    public void TheLearningRateFallsLinearlyOverTheLastShareOfTheStepsAndContinuesOnResume()
    {
        NormalizingFlow Build()
        {
            var gen = new Generator(5);
            var flow = new Flow(FlowTestKit.Affine([2], MaskKind.Checkerboard, false, gen), FlowTestKit.Affine([2], MaskKind.Checkerboard, true, gen));
            return new NormalizingFlow(flow, StandardNormalPrior.Instance, [2], new FlowOptions { LearningRate = 1e-2 }, new Generator(6), image: false)
            {
                LearningRateDecay = (10, 0.5),
            };
        }
        var batch = new Batch(Tensor.Randn([32, 2], new Generator(7)) * 3f, null, null, [.. Enumerable.Range(0, 32)]);
        var model = Build();
        var rates = Enumerable.Range(0, 7).Select(_ => model.TrainStep(batch)["lr"]).ToList();
        // A run resumed from a checkpoint continues where the optimizer's step count says.
        var resumed = Build();
        resumed.Optimizers["adam"].LoadStateDict(model.Optimizers["adam"].StateDict());
        rates.AddRange(Enumerable.Range(0, 4).Select(_ => resumed.TrainStep(batch)["lr"]));
        double[] expected = [1e-2, 1e-2, 1e-2, 1e-2, 1e-2, 1e-2, 8e-3, 6e-3, 4e-3, 2e-3, 0];
        for (int i = 0; i < expected.Length; i++) Close.Assert(expected[i], rates[i], atol: 1e-12, rtol: 1e-9, what: $"lr of update {i}");
        Assert.False(new NormalizingFlow(new Flow(FlowTestKit.Affine([2], MaskKind.Checkerboard, false, new Generator(1))), StandardNormalPrior.Instance, [2], new FlowOptions(), new Generator(2), image: false)
            .TrainStep(batch).ContainsKey("lr"));
        var e = Assert.Throws<ArgumentException>(() => new FlowOptions { LrDecay = 1.5 }.Validate());
        Assert.Contains("--lr-decay", e.Message);
        Assert.Contains("lr-decay", Latent.Models.Catalog.ResumedConfig.Changeable);
    }

    [Fact]
    public void ClippedStepsMoveAsAnAdamStepOnTheClippedGradientAndReportTheNormBeforeClipping()
    {
        NormalizingFlow Build(double maxGradNorm)
        {
            var gen = new Generator(5);
            var flow = new Flow(FlowTestKit.Affine([2], MaskKind.Checkerboard, false, gen), FlowTestKit.Affine([2], MaskKind.Checkerboard, true, gen));
            return new NormalizingFlow(flow, StandardNormalPrior.Instance, [2], new FlowOptions(), new Generator(6), image: false) { MaxGradNorm = maxGradNorm };
        }
        var x = Tensor.Randn([32, 2], new Generator(7)) * 3f;
        var batch = new Batch(x, null, null, [.. Enumerable.Range(0, 32)]);
        var clipped = Build(1e-3);
        var metrics = clipped.TrainStep(batch);

        var twin = Build(0);
        var parameters = twin.Modules.Values.SelectMany(m => m.Parameters()).ToArray();
        var adam = new Latent.Optim.Adam(parameters, new FlowOptions().LearningRate);
        (-twin.LogProb(x).Mean()).Backward();
        double norm = Math.Sqrt(parameters.Sum(p => p.Grad!.ToArray().Sum(g => (double)g * g)));
        Close.Assert(norm, metrics["grad_norm"], rtol: 1e-5, what: "reported gradient norm");
        Assert.True(norm > 1e-2, $"the test needs a gradient well above the limit, got {norm}");
        Latent.Optim.Clipping.ClipGradNorm(parameters, 1e-3);
        adam.Step();
        var expected = parameters.SelectMany(p => p.ToArray()).ToArray();
        var actual = clipped.Modules.Values.SelectMany(m => m.Parameters()).SelectMany(p => p.ToArray()).ToArray();
        for (int i = 0; i < expected.Length; i++) Close.Assert(expected[i], actual[i], atol: 1e-7, what: $"parameter value {i}");
        Assert.False(Build(0).TrainStep(batch).ContainsKey("grad_norm"));
        var e = Assert.Throws<ArgumentException>(() => new FlowOptions { ClipGrad = -1 }.Validate());
        Assert.Contains("--clip-grad", e.Message);
    }

    [Fact]
    public void TwoDimensionalDensityIntegratesToOne()
    {
        var gen = new Generator(21);
        var flow = new Flow(
            FlowTestKit.Affine([2], MaskKind.Checkerboard, false, gen), FlowTestKit.Affine([2], MaskKind.Checkerboard, true, gen),
            FlowTestKit.Additive([2], MaskKind.Checkerboard, false, gen), FlowTestKit.Affine([2], MaskKind.Checkerboard, true, gen));
        var model = new NormalizingFlow(flow, StandardNormalPrior.Instance, [2], new FlowOptions(), gen, image: false);
        var bounds = new PlaneBounds(-12, 12, -12, 12);
        const int n = 600;
        var logP = FlowPictures.LogDensityGrid(model, bounds, n);
        double cell = 24.0 * 24.0 / (n * n);
        double mass = logP.ToArray().Sum(v => Math.Exp(v)) * cell;
        Close.Assert(1, mass, atol: 0.01, what: "∫ p over the grid");
        // Far from the identity: the density is not the prior's.
        var prior = FlowPictures.LogDensityGrid(new NormalizingFlow(new Flow(new DiagonalScaling([2])), StandardNormalPrior.Instance, [2], new FlowOptions(), gen, image: false), bounds, n);
        Assert.True(logP.ToArray().Zip(prior.ToArray()).Max(p => Math.Abs(Math.Exp(p.First) - Math.Exp(p.Second))) > 0.01);
    }

    [Theory]
    [InlineData("realnvp-mlp", false)]
    [InlineData("realnvp-mlp", true)]
    [InlineData("nice", false)]
    public void ShortTrainingRunOnTwoMoonsLowersTheTestNll(string name, bool batchNorm)
    {
        var config = new JsonObject
        {
            ["data"] = "toy:moons", ["toy-samples"] = 2000, ["hidden"] = "32,32", ["couplings"] = 4, ["batch-size"] = 100, ["lr"] = 3e-3,
            ["batch-norm"] = batchNorm,
        };
        var setup = ModelCatalog.Find(name)!.Create(config);
        var model = (NormalizingFlow)setup.Model;
        Assert.Equal(batchNorm ? 3 : 0, model.Flow.Layers.Count(l => l is BatchNormFlow));
        double before = model.Evaluate(setup.Test!)["nll"];
        for (int epoch = 0; epoch < 8; epoch++)
            foreach (var batch in setup.Train) Assert.True(double.IsFinite(model.TrainStep(batch)["loss"]));
        double after = model.Evaluate(setup.Test!)["nll"];
        Assert.True(after < before - 0.3, $"{name}: test NLL {before:F3} → {after:F3}");
        // Samples invert back to points the model scores as likely.
        var samples = model.Sample(500, new Generator(3));
        Assert.Equal([500, 2], samples.Shape);
        Assert.False(samples.HasNonFinite());
        double sampleNll = -model.LogLikelihood(samples, new Generator(0)).ToArray().Average(v => (double)v);
        Assert.True(sampleNll < before, $"{name}: samples' NLL {sampleNll:F3} vs the untrained test NLL {before:F3}");
    }

    [Fact]
    public void ToyRunWritesTheDensityHeatMapAndSamples()
    {
        var setup = ModelCatalog.Find("realnvp-mlp")!.Create(new JsonObject { ["data"] = "toy:moons", ["toy-samples"] = 500, ["hidden"] = "16", ["couplings"] = 2 });
        string dir = Directory.CreateTempSubdirectory("latent-flow-").FullName;
        try
        {
            setup.Model.WriteSamples(dir, "epoch-001");
            var png = Latent.IO.PngReader.Read(Path.Combine(dir, "epoch-001-density.png"));
            Assert.Equal(256, png.Width);
            Assert.Contains(png.Pixels, p => p > 200);
            Assert.Contains("<svg", File.ReadAllText(Path.Combine(dir, "epoch-001-samples.svg")));
            var layers = Latent.IO.PngReader.Read(Path.Combine(dir, "epoch-001-layers.png"));
            Assert.Equal(3 * 96 + 4 * 2, layers.Width); // one 96-pixel panel per stage (data, after coupling 1, after coupling 2), 2-pixel padding
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [SkippableFact]
    public void ShortFashionMnistRunLowersTheTestBitsPerDimension()
    {
        var (_, test) = TestData.RequireFashionMnist();
        var setup = ModelCatalog.Find("realnvp-mlp")!.Create(new JsonObject { ["train-size"] = 512, ["hidden"] = "128", ["couplings"] = 4, ["lr"] = 1e-3 });
        var model = (NormalizingFlow)setup.Model;
        var testLoader = new DataLoader(test, 256, shuffle: false);
        double before = model.Evaluate(testLoader)["bits_per_dim"];
        foreach (var batch in setup.Train) model.TrainStep(batch);
        double after = model.Evaluate(testLoader)["bits_per_dim"];
        Assert.True(after < before - 0.5, $"test bits/dim {before:F3} → {after:F3}");
        Assert.InRange(after, 1.0, 12.0);
        var samples = model.Sample(8, new Generator(1), temperature: 0.7);
        Assert.Equal([8, 1, 28, 28], samples.Shape);
        Assert.All(samples.ToArray(), v => Assert.InRange(v, 0f, 1f));
        FlowTestKit.AssertClose(samples, model.Sample(8, new Generator(1), temperature: 0.7), 0, 0, "same generator, same samples");
        // Whole model: the flow inverts its own samples' base points.
        using var _ = Autograd.NoGrad();
        var z = StandardNormalPrior.Instance.Sample([4, 784], new Generator(2), 0.7);
        FlowTestKit.AssertClose(z, model.Flow.Transform(model.Flow.Inverse(z)).Z, atol: 1e-4, rtol: 1e-4, what: "f(f⁻¹(z))");
    }

    [SkippableTheory]
    [InlineData("nice")]
    [InlineData("realnvp-mlp")]
    [InlineData("realnvp")]
    public void CatalogEntriesBuildAndTakeAStep(string name)
    {
        TestData.RequireFashionMnist();
        var spec = ModelCatalog.Find(name)!;
        Assert.Equal(ModelStatus.Available, spec.Status);
        var setup = spec.Create(new JsonObject { ["train-size"] = 64, ["batch-size"] = 32 });
        var metrics = setup.Model.TrainStep(setup.Train.First());
        Assert.True(double.IsFinite(metrics["loss"]) && double.IsFinite(metrics["bits_per_dim"]), $"{name}: {string.Join(", ", metrics)}");
    }

    [Theory]
    [InlineData("alpha", 0.5, "--alpha")]
    [InlineData("couplings", 0, "--couplings")]
    [InlineData("toy-samples", -1, "--toy-samples")]
    public void BadOptionsGiveClearErrors(string key, double value, string named)
    {
        var e = Assert.Throws<ArgumentException>(() => ModelCatalog.Find("realnvp-mlp")!.Create(new JsonObject { [key] = value }));
        Assert.Contains(named, e.Message);
    }

    [Fact]
    public void UnknownDataAndBadSizesGiveClearErrors()
    {
        var spec = ModelCatalog.Find("realnvp-mlp")!;
        var e = Assert.Throws<ArgumentException>(() => spec.Create(new JsonObject { ["data"] = "toy:bogus" }));
        Assert.Contains("toy:moons", e.Message);
        e = Assert.Throws<ArgumentException>(() => spec.Create(new JsonObject { ["data"] = "cifar" }));
        Assert.Contains("fashion-mnist", e.Message);
        e = Assert.Throws<ArgumentException>(() => spec.Create(new JsonObject { ["hidden"] = "12,x" }));
        Assert.Contains("hidden", e.Message);
        var model = (NormalizingFlow)spec.Create(new JsonObject { ["data"] = "toy:moons", ["toy-samples"] = 10, ["hidden"] = "4" }).Model;
        var e2 = Assert.Throws<ArgumentException>(() => model.LogLikelihood(Tensor.Zeros(3, 4), new Generator(0)));
        Assert.Contains("[B, 2]", e2.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => model.Sample(4, new Generator(0), temperature: 0));
    }
}
