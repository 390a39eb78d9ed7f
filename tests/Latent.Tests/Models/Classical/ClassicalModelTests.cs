using System.Text.Json.Nodes;
using Latent.Data;
using Latent.Models.Catalog;
using Latent.Models.Classical;
using Latent.Models.Common;
using Latent.Tensors;
using Latent.Training;

namespace Latent.Tests.Models.Classical;

public class ClassicalModelTests
{
    private static void RequireFonts()
        => Skip.If(!Directory.Exists(HersheyFont.DefaultDirectory), "Hershey fonts are not installed (apt-get install hershey-fonts-data).");

    [SkippableTheory]
    [InlineData("gmm", """{"data": "fashion-mnist", "components": 3, "pca-dim": 8}""")]
    [InlineData("gmm", """{"covariance": "diagonal", "toy-samples": 400}""")]
    [InlineData("gaussian-classifier", """{"pca-dim": 8}""")]
    [InlineData("gaussian-classifier", """{"covariance": "naive-bayes", "pca-dim": 0}""")]
    [InlineData("gaussian-classifier", """{"covariance": "quadratic", "data": "toy:moons", "toy-samples": 400}""")]
    [InlineData("hmm", """{"copies": 40, "states": 4}""")]
    [InlineData("bernoulli-mixture", """{"components": 3}""")]
    [InlineData("hmm", """{"copies": 40, "states": 4, "emission": "gaussian", "covariance": "full"}""")]
    [InlineData("hmm", """{"copies": 40, "states": 3, "emission": "gaussian", "topology": "full"}""")]
    [InlineData("markov", """{"data": "weather", "order": 2, "sequences": 300}""")]
    [InlineData("naive-bayes", """{"likelihood": "bernoulli"}""")]
    [InlineData("naive-bayes", """{"data": "toy:moons", "toy-samples": 400}""")]
    public void EveryClassicalEntryBuildsTakesAStepAndResumesExactly(string name, string json)
    {
        var config = JsonNode.Parse(json)!.AsObject();
        if (name == "hmm") RequireFonts();
        if (config["data"]?.GetValue<string>() is not string data || data == "fashion-mnist")
            if (name != "hmm" && !(name == "gmm" && config["data"] == null)) TestData.RequireFashionMnist();
        var spec = ModelCatalog.Find(name)!;
        Assert.Equal(ModelStatus.Available, spec.Status);
        config["train-size"] = 256;
        config["batch-size"] = 32;
        var setup = spec.Create(config);
        var batch = setup.Train.First();
        var metrics = setup.Model.TrainStep(batch);
        Assert.True(double.IsFinite(metrics["loss"]), $"{name}: loss {metrics["loss"]}");
        // Mid-epoch state (statistics of one batch) survives a save and load bit for bit.
        var tensors = new Dictionary<string, Tensor>();
        var state = new JsonObject();
        setup.Model.SaveExtraState(tensors, state);
        var copy = spec.Create(config).Model;
        copy.LoadExtraState(tensors, state);
        var next = setup.Train.Skip(1).First();
        Assert.Equal(setup.Model.TrainStep(next)["loss"], copy.TrainStep(next)["loss"]);
        var a = setup.Model.Evaluate(setup.Test!);
        var b = copy.Evaluate(setup.Test!);
        Assert.Equal(a.Keys, b.Keys);
        foreach (var key in a.Keys) Assert.Equal(a[key], b[key]);
        var sampler = (ISampler)setup.Model;
        var samples = sampler.Sample(4, new Generator(1));
        Assert.Equal([4, .. sampler.SampleShape], samples.Shape);
        var lp = ((ILikelihoodModel)setup.Model).LogLikelihood(batch.Inputs.Narrow(0, 0, 3), new Generator(0));
        Assert.All(lp.Data.ToArray(), v => Assert.True(float.IsFinite(v)));
    }

    [Fact]
    public void BadClassicalOptionsGiveClearErrors()
    {
        var e = Assert.Throws<ArgumentException>(() => ModelCatalog.Find("gmm")!.Create(new JsonObject { ["covariance"] = "tied" }));
        Assert.Contains("full", e.Message);
        e = Assert.Throws<ArgumentException>(() => ModelCatalog.Find("gmm")!.Create(new JsonObject { ["data"] = "toy:spiral" }));
        Assert.Contains("spiral", e.Message);
        e = Assert.Throws<ArgumentException>(() => ModelCatalog.Find("gaussian-classifier")!.Create(new JsonObject { ["shrinkage"] = 2.0 }));
        Assert.Contains("--shrinkage", e.Message);
        e = Assert.Throws<ArgumentException>(() => ModelCatalog.Find("hmm")!.Create(new JsonObject { ["symbols"] = 1 }));
        Assert.Contains("--symbols", e.Message);
        e = Assert.Throws<ArgumentException>(() => ModelCatalog.Find("hmm")!.Create(new JsonObject { ["covariance"] = "full" }));
        Assert.Contains("--emission gaussian", e.Message);
        e = Assert.Throws<ArgumentException>(() => ModelCatalog.Find("naive-bayes")!.Create(new JsonObject { ["likelihood"] = "bernoulli", ["data"] = "toy:moons" }));
        Assert.Contains("binarized images", e.Message);
        e = Assert.Throws<ArgumentException>(() => ModelCatalog.Find("markov")!.Create(new JsonObject { ["order"] = -1 }));
        Assert.Contains("--order", e.Message);
        Assert.Throws<FileNotFoundException>(() => ModelCatalog.Find("markov")!.Create(new JsonObject { ["data"] = "no-such-file.txt" }));
    }

