using Latent.Models.Style;
using Latent.Tensors;

namespace Latent.Tests.Models.Style;

/// <summary>Texture synthesis, style transfer and deep dream on the random-filter network (fast, no files needed).</summary>
public class SynthesisTests
{
    /// <summary>A 24 × 24 RGB "texture": diagonal stripes in two colours with a little seeded noise.</summary>
    private static Tensor Stripes(long seed)
    {
        var rng = new Generator((ulong)seed);
        var noise = Tensor.Rand([1, 3, 24, 24], rng);
        var x = Tensor.Zeros(1, 3, 24, 24);
        for (int y = 0; y < 24; y++)
            for (int i = 0; i < 24; i++)
            {
                bool on = (y + i) / 4 % 2 == 0;
                x[0, 0, y, i] = on ? 0.9f : 0.2f;
                x[0, 1, y, i] = on ? 0.5f : 0.1f;
                x[0, 2, y, i] = 0.3f + 0.1f * noise[0, 2, y, i];
            }
        return x;
    }

    private static readonly RandomFilterNetwork Network = new(seed: 3, filtersPerSize: 16, sizes: [3, 5]);

    [Fact]
    public void RandomFiltersAreSeededCentredAndOfUnitNorm()
    {
        var a = new RandomFilterNetwork(seed: 5, filtersPerSize: 4, sizes: [3]);
        var b = new RandomFilterNetwork(seed: 5, filtersPerSize: 4, sizes: [3]);
        var image = Stripes(1);
        var fa = a.Activations(image, ["k3"])["k3"];
        Assert.Equal([1, 4, 24, 24], fa.Shape);
        Assert.Equal(fa.ToArray(), b.Activations(image, ["k3"])["k3"].ToArray());
        // A uniform grey image is 0 after centring, so every unit-norm, zero-mean filter answers 0 — also on a flat colour.
        var flat = a.Activations(Tensor.Full(0.7f, 1, 3, 8, 8), ["k3"])["k3"];
        Assert.All(flat.Narrow(2, 1, 6).Narrow(3, 1, 6).ToArray(), v => Close.Assert(0, v, atol: 1e-5));
        var error = Assert.Throws<ArgumentException>(() => a.Activations(image, ["k9"]));
        Assert.Contains("k9", error.Message);
        Assert.Throws<ArgumentException>(() => new RandomFilterNetwork(sizes: [4]));
    }

    [Theory]
    [InlineData(ImageOptimizerKind.Lbfgs)]
    [InlineData(ImageOptimizerKind.Adam)]
    public void TextureSynthesisFromNoiseMatchesTheGramMatricesOfTheSource(ImageOptimizerKind kind)
    {
        var options = new StyleTransferOptions { StyleLayers = ["k3", "k5"], TvWeight = 0, Optimizer = kind, Evaluations = 60, LearningRate = 0.05, Seed = 2 };
        var result = StyleTransfer.Texture(Network, Stripes(1), 24, 24, options);
        Assert.Equal([1, 3, 24, 24], result.Image.Shape);
        Assert.InRange(result.Image.ToArray().Min(), 0f, 1f);
        Assert.InRange(result.Image.ToArray().Max(), 0f, 1f);
        double start = result.History[0]["style"], end = result.History[^1]["style"];
        Assert.True(end < start / 10, $"{kind}: style loss {start:G4} → {end:G4}, expected a tenfold drop");
    }

    [Fact]
    public void StyleTransferTradesContentForStyleAsBetaGrows()
    {
        var content = Stripes(1).Flip(3);
        var style = Stripes(2).Flip(1);
        var options = new StyleTransferOptions { StyleLayers = ["k3", "k5"], ContentLayers = ["k3"], StyleWeight = 1, Evaluations = 30, TvWeight = 0 };
        var (images, results) = StyleTransfer.Sweep(Network, content, style, options, [1e-2, 1e-5]);
        Assert.Equal([2, 3, 24, 24], images.Shape);
        // From the content image, with a small β the result stays near the content; with a large β it moves towards the style.
        Assert.True(results[1].History[^1]["style"] < results[0].History[^1]["style"]);
        Assert.True(results[1].History[^1]["content"] > results[0].History[^1]["content"]);
        Assert.All(results, r => Assert.True(r.History[^1]["loss"] < r.History[0]["loss"], $"loss {r.History[0]["loss"]:G6} → {r.History[^1]["loss"]:G6} (style {r.History[0]["style"]:G4} → {r.History[^1]["style"]:G4}, content → {r.History[^1]["content"]:G4})"));
        Assert.Throws<ArgumentException>(() => StyleTransfer.Sweep(Network, content, style, options, [0]));
    }

    [Fact]
    public void OneDeepDreamStepIncreasesTheTargetActivation()
    {
        var photo = Stripes(4);
        double before = DeepDream.Objective(Network, photo, "k5").Item();
        var (after, reported) = DeepDream.Step(Network, photo, "k5", stepSize: 0.01, dy: 3, dx: -2);
        Close.Assert(DeepDream.Objective(Network, DeepDream.Roll(photo, 3, -2), "k5").Item(), reported, rtol: 1e-5); // measured on the jittered image
        Assert.True(DeepDream.Objective(Network, after, "k5").Item() > before);
        // The whole procedure too, with octaves and jitter.
        var (dream, objectives) = DeepDream.Dream(Network, photo, new DeepDreamOptions { Layer = "k3", Octaves = 2, OctaveScale = 1.5, StepsPerOctave = 3, Size = 32 });
        Assert.Equal(photo.Shape, dream.Shape);
        Assert.Equal(6, objectives.Count);
        Assert.True(DeepDream.Objective(Network, dream, "k3").Item() > DeepDream.Objective(Network, photo, "k3").Item());
    }

    [Fact]
    public void RollWrapsAroundAndIsUndoneByTheOppositeShift()
    {
        var x = Tensor.Arange(0, 12).Reshape(1, 1, 3, 4);
        var r = DeepDream.Roll(x, 1, -1);
        Assert.Equal(x[0, 0, 2, 1], r[0, 0, 0, 0]); // r[y, i] = x[y − 1, i + 1]
        Assert.Equal(x[0, 0, 0, 0], r[0, 0, 1, 3]);
        Assert.Equal(x.ToArray(), DeepDream.Roll(r, -1, 1).ToArray());
    }

    [Fact]
    public void PixelOptimizerReachesTheBoxNearestToAnOutOfRangeTarget()
    {
        var target = Tensor.FromArray([-0.5f, 0.25f, 0.75f, 1.5f], 1, 1, 2, 2);
        foreach (var kind in new[] { ImageOptimizerKind.Lbfgs, ImageOptimizerKind.Adam })
        {
            var (image, history) = PixelOptimizer.Minimize(Tensor.Full(0.5f, 1, 1, 2, 2), x =>
            {
                var d = x - target;
                var loss = (d * d).Sum();
                return (loss, new Dictionary<string, double> { ["loss"] = loss.Item() });
            }, kind, evaluations: 300, learningRate: 0.02);
            float[] expected = [0f, 0.25f, 0.75f, 1f];
            for (int i = 0; i < 4; i++) Close.Assert(expected[i], image.ToArray()[i], atol: 2e-3, what: $"{kind} pixel {i}");
            Assert.True(history.Count >= 2);
        }
    }
}
