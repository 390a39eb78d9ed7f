using System.Text.Json.Nodes;
using Latent.Data;
using Latent.Models.Common;
using Latent.Models.Metrics;
using Latent.Tensors;
using Latent.Tests.IO;

namespace Latent.Tests.Models.Metrics;

public class EvaluationTests
{
    private const int Classes = 4;

    /// <summary>
    /// 8 × 8 images of 4 classes: class c lights the 4 × 4 quadrant c (values 0.6–1 with noise), the rest is dim noise.
    /// </summary>
    private static ImageDataset Quadrants(int count, ulong seed)
    {
        var gen = new Generator(seed);
        var pixels = new byte[count * 64];
        var labels = new int[count];
        for (int i = 0; i < count; i++)
        {
            int c = i % Classes;
            labels[i] = c;
            for (int y = 0; y < 8; y++)
                for (int x = 0; x < 8; x++)
                {
                    bool lit = (y / 4) * 2 + x / 4 == c;
                    double v = lit ? 0.6 + 0.4 * gen.NextDouble() : 0.3 * gen.NextDouble();
                    pixels[i * 64 + y * 8 + x] = (byte)Math.Round(v * 255);
                }
        }
        return new ImageDataset("quadrants", pixels, labels, 1, 8, 8, ["a", "b", "c", "d"]);
    }

    /// <summary>Features: the mean of each quadrant and of each row (12 values); posteriors: softmax of 8 × the quadrant means.</summary>
    private sealed class QuadrantNetwork : IClassifierNetwork
    {
        public string Name => "quadrants";

        public int FeatureDim => 12;

        public int Classes => EvaluationTests.Classes;

        public Tensor Features(Tensor images) => FeaturesAndProbabilities(images).Features;

        public (Tensor Features, Tensor Probabilities) FeaturesAndProbabilities(Tensor images)
        {
            int n = images.Shape[0];
            var f = Tensor.Zeros(n, 12);
            for (int i = 0; i < n; i++)
                for (int y = 0; y < 8; y++)
                    for (int x = 0; x < 8; x++)
                    {
                        float v = images[i, 0, y, x];
                        f[i, (y / 4) * 2 + x / 4] += v / 16;
                        f[i, 4 + y] += v / 8;
                    }
            return (f, (f.Narrow(1, 0, 4) * 8f).Softmax(1));
        }
    }

    /// <summary>Draws real images of the requested classes (a perfect conditional model), or ignores the labels.</summary>
    private sealed class DatasetSampler(ImageDataset data, bool honourLabels) : IConditionalSampler
    {
        public int[] SampleShape => [1, 8, 8];

        public int Classes => EvaluationTests.Classes;

        public Tensor Sample(int count, Generator gen) => data.ToTensor(Tensor.PermutationIndices(data.Count, gen)[..count]);

        public Tensor Sample(int[] labels, Generator gen)
        {
            var indices = labels.Select(l => honourLabels ? l + Classes * gen.NextInt(data.Count / Classes) : gen.NextInt(data.Count)).ToArray();
            return data.ToTensor(indices);
        }
    }

    /// <summary>A likelihood model with a known answer: log p(x) = −Σ pixels (nats), exact.</summary>
    private sealed class PixelSumLikelihood : ILikelihoodModel
    {
        public LikelihoodKind Kind => LikelihoodKind.Exact;

        public Tensor LogLikelihood(Tensor x, Generator gen) => -x.Reshape(x.Shape[0], -1).Sum(1);
    }

    private sealed class WrongShapeSampler : ISampler
    {
        public int[] SampleShape => [2];

        public Tensor Sample(int count, Generator gen) => Tensor.Zeros(count, 2);
    }

    /// <summary>A standard normal on points [2]: samples that are not images, and an exact log-density.</summary>
    private sealed class PointGaussian : ISampler, ILikelihoodModel
    {
        public int[] SampleShape => [2];

        public LikelihoodKind Kind => LikelihoodKind.Exact;

        public Tensor Sample(int count, Generator gen) => Tensor.Randn([count, 2], gen);

        public Tensor LogLikelihood(Tensor x, Generator gen)
        {
            Assert.Equal([x.Shape[0], 2], x.Shape);
            return x.Square().Sum(1) * -0.5f - (float)Math.Log(2 * Math.PI);
        }
    }

    /// <summary>Draws 0.2·T s tone bursts followed by silence (T = the temperature, 1 by default), 0.5 s clips at 8 kHz.</summary>
    private sealed class ToneBursts : IAudioSampler, ITemperatureSampler
    {
        public int SampleRate => 8000;

        public int[] SampleShape => [1, 4000];

        public Tensor Sample(int count, Generator gen) => Sample(count, gen, 1);

        public Tensor Sample(int count, Generator gen, double temperature)
        {
            var clips = new float[count * 4000];
            for (int i = 0; i < count; i++)
                for (int t = 0; t < (int)(1600 * temperature); t++) clips[i * 4000 + t] = 0.5f * MathF.Sin(2 * MathF.PI * (200 + 50 * i) * t / 8000f);
            return Tensor.FromArray(clips, count, 1, 4000);
        }
    }

