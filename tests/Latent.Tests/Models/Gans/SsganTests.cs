using Latent.Data;
using Latent.Models.Gans;
using Latent.Tensors;

namespace Latent.Tests.Models.Gans;

public class SsganTests
{
    private static readonly float[] Logits = [1f, -0.5f, 2f, -3f, 0.2f, -1f];

    /// <summary>The K+1-class softmax of each row with a 0 logit appended for "fake".</summary>
    private static double[][] Softmax(float[] logits, int k)
        => Enumerable.Range(0, logits.Length / k).Select(i =>
        {
            var row = logits.Skip(k * i).Take(k).Select(v => (double)v).Append(0.0).ToArray();
            double z = row.Sum(Math.Exp);
            return row.Select(v => Math.Exp(v) / z).ToArray();
        }).ToArray();

    [Fact]
    public void UnsupervisedLossIsTheKPlusOneClassRealVersusFakeCrossEntropy()
    {
        var real = Softmax(Logits[..6], 3);   // two real examples
        var fake = Softmax([.. Logits[3..], .. Logits[..3]], 3);
        double expected = -real.Average(p => Math.Log(1 - p[3])) - fake.Average(p => Math.Log(p[3]));
        var loss = SemiSupervisedGanLoss.Unsupervised(Tensor.FromArray(Logits, 2, 3), Tensor.FromArray([.. Logits[3..], .. Logits[..3]], 2, 3));
        Close.Assert(expected, loss.Item(), atol: 1e-5, rtol: 1e-5);
        var d = SemiSupervisedGanLoss.RealProbability(Tensor.FromArray(Logits, 2, 3)).ToArray();
        for (int i = 0; i < 2; i++) Close.Assert(1 - real[i][3], d[i], atol: 1e-6, rtol: 1e-5);
    }

    [Fact]
    public void SupervisedLossIsTheClassLikelihoodGivenReal()
    {
        // −log p(y | x, y ≤ K) = −log(p_{K+1}(y) / (1 − p_{K+1}(fake))).
        var p = Softmax(Logits, 3);
        int[] labels = [2, 0];
        double expected = -Enumerable.Range(0, 2).Average(i => Math.Log(p[i][labels[i]] / (1 - p[i][3])));
        Close.Assert(expected, SemiSupervisedGanLoss.Supervised(Tensor.FromArray(Logits, 2, 3), labels).Item(), atol: 1e-5, rtol: 1e-5);
    }

