using System.Text.Json.Nodes;
using Latent.IO;
using Latent.Tensors;

namespace Latent.Tests.IO;

public class CheckpointTests
{
    [Fact]
    public void APathNamingTheWeightsFileIsTakenAsItsStem()
    {
        using var dir = new TempDirectory();
        Checkpoint.Save(dir.File("x.safetensors"), new Dictionary<string, Tensor> { ["w"] = Tensor.Ones(2) }, new JsonObject());
        Assert.True(File.Exists(dir.File("x.safetensors")));
        Assert.False(File.Exists(dir.File("x.safetensors.safetensors")));
        Assert.True(Checkpoint.Exists(dir.File("x")));
        Assert.Equal([1f, 1f], Checkpoint.Load(dir.File("x.json")).Tensors["w"].ToArray());
    }

    [Fact]
    public void ASaveStoppedAfterItsSideFileLoadsItsPendingWeights()
    {
        using var dir = new TempDirectory();
        string stem = dir.File("last");
        Checkpoint.Save(stem, new Dictionary<string, Tensor> { ["w"] = Tensor.Full(1f, 2) }, new JsonObject { ["step"] = 1 });
        var oldWeights = File.ReadAllBytes(Checkpoint.WeightsPath(stem));
        Checkpoint.Save(stem, new Dictionary<string, Tensor> { ["w"] = Tensor.Full(2f, 2) }, new JsonObject { ["step"] = 2 });
        // Replay the moment between the side file and the rename: new side file, new weights pending, old weights in place.
        File.Move(Checkpoint.WeightsPath(stem), stem + ".pending.safetensors");
        File.WriteAllBytes(Checkpoint.WeightsPath(stem), oldWeights);
        var loaded = Checkpoint.Load(stem);
        Assert.Equal(2, loaded.Metadata["step"]!.GetValue<int>());
        Assert.Equal([2f, 2f], loaded.Tensors["w"].ToArray());
        File.Delete(stem + ".pending.safetensors"); // no pending copy: the torn pair is reported, not loaded
        Assert.Throws<InvalidDataException>(() => Checkpoint.Load(stem));
    }

    [Fact]
    public void LoadStateDictResultPrintsItsKeys()
    {
        Assert.Equal("all keys matched", new Latent.NN.LoadStateDictResult([], []).ToString());
        Assert.Equal("missing: 'a.weight'; unexpected: none", new Latent.NN.LoadStateDictResult(["a.weight"], []).ToString());
    }

    [Fact]
    public void SaveAndLoadRoundTripTensorsMetadataAndRngState()
    {
        using var dir = new TempDirectory();
        var gen = new Generator(99);
        gen.NextUInt64();
        var tensors = new Dictionary<string, Tensor> { ["layer.weight"] = Tensor.Randn([3, 2], gen), ["layer.bias"] = Tensor.Zeros(2) };
        var metadata = new JsonObject
        {
            ["step"] = 1234,
            ["config"] = new JsonObject { ["model"] = "vae", ["lr"] = 1e-3 },
            ["optimizer"] = new JsonObject { ["name"] = "adam", ["t"] = 1234 },
            ["rng"] = Checkpoint.GeneratorState(gen),
        };
        string stem = Path.Combine(dir.Path, "checkpoints", "step-1234");
        Checkpoint.Save(stem, tensors, metadata);
        ulong expectedNext = gen.NextUInt64();

        var loaded = Checkpoint.Load(stem);

        Assert.True(Checkpoint.Exists(stem));
        Assert.Equal(tensors["layer.weight"].ToArray(), loaded.Tensors["layer.weight"].ToArray());
        Assert.Equal(1234, (int)loaded.Metadata["step"]!);
        Assert.Equal("vae", (string)loaded.Metadata["config"]!["model"]!);
        var restored = new Generator(0);
        Checkpoint.RestoreGeneratorState(restored, loaded.Metadata["rng"]);
        Assert.Equal(expectedNext, restored.NextUInt64());
        Assert.DoesNotContain(Directory.GetFiles(Path.Combine(dir.Path, "checkpoints")), AtomicFile.IsTemporaryFile);
    }

    [Fact]
    public void TornPairIsDetected()
    {
        using var dir = new TempDirectory();
        string stem = dir.File("ckpt");
        Checkpoint.Save(stem, new Dictionary<string, Tensor> { ["w"] = Tensor.Ones(2) }, new JsonObject { ["step"] = 1 });
        SafeTensors.Write(Checkpoint.WeightsPath(stem), new Dictionary<string, Tensor> { ["w"] = Tensor.Zeros(2) });

        var e = Assert.Throws<InvalidDataException>(() => Checkpoint.Load(stem));
        Assert.Contains("SHA-256", e.Message);
    }

    [Fact]
    public void MissingOrCorruptSideFileIsReported()
    {
        using var dir = new TempDirectory();
        string stem = dir.File("ckpt");
        Assert.Throws<FileNotFoundException>(() => Checkpoint.Load(stem));
        Checkpoint.Save(stem, new Dictionary<string, Tensor>(), new JsonObject());
        File.WriteAllText(Checkpoint.StatePath(stem), "{ not json");
        Assert.Contains("invalid JSON", Assert.Throws<InvalidDataException>(() => Checkpoint.Load(stem)).Message);
    }

    [Fact]
    public void BadGeneratorStateIsRejected()
    {
        Assert.Throws<InvalidDataException>(() => Checkpoint.RestoreGeneratorState(new Generator(), new JsonArray("1", "2")));
        Assert.Throws<InvalidDataException>(() => Checkpoint.RestoreGeneratorState(new Generator(), new JsonArray("0", "0", "0", "0")));
    }
}