    [Fact]
    public void ASamplingTemperatureReachesModelsThatHaveOne()
    {
        var settings = new EvaluationSettings { Samples = 400, KidSubsets = 20, KidSubsetSize = 100, Temperature = 0.5 };
        var row = Evaluation.EvaluateModel("tones", new ToneBursts(), Reference(settings));
        Close.Assert(0.1, row.Metrics["sounding_seconds"], atol: 2e-3, rtol: 0, what: "sounding time at T = 0.5");
        Assert.Contains("temperature 0.5", row.Notes["temperature"]);
        Assert.Throws<ArgumentException>(() => (settings with { Temperature = 0 }).Validate());
    }

    [Fact]
    public void AudioSamplersAreMeasuredAsSpeechBesideTheirHeldOutClips()
    {
        var heldOut = Tensor.Randn([3, 1, 6000], new Generator(9), 0f, 0.3f); // white noise: no spectral envelope, never ends
        var row = Evaluation.EvaluateModel("tones", new ToneBursts(), Reference(), heldOut);
        Close.Assert(0.2, row.Metrics["sounding_seconds"], atol: 2e-3, rtol: 0, what: "sounding time");
        Assert.Equal(1.0, row.Metrics["ended_share"]);
        Assert.True(row.Metrics["prediction_gain_db"] > 30, "tones are predictable");
        Assert.Equal(0.0, row.Metrics["data_ended_share"]);
        Assert.InRange(row.Metrics["data_prediction_gain_db"], 0, 1.5);
        Assert.Contains("scored as speech", row.Notes["samples"]);
        Assert.False(row.Metrics.ContainsKey("fid"));
    }

    private static EvaluationReference Reference(EvaluationSettings? settings = null)
        => EvaluationReference.Create(new QuadrantNetwork(), Quadrants(2000, 1), Quadrants(400, 2),
            settings ?? new EvaluationSettings { Samples = 400, KidSubsets = 20, KidSubsetSize = 100 });

    [Fact]
    public void ReferenceRowsPutTheTestSetFarBelowTheTrivialModels()
    {
        var rows = Evaluation.ReferenceRows(Reference());
        Assert.Equal(["test set", "mean image", "pixel gaussian"], rows.Select(r => r.Name));
        var (test, mean, gaussian) = (rows[0], rows[1], rows[2]);
        Assert.True(test.Metrics["fid"] * 20 < mean.Metrics["fid"], $"FID test {test.Metrics["fid"]} vs mean image {mean.Metrics["fid"]}");
        Assert.True(test.Metrics["fid"] * 20 < gaussian.Metrics["fid"], $"FID test {test.Metrics["fid"]} vs pixel gaussian {gaussian.Metrics["fid"]}");
        Assert.True(Math.Abs(test.Metrics["kid"]) < 0.1 * gaussian.Metrics["kid"]);
        Assert.True(test.Metrics["precision"] > 0.75 && test.Metrics["recall"] > 0.75, $"P/R of the test set {test.Metrics["precision"]}/{test.Metrics["recall"]}");
        Assert.Equal(0.0, mean.Metrics["recall"]); // one image, balls of radius 0
        Assert.True(test.Metrics["is"] > 2.5 && mean.Metrics["is"] < 1.01, $"IS test {test.Metrics["is"]}, mean image {mean.Metrics["is"]}");
    }

    [Fact]
    public void ConditionalSamplersGetTheClassifiersAccuracyPerClass()
    {
        var reference = Reference();
        var data = Quadrants(2000, 3);
        var good = Evaluation.EvaluateModel("good", new DatasetSampler(data, honourLabels: true), reference);
        Assert.Equal(1.0, good.Metrics["class_accuracy"]);
        Assert.Equal([1.0, 1.0, 1.0, 1.0], good.ClassAccuracy!);
        var careless = Evaluation.EvaluateModel("careless", new DatasetSampler(data, honourLabels: false), reference);
        Assert.InRange(careless.Metrics["class_accuracy"], 0.15, 0.35);
        // Both draw real images, so both sit near the floor on FID.
        Assert.True(good.Metrics["fid"] < 0.05 && careless.Metrics["fid"] < 0.05, $"FID {good.Metrics["fid"]}, {careless.Metrics["fid"]}");
    }

    [Fact]
    public void LikelihoodModelsReportNatsAndBitsPerDimensionWithTheirKind()
    {
        var reference = Reference(new EvaluationSettings { Samples = 400, LikelihoodExamples = 300, BatchSize = 64 });
        var row = Evaluation.EvaluateModel("pixels", new PixelSumLikelihood(), reference);
        var x = reference.TestImages.Narrow(0, 0, 300);
        double expected = x.Sum().Item() / 300.0;
        Close.Assert(expected, row.Metrics["nll"], atol: 1e-4, rtol: 1e-5);
        Close.Assert(expected / (64 * Math.Log(2)), row.Metrics["bits_per_dim"], atol: 1e-6, rtol: 1e-5);
        Assert.Equal("exact", row.Notes["nll_kind"]);
        Assert.False(row.Metrics.ContainsKey("fid")); // it does not sample
    }

