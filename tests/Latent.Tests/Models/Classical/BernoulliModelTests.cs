using System.Globalization;
using Latent.Data;
using Latent.Models.Catalog;
using Latent.Models.Classical;
using Latent.Tensors;
using Latent.Tests.IO;
using Latent.Training;

namespace Latent.Tests.Models.Classical;

public class BernoulliModelTests
{
    [Fact]
    public void NaiveBayesPosteriorMatchesAHandComputedCase()
    {
        // Class 0: [1,0], [1,1]; class 1: [0,0]. α = 1: μ₀ = (3/4, 2/4), μ₁ = (1/3, 1/3); priors 2/3, 1/3.
        double[][] x = [[1, 0], [1, 1], [0, 0]];
        var nb = BernoulliNaiveBayes.Fit(x, [0, 0, 1], 2, alpha: 1);
        Assert.Equal(0.75, nb.Probabilities[0][0], 1e-15);
        Assert.Equal(1 / 3.0, nb.Probabilities[1][1], 1e-15);
        // x = [0, 1]: p(x, C₀) = 2/3·(1/4)·(1/2) = 1/12; p(x, C₁) = 1/3·(2/3)·(1/3) = 2/27.
        double a = 1 / 12.0, b = 2 / 27.0;
        Assert.Equal(a / (a + b), nb.Posterior([0, 1])[0], 1e-12);
        Assert.Equal(0, nb.Predict([0, 1]));
        Assert.Throws<ArgumentException>(() => BernoulliNaiveBayes.Fit(x, [0, 0, 2], 2));
    }

    [SkippableFact]
    public void NaiveBayesAgreesWithScikitLearn()
    {
        var gen = new Generator(21);
        // Three classes of 12-pixel binary patterns, each pixel on with a class-specific probability.
        var rates = Enumerable.Range(0, 3).Select(_ => Enumerable.Range(0, 12).Select(_ => gen.NextDouble()).ToArray()).ToArray();
        var labels = Enumerable.Range(0, 300).Select(i => i % 3).ToArray();
        var rows = labels.Select(c => rates[c].Select(p => gen.NextDouble() < p ? 0.9 : 0.1).ToArray()).ToArray();
        var test = Enumerable.Range(0, 50).Select(i => rates[i % 3].Select(p => gen.NextDouble() < p ? 0.9 : 0.1).ToArray()).ToArray();
        var inv = CultureInfo.InvariantCulture;
        string file = Path.Combine(Path.GetTempPath(), $"latent-bnb-{Guid.NewGuid():N}.txt");
        File.WriteAllLines(file, rows.Select((r, i) => string.Join(' ', r.Select(v => v.ToString("R", inv))) + $" {labels[i]}")
            .Concat(test.Select(r => string.Join(' ', r.Select(v => v.ToString("R", inv))) + " -1")));
        try
        {
            const string script = """
import sys, numpy as np
from sklearn.naive_bayes import BernoulliNB
d = np.loadtxt(sys.argv[1]); tr = d[d[:, -1] >= 0]; te = d[d[:, -1] < 0]
m = BernoulliNB(alpha=1.0, binarize=0.5).fit(tr[:, :-1], tr[:, -1].astype(int))
for row in m.predict_proba(te[:, :-1]): print(' '.join(repr(float(p)) for p in row))
""";
            var output = SystemPython.Run(script, ["numpy", "sklearn"], file);
            Skip.If(output == null, "/usr/bin/python3 has no scikit-learn (apt-get install python3-sklearn)");
            var nb = BernoulliNaiveBayes.Fit(rows, labels, 3, alpha: 1, threshold: 0.5);
            var lines = output!.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            for (int i = 0; i < test.Length; i++)
            {
                var theirs = lines[i].Split(' ').Select(t => double.Parse(t, inv)).ToArray();
                var ours = nb.Posterior(test[i]);
                for (int c = 0; c < 3; c++) Assert.Equal(theirs[c], ours[c], 1e-10);
            }
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void MixtureProbabilitiesSumToOneOverEveryBinaryVector()
    {
        var mixture = BernoulliMixture.Random(3, 5, new Generator(22));
        double total = 0;
        for (int bits = 0; bits < 32; bits++)
            total += Math.Exp(mixture.LogDensity(Enumerable.Range(0, 5).Select(i => (double)((bits >> i) & 1)).ToArray()));
        Assert.Equal(1, total, 1e-12);
    }

    [Fact]
    public void EmNeverLowersTheLikelihoodAndRecoversThePatterns()
    {
        var gen = new Generator(23);
        // Two well-separated patterns of 20 pixels, 200 noisy copies each.
        var patterns = new[] { Enumerable.Range(0, 20).Select(i => i < 10 ? 0.9 : 0.1).ToArray(), Enumerable.Range(0, 20).Select(i => i % 2 == 0 ? 0.9 : 0.1).ToArray() };
        var rows = Enumerable.Range(0, 400).Select(i => patterns[i % 2].Select(p => gen.NextDouble() < p ? 1.0 : 0.0).ToArray()).ToArray();
        var mixture = BernoulliMixture.Random(2, 20, new Generator(24));
        double previous = double.NegativeInfinity;
        for (int step = 0; step < 30; step++)
        {
            mixture = mixture.EmStep(rows, 0, out double ll);
            Assert.True(ll >= previous - 1e-12, $"step {step}: {previous} → {ll}");
            previous = ll;
        }
        // Each pattern is recovered by one component to within sampling noise.
        foreach (var pattern in patterns)
            Assert.Contains(mixture.Means, m => m.Zip(pattern).All(t => Math.Abs(t.First - t.Second) < 0.1));
        Assert.All(mixture.Weights, w => Assert.Equal(0.5, w, 0.05));
    }

    [SkippableFact]
    public void BernoulliMixtureOnFashionMnistImprovesOverEmIterations()
    {
        TestData.RequireFashionMnist();
        var setup = ModelCatalog.Find("bernoulli-mixture")!.Create(new System.Text.Json.Nodes.JsonObject { ["train-size"] = 1000, ["batch-size"] = 500, ["components"] = 5, ["pseudocount"] = 0.0 });
        var model = (BernoulliMixtureModel)setup.Model;
        double before = model.Evaluate(setup.Test!)["nll"];
        foreach (var _ in Enumerable.Range(0, 5))
            foreach (var batch in setup.Train) model.TrainStep(batch);
        double after = model.Evaluate(setup.Test!)["nll"];
        Assert.True(after < before - 100, $"test NLL {before} → {after} nats per image");
        for (int i = 1; i < model.LogLikelihoodHistory.Count; i++)
            Assert.True(model.LogLikelihoodHistory[i] >= model.LogLikelihoodHistory[i - 1] - 1e-6);
    }
}