    [Fact]
    public void PenStepsAreResampledEvenlyAndQuantizedToDirections()
    {
        (double X, double Y)[] corner = [(0, 0), (3, 0), (3, 1)];
        var points = PenTrajectories.Resample(corner, 5); // length 4: a point every unit
        Assert.Equal((2.0, 0.0), points[2]);
        Assert.Equal((3.0, 1.0), points[4]);
        Assert.Equal([0, 0, 0, 4], PenTrajectories.Directions(points, 16)); // east, then north (16 directions: 4 = 90°)
        Assert.Equal([0, 0, 0, 1], PenTrajectories.Directions(points, 4));
        (double X, double Y)[] diagonal = [(0, 0), (-1, -1.02)];
        Assert.Equal([10], PenTrajectories.Directions(diagonal, 16)); // 225.6° is nearest to 225° = 10·22.5°
        var drawn = PenTrajectories.Draw([0, 4, 8], 16);
        Assert.Equal(0.0, drawn[3].X, 1e-12);
        Assert.Equal(1.0, drawn[3].Y, 1e-12);
    }

    [SkippableFact]
    public void HersheyGlyphsParseIntoStrokes()
    {
        RequireFonts();
        var font = HersheyFont.Load(Path.Combine(HersheyFont.DefaultDirectory, "futural.jhf"));
        Assert.Equal(96, font.Count);
        Assert.Empty(font.Strokes(' ')!);
        var two = font.Strokes('2')!;
        Assert.Single(two);             // the simplex '2' is one stroke of 14 points
        Assert.Equal(14, two[0].Length);
        Assert.Equal((-6.0, -7.0), two[0][0]); // "LK": L − R = −6, K − R = −7
        Assert.Equal(2, font.Strokes('"')!.Count);
        string bad = Path.Combine(Path.GetTempPath(), $"latent-bad-{Guid.NewGuid():N}.jhf");
        File.WriteAllText(bad, "12345 40H\\LKLJ\n");
        try
        {
            Assert.Throws<FormatException>(() => HersheyFont.Load(bad));
        }
        finally
        {
            File.Delete(bad);
        }
    }

    [SkippableFact]
    public void PenTrajectoryHmmImprovesOverItsEpochs()
    {
        RequireFonts();
        var setup = ClassicalFamily.CreateHmm(new HmmOptions { Copies = 20, BatchSize = 64 });
        var model = (HmmModel)setup.Model;
        double before = model.Evaluate(setup.Test!)["nll"];
        int perEpoch = setup.Train.BatchesPerEpoch;
        InMemoryTraining.Fit(model, setup.Train, steps: 10 * perEpoch);
        double after = model.Evaluate(setup.Test!)["nll"];
        Assert.Equal(10, model.LogLikelihoodHistory.Count);
        // With the pseudo-count EM raises likelihood + log prior; the likelihood itself still rises at every early iteration.
        for (int t = 1; t < model.LogLikelihoodHistory.Count; t++)
            Assert.True(model.LogLikelihoodHistory[t] > model.LogLikelihoodHistory[t - 1] - 1e-3, $"epoch {t}");
        Assert.True(after < before - 10, $"held-out nll {before} → {after}");
        Assert.Equal(1.0, model.Hmm.Initial(0));
        Assert.Equal(0.0, model.Hmm.Transition(3, 7));
    }
}

public class PenCharactersStudyTests
{
    [SkippableFact]
    public void PerCharacterHmmsClassifyHeldOutTrajectories()
    {
        Skip.If(!Directory.Exists(HersheyFont.DefaultDirectory), "Hershey fonts are not installed (apt-get install hershey-fonts-data).");
        string dir = Path.Combine(Path.GetTempPath(), $"latent-hmm-study-{Guid.NewGuid():N}");
        try
        {
            var json = new Latent.Models.Classical.Studies.PenCharactersStudy { Characters = "27L", Copies = 10, Iterations = 8 }
                .Run(new StudyContext(dir, seed: 3));
            Assert.True(json["test_accuracy"]!.GetValue<double>() > 0.8, json.ToJsonString());
            Assert.True(File.Exists(Path.Combine(dir, "hmm-characters.svg")));
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }
}