    [Fact]
    public void SameSeedSameNumbersAndEvalJsonHoldsTheTable()
    {
        var reference = Reference();
        var model = new DatasetSampler(Quadrants(2000, 4), honourLabels: true);
        var a = Evaluation.EvaluateModel("m", model, reference);
        var b = Evaluation.EvaluateModel("m", model, reference);
        Assert.Equal(a.Metrics, b.Metrics);
        using var dir = new TempDirectory();
        var referenceRows = Evaluation.ReferenceRows(reference);
        string path = EvaluationReport.Write(dir.Path, EvaluationReport.ToJson(a, referenceRows, reference, new JsonObject { ["model"] = "toy" }));
        var json = JsonNode.Parse(File.ReadAllText(path))!;
        Assert.Equal("toy", json["model"]!.ToString());
        Assert.Equal("quadrants", json["features"]!.ToString());
        Assert.Equal(a.Metrics["fid"], json["result"]!["metrics"]!["fid"]!.GetValue<double>());
        Assert.Equal(3, json["reference"]!.AsArray().Count);
    }

    [Fact]
    public void SavedFeaturesAreTheMatricesTheMetricsSaw()
    {
        using var dir = new TempDirectory();
        var reference = Reference(new EvaluationSettings { Samples = 400, KidSubsets = 5, KidSubsetSize = 100, SaveFeaturesDirectory = dir.Path });
        var rows = Evaluation.ReferenceRows(reference);
        var train = NpyFile.Read(dir.File("reference-train.npy"));
        var test = NpyFile.Read(dir.File("test-set.npy"));
        Assert.Equal(reference.TrainFeatures.ToArray(), train.ToArray());
        Close.Assert(rows[0].Metrics["fid"], FrechetDistance.Compute(train, test), atol: 1e-12, rtol: 1e-12);
        Assert.True(File.Exists(dir.File("pixel-gaussian.npy")));
    }

    [Fact]
    public void AModelOfOtherDataIsScoredOnItsOwnHeldOutExamplesAndItsSamplesAreSkippedWithAReason()
    {
        var reference = Reference(new EvaluationSettings { Samples = 400, KidSubsets = 5, KidSubsetSize = 100, Metrics = EvaluationSettings.ParseMetrics("fid,nll") });
        var points = Tensor.FromArray([0f, 0f, 1f, 0f, 0f, 2f, 3f, 1f, -1f, -1f], [5, 2]);
        var loader = new DataLoader(points, batchSize: 2, shuffle: false);
        var heldOut = Evaluation.HeldOutInputs(loader, 4)!;
        Assert.Equal(points.Narrow(0, 0, 4).ToArray(), heldOut.ToArray());
        var row = Evaluation.EvaluateModel("gaussian", new PointGaussian(), reference, heldOut);
        // −log N(x; 0, I) averaged over the four points: log 2π + ¼ Σ ½‖x‖² = log 2π + (0 + 0.5 + 2 + 5) / 4.
        Close.Assert(row.Metrics["nll"], Math.Log(2 * Math.PI) + 7.5 / 4, atol: 1e-5, rtol: 1e-6);
        Assert.False(row.Metrics.ContainsKey("fid"));
        Assert.Contains("[2]", row.Notes["samples"]);
        Assert.Contains("model's own data", row.Notes["nll"]);
        // Held-out images of the reference's shape change nothing: the likelihood stays on the reference's test images.
        var images = Evaluation.EvaluateModel("pixels", new PixelSumLikelihood(), reference, reference.TestImages.Narrow(0, 0, 7));
        Assert.Equal(Evaluation.EvaluateModel("pixels", new PixelSumLikelihood(), reference).Metrics["nll"], images.Metrics["nll"]);
    }

    [Fact]
    public void ModelsThatCannotBeScoredGetClearErrors()
    {
        var reference = Reference();
        var e = Assert.Throws<InvalidOperationException>(() => Evaluation.EvaluateModel("toy", new WrongShapeSampler(), reference));
        Assert.Contains("[2]", e.Message);
        Assert.Throws<InvalidOperationException>(() => Evaluation.EvaluateModel("nothing", new object(), reference));
        var unknown = Assert.Throws<ArgumentException>(() => EvaluationSettings.ParseMetrics("fid,fdi"));
        Assert.Contains("fdi", unknown.Message);
        Assert.Equal(new HashSet<EvaluationMetric> { EvaluationMetric.Fid, EvaluationMetric.Pr }, EvaluationSettings.ParseMetrics("FID, pr"));
    }
}
