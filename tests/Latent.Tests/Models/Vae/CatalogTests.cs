using System.Text.Json.Nodes;
using Latent.Models.Catalog;

namespace Latent.Tests.Models.Vae;

public class CatalogTests
{
    [SkippableTheory]
    [InlineData("ae", "{}")]
    [InlineData("ae", """{"arch": "conv", "loss": "mse"}""")]
    [InlineData("sparse-ae", """{"penalty": "l1", "code": "relu", "latent-dim": 256}""")]
    [InlineData("dae", """{"noise": "gaussian", "noise-level": 0.4}""")]
    [InlineData("stacked-ae", """{"layer-steps": 1}""")]
    [InlineData("mda", """{"layers": 1}""")]
    [InlineData("vae", "{}")]
    [InlineData("conv-vae", "{}")]
    public void EveryEntryBuildsItsModelAndTakesAStep(string name, string json)
    {
        TestData.RequireFashionMnist();
        var spec = ModelCatalog.Find(name)!;
        Assert.Equal(ModelStatus.Available, spec.Status);
        var config = JsonNode.Parse(json)!.AsObject();
        config["train-size"] = 64;
        config["batch-size"] = 32;
        var setup = spec.Create((config));
        var batch = setup.Train.First();
        var metrics = setup.Model.TrainStep(batch);
        Assert.True(double.IsFinite(metrics["loss"]), $"{name}: loss {metrics["loss"]}");
    }

    public static TheoryData<string> AvailableModels() => [.. ModelCatalog.All.Where(m => m.Status == ModelStatus.Available).Select(m => m.Name)];

    [SkippableTheory]
    [MemberData(nameof(AvailableModels))]
    public void EveryAvailableModelBuildsOnAFewImagesAndTakesAStep(string name)
    {
        TestData.RequireFashionMnist();
        var spec = ModelCatalog.Find(name)!;
        var setup = spec.Create(new JsonObject { ["train-size"] = 64, ["batch-size"] = 32 });
        var metrics = setup.Model.TrainStep(setup.Train.First());
        Assert.NotEmpty(metrics);
        Assert.All(metrics, m => Assert.True(double.IsFinite(m.Value), $"{name}: {m.Key} = {m.Value}"));
    }

    [Fact]
    public void EveryModelIsListedOnceAndDeclaresItsOptionsOnce()
    {
        Assert.Equal(ModelCatalog.All.Count, ModelCatalog.All.Select(m => m.Name).Distinct().Count());
        Assert.Equal(ModelCatalog.Studies.Count, ModelCatalog.Studies.Select(s => s.Name).Distinct().Count());
        foreach (var spec in ModelCatalog.All.Where(m => m.Status == ModelStatus.Available))
        {
            Assert.Equal(spec.Options.Count, spec.Options.Select(o => o.Name).Distinct().Count());
            Assert.All(spec.Options, o => Assert.False(string.IsNullOrWhiteSpace(o.Help), $"{spec.Name} --{o.Name} has no help"));
            Assert.Equal(spec.Family, ModelCatalog.Families.Single(f => f.Models.Contains(spec)).Name);
        }
    }

    [SkippableFact]
    public void BadOptionsGiveClearErrors()
    {
        TestData.RequireFashionMnist();
        var e = Assert.Throws<ArgumentException>(() => ModelCatalog.Find("dae")!.Create((new JsonObject { ["noise"] = "salt" })));
        Assert.Contains("gaussian, masking", e.Message);
        e = Assert.Throws<ArgumentException>(() => ModelCatalog.Find("ae")!.Create((new JsonObject { ["hidden"] = "12,x" })));
        Assert.Contains("positive integers", e.Message);
    }

    [Fact]
    public void FactoriesSeeDeclaredDefaultsForOptionsTheConfigLeavesOut()
    {
        var seen = new List<(int Width, string Kind)>();
        var spec = ModelSpec.Of("probe", "Test", "F0", "captures what its factory reads", new ProbeOptions(),
            o => { seen.Add((o.Width, o.Kind)); return null!; });
        spec.Create(new System.Text.Json.Nodes.JsonObject());
        spec.Create(new System.Text.Json.Nodes.JsonObject { ["width"] = 3 });
        Assert.Equal([(7, "wide"), (3, "wide")], seen);
    }

    private sealed record ProbeOptions : ModelOptions
    {
        [Option("width", "w")]
        public int Width { get; init; } = 7;

        [Option("kind", "k")]
        public string Kind { get; init; } = "wide";
    }
}
