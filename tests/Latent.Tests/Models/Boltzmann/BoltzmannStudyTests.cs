using Latent.Models.Boltzmann;
using Latent.Models.Boltzmann.Studies;
using Latent.Models.Catalog;
using Latent.Models.Common;

namespace Latent.Tests.Models.Boltzmann;

/// <summary>The Boltzmann studies end to end on a few Fashion-MNIST images with tiny budgets: numbers and pictures written.</summary>
public class BoltzmannStudyTests
{
    private static void InTemporaryDirectory(Action<StudyContext, string> body)
    {
        var dir = Path.Combine(Path.GetTempPath(), "latent-boltzmann-study-" + Guid.NewGuid().ToString("N"));
        try { body(new StudyContext(dir, seed: 1), dir); }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void StudiesAreListedByName()
    {
        Assert.Equal(["rbm-cd", "dbn-classifier", "deep-autoencoder"], BoltzmannFamily.Instance.Studies.Select(s => s.Name));
        Assert.Same(BoltzmannFamily.Instance.Studies[2], ModelCatalog.FindStudy("deep-autoencoder"));
    }

    [SkippableFact]
    public void ContrastiveDivergenceStudyWritesEachVariantsLikelihoodAndSamples()
    {
        TestData.RequireFashionMnist();
        InTemporaryDirectory((c, dir) =>
        {
            var json = new ContrastiveDivergenceStudy { Hidden = 16, TrainImages = 500, TestImages = 200, Updates = 20, LongK = 3, AisTemperatures = 50, AisRuns = 10, SampleSteps = 5 }.Run(c);
            var results = json["results"]!.AsArray();
            Assert.Equal(["cd1", "cd3", "pcd"], results.Select(r => r!["variant"]!.GetValue<string>()));
            foreach (var r in results)
            {
                double ll = r!["test_log_likelihood"]!.GetValue<double>();
                Assert.InRange(ll, -543.5, -1);   // below 0 and above the uniform model's −784 log 2
                Assert.True(r["test_log_likelihood_low"]!.GetValue<double>() <= ll);
            }
            foreach (var f in new[] { "rbm-cd.json", "rbm-cd1-samples.png", "rbm-cd3-samples.png", "rbm-pcd-samples.png", "rbm-pcd-chains.png" })
                Assert.True(File.Exists(Path.Combine(dir, f)), f);
        });
    }

    [SkippableFact]
    public void DbnClassifierStudyComparesBothInitialisations()
    {
        TestData.RequireFashionMnist();
        InTemporaryDirectory((c, dir) =>
        {
            var json = new DbnClassifierStudy { Layers = [32], TrainImages = 600, TestImages = 300, StepsPerLayer = 30, LabelledSizes = [100, 600], FineTuneSteps = 60 }.Run(c);
            var results = json["results"]!.AsArray();
            Assert.Equal(2, results.Count);
            foreach (var r in results)
            {
                Assert.InRange(r!["test_accuracy_dbn_init"]!.GetValue<double>(), 0.3, 1);     // well above chance (0.1) after 60 steps
                Assert.InRange(r["test_accuracy_random_init"]!.GetValue<double>(), 0.0, 1);
            }
            Assert.True(File.Exists(Path.Combine(dir, "dbn-classifier-accuracy.svg")));
            Assert.True(File.Exists(Path.Combine(dir, "dbn-filters.png")));
        });
    }

    [SkippableFact]
    public void DeepAutoencoderStudyMeasuresTheAutoencoderAndPca()
    {
        TestData.RequireFashionMnist();
        InTemporaryDirectory((c, dir) =>
        {
            var json = new DeepAutoencoderStudy { Layers = [64, 32], CodeSizes = [8, 2], TrainImages = 600, TestImages = 200, StepsPerLayer = 30, FineTuneSteps = 60, ScatterImages = 100 }.Run(c);
            var results = json["results"]!.AsArray();
            Assert.Equal([8, 2], results.Select(r => r!["code_size"]!.GetValue<int>()));
            var first = results[0]!;
            double pca8 = first["test_mse_pca"]!.GetValue<double>(), pca2 = results[1]!["test_mse_pca"]!.GetValue<double>();
            Assert.True(pca8 < pca2, $"PCA with 8 components {pca8} should beat 2 components {pca2}");
            Assert.True(first["test_mse_deep_autoencoder"]!.GetValue<double>() < first["test_mse_pretrained_only"]!.GetValue<double>(),
                "fine-tuning should lower the unrolled stack's error");
            Assert.NotNull(first["test_mse_random_init"]);
            foreach (var f in new[] { "deep-autoencoder.json", "deep-autoencoder-reconstructions.png", "deep-autoencoder-codes.svg", "pca-codes.svg" })
                Assert.True(File.Exists(Path.Combine(dir, f)), f);
        });
    }
}