    [Fact]
    public void LabelledSubsetTakesTheSameNumberFromEachClass()
    {
        var labels = Enumerable.Range(0, 30).Select(i => i % 3).ToArray();
        var pixels = Enumerable.Range(0, 30 * 4).Select(i => (byte)(i / 4 * 8)).ToArray();
        var data = new ImageDataset("toy", pixels, labels, 1, 2, 2, ["a", "b", "c"]);
        var subset = LabelledSubset.Draw(data, 6, new Generator(1));
        Assert.Equal([0, 0, 1, 1, 2, 2], subset.Labels);
        var images = subset.Images.ToArray();
        for (int i = 0; i < 6; i++)
        {
            int source = (int)Math.Round((images[4 * i] + 1) / 2 * 255 / 8); // pixels of example j are j·8
            Assert.Equal(subset.Labels[i], labels[source]);
        }
        Assert.True(LabelledSubset.CanDraw(data, 30));
        Assert.False(LabelledSubset.CanDraw(data, 33));
        Assert.Contains("multiple", Assert.Throws<ArgumentException>(() => LabelledSubset.Draw(data, 7, new Generator(1))).Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ClassifierLearnsTwoClustersFromFourLabels(bool labelsOnly)
    {
        var gen = new Generator(3);
        Tensor Cluster(int n, float x) => Tensor.Randn([n, 2], gen, 0f, 0.3f) + Tensor.FromArray([x, -x], 1, 2);
        var labelled = new LabelledSubset(Tensor.Concat([Cluster(2, 1f), Cluster(2, -1f)], 0), [0, 0, 1, 1]);
        var options = new SsganOptions { LabelsOnly = labelsOnly, LabelledBatch = 4, InputNoise = 0, HiddenNoise = 0, LearningRate = 3e-3 };
        var g = new MlpGenerator(4, [2], [16], new Generator(4));
        var g0 = g.Parameters().First().ToArray();
        var model = new SsganModel(g, new SsganDiscriminator(2, [16], 2, 0f, 0f, new Generator(5), new Generator(6)), labelled, options, new Generator(7));
        var test = Tensor.Concat([Cluster(100, 1f), Cluster(100, -1f)], 0);
        var truth = Enumerable.Range(0, 200).Select(i => i / 100).ToArray();
        double Accuracy() => model.Classify(test).Zip(truth).Count(p => p.First == p.Second) / 200.0;
        double before = Accuracy();
        for (int step = 0; step < 60; step++)
        {
            var metrics = model.TrainStep(new Batch(Tensor.Concat([Cluster(16, 1f), Cluster(16, -1f)], 0), null, null, Enumerable.Range(0, 32).ToArray()));
            Assert.All(metrics.Values, v => Assert.True(double.IsFinite(v)));
            Assert.Equal(labelsOnly, !metrics.ContainsKey("g_loss"));
        }
        double after = Accuracy();
        Assert.True(after > 0.95 && after > before, $"accuracy {before:P0} → {after:P0}");
        Assert.Equal(labelsOnly, g0.SequenceEqual(g.Parameters().First().ToArray()));
    }

    [Fact]
    public void LearningRateFallsLinearlyToZeroOverTheLastThird()
    {
        var labelled = new LabelledSubset(Tensor.Zeros(2, 2), [0, 1]);
        var options = new SsganOptions { LearningRate = 3e-3, LrDecay = 1.0 / 3 };
        var model = new SsganModel(new MlpGenerator(4, [2], [8], new Generator(1)), new SsganDiscriminator(2, [8], 2, 0f, 0f, new Generator(2), new Generator(3)),
            labelled, options, new Generator(4), totalSteps: 300);
        Close.Assert(3e-3, model.LearningRateAt(0), atol: 1e-12);
        Close.Assert(3e-3, model.LearningRateAt(200), atol: 1e-12);
        Close.Assert(1.5e-3, model.LearningRateAt(250), atol: 1e-12);
        Close.Assert(0, model.LearningRateAt(300), atol: 1e-12);
        var constant = new SsganModel(new MlpGenerator(4, [2], [8], new Generator(1)), new SsganDiscriminator(2, [8], 2, 0f, 0f, new Generator(2), new Generator(3)),
            labelled, options with { LrDecay = 0 }, new Generator(4), totalSteps: 300);
        Close.Assert(3e-3, constant.LearningRateAt(299), atol: 1e-12);
    }

    [Fact]
    public void FeaturesAreTheLastHiddenLayerBeforeItsNoiseOnPixelsInZeroOne()
    {
        var d = new SsganDiscriminator(3, [4], 2, 0f, 100f, new Generator(5), new Generator(6), weightNorm: false);
        var x = Tensor.FromArray([-1f, 0f, 1f], 1, 3);
        var linear = (Latent.NN.Linear)((Latent.NN.Sequential)d.Children().First()).Children().ElementAt(2);
        var expected = Tensor.FromArray([0f, 0.5f, 1f], 1, 3).Linear(linear.Weight, linear.Bias).Relu().ToArray();
        Assert.Equal(expected, d.Features(x).ToArray()); // the σ = 100 noise after the layer is not in the features
        Assert.NotEqual(d.Logits(d.Features(x)).ToArray(), d.Logits(d.Features(x)).ToArray());
        d.Eval();
        Assert.Equal(d.Logits(d.Features(x)).ToArray(), d.Logits(d.Features(x)).ToArray());
    }

    [SkippableFact]
    public void LabelsStudyWritesTheTableOfBothSidesAtEachLabelCount()
    {
        TestData.RequireFashionMnist();
        var dir = Path.Combine(Path.GetTempPath(), "latent-ssgan-study-" + Guid.NewGuid().ToString("N"));
        try
        {
            var study = new Latent.Models.Gans.Studies.SsganLabelsStudy
            {
                LabelCounts = [20], Steps = 30, EvaluateEvery = 15, TrainSize = 600,
                Options = new SsganOptions { DiscriminatorHidden = [32, 16], GeneratorHidden = [32], LearningRate = 3e-3 },
            };
            var json = study.Run(new Latent.Models.Common.StudyContext(dir));
            var run = json["runs"]!["labels_20"]!;
            double ssgan = run["ssgan"]!.GetValue<double>(), baseline = run["labels-only"]!.GetValue<double>();
            Assert.Equal(2, run["ssgan_curve"]!.AsArray().Count);
            Close.Assert(ssgan - baseline, run["gain"]!.GetValue<double>(), atol: 1e-12);
            // 20 labels and 30 steps already beat the 10 % of chance on the whole test set, on both sides.
            Assert.True(ssgan > 0.3 && baseline > 0.3, $"ssgan {ssgan}, labels-only {baseline}");
            foreach (var f in new[] { "ssgan-labels.json", "ssgan-accuracy.svg", "ssgan-samples.png" })
                Assert.True(File.Exists(Path.Combine(dir, f)), f);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }
}
