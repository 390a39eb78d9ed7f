using System.Globalization;
using Latent.Data;
using Latent.Models.Classical;
using Latent.Tensors;
using Latent.Tests.IO;

namespace Latent.Tests.Models.Classical;

public class GaussianClassifierTests
{
    // Two correlated Gaussian classes in 2-D with different covariances and unequal priors.
    private static (double[][] X, int[] Y) TwoClasses(int n, ulong seed)
    {
        var gen = new Generator(seed);
        var x = new double[n][];
        var y = new int[n];
        for (int i = 0; i < n; i++)
        {
            y[i] = gen.NextDouble() < 0.35 ? 1 : 0;
            double a = gen.NextNormal(), b = gen.NextNormal();
            x[i] = y[i] == 0 ? [a + 0.5 * b, 0.7 * b] : [1.5 + 0.4 * a, 1 + 0.9 * b - 0.3 * a];
        }
        return (x, y);
    }

    [Fact]
    public void SharedCovariancePosteriorIsTheLogisticSigmoidOfALinearFunction()
    {
        var (x, y) = TwoClasses(800, 1);
        var model = GaussianClassifier.Fit(GaussianClassifier.Accumulate(x, y, 2, ClassCovariance.Shared), ClassCovariance.Shared, varSmoothing: 0);
        // The closed-form estimates: class means, pooled within-class covariance Σ = Σₖ Σ_{i∈k} (x − μₖ)(x − μₖ)ᵀ / N.
        var mu = new double[2][];
        for (int k = 0; k < 2; k++)
        {
            var rows = x.Where((_, i) => y[i] == k).ToArray();
            mu[k] = [rows.Average(r => r[0]), rows.Average(r => r[1])];
        }
        double s00 = 0, s01 = 0, s11 = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double a = x[i][0] - mu[y[i]][0], b = x[i][1] - mu[y[i]][1];
            s00 += a * a / x.Length;
            s01 += a * b / x.Length;
            s11 += b * b / x.Length;
        }
        Assert.Equal(s01, model.Classes[0].Covariance[0, 1], 1e-10);
        Assert.Equal(s00, model.Classes[1].Covariance[0, 0], 1e-10);
        double det = s00 * s11 - s01 * s01;
        double[,] inv = { { s11 / det, -s01 / det }, { -s01 / det, s00 / det } };
        double Quad(double[] u, double[] v) => u[0] * (inv[0, 0] * v[0] + inv[0, 1] * v[1]) + u[1] * (inv[1, 0] * v[0] + inv[1, 1] * v[1]);
        double p1 = y.Count(v => v == 1) / (double)y.Length;
        // Bishop (4.66), (4.67) with C₁ = class 0: w = Σ⁻¹(μ₁ − μ₂), w₀ = −½μ₁ᵀΣ⁻¹μ₁ + ½μ₂ᵀΣ⁻¹μ₂ + ln(p(C₁)/p(C₂)).
        double[] diff = [mu[0][0] - mu[1][0], mu[0][1] - mu[1][1]];
        double[] w = [inv[0, 0] * diff[0] + inv[0, 1] * diff[1], inv[1, 0] * diff[0] + inv[1, 1] * diff[1]];
        double w0 = -0.5 * Quad(mu[0], mu[0]) + 0.5 * Quad(mu[1], mu[1]) + Math.Log((1 - p1) / p1);
        var gen = new Generator(3);
        for (int t = 0; t < 50; t++)
        {
            double[] point = [3 * gen.NextNormal(), 3 * gen.NextNormal()];
            double expected = 1 / (1 + Math.Exp(-(w[0] * point[0] + w[1] * point[1] + w0)));
            Assert.Equal(expected, model.Posterior(point)[0], 1e-10);
        }
        var (weights, biases) = model.LinearDiscriminants();
        Assert.Equal(w[0], weights[0][0] - weights[1][0], 1e-9);
        Assert.Equal(w0, biases[0] - biases[1], 1e-9);
    }

    [Fact]
    public void PerClassCovariancesGiveQuadraticLogOddsAndNaiveBayesFactorizes()
    {
        var (x, y) = TwoClasses(800, 2);
        var quadratic = GaussianClassifier.Fit(GaussianClassifier.Accumulate(x, y, 2, ClassCovariance.PerClass), ClassCovariance.PerClass, varSmoothing: 0);
        double LogOdds(double t)
        {
            var p = quadratic.Posterior([t, 0.5 * t - 1]);
            return Math.Log(p[0] / p[1]);
        }
        // Along a line the log-odds are a quadratic in t: constant, non-zero second differences.
        double second(double t) => LogOdds(t + 1) - 2 * LogOdds(t) + LogOdds(t - 1);
        Assert.True(Math.Abs(second(0)) > 0.05);
        Assert.Equal(second(0), second(2), 1e-6);
        Assert.Equal(second(0), second(-1.5), 1e-6);

        var bayes = GaussianClassifier.Fit(GaussianClassifier.Accumulate(x, y, 2, ClassCovariance.NaiveBayes), ClassCovariance.NaiveBayes, varSmoothing: 0);
        double[] q = [0.3, -0.2];
        var rows = x.Where((_, i) => y[i] == 1).ToArray();
        double logJoint = Math.Log(rows.Length / (double)x.Length);
        for (int j = 0; j < 2; j++)
        {
            double m = rows.Average(r => r[j]), v = rows.Average(r => (r[j] - m) * (r[j] - m));
            logJoint += -0.5 * Math.Log(2 * Math.PI * v) - 0.5 * (q[j] - m) * (q[j] - m) / v;
        }
        var buffer = new double[2];
        bayes.LogJoint(q, buffer);
        Assert.Equal(logJoint, buffer[1], 1e-10);
    }

    [Fact]
    public void QuadraticBeatsLinearWhenCovariancesDiffer()
    {
        var (x, y) = TwoClasses(3000, 4);
        var (tx, ty) = TwoClasses(2000, 5);
        double Accuracy(ClassCovariance kind) => GaussianClassifier.Fit(GaussianClassifier.Accumulate(x, y, 2, kind), kind).Accuracy(tx, ty);
        double linear = Accuracy(ClassCovariance.Shared), quadratic = Accuracy(ClassCovariance.PerClass);
        Assert.True(quadratic > linear, $"linear {linear}, quadratic {quadratic}");
        Assert.True(linear > 0.8, $"linear {linear}");
    }

    [Fact]
    public void TrainingOnToyClassesSamplesEachClass()
    {
        var options = new GaussianClassifierOptions { Data = "toy:ring8", ToySamples = 4000, BatchSize = 1000, Covariance = ClassCovariance.PerClass };
        var setup = ClassicalFamily.CreateClassifier(options);
        var model = (GaussianClassifierModel)setup.Model;
        var steps = Latent.Models.Common.InMemoryTraining.Fit(setup.Model, setup.Train, steps: 4);
        Assert.All(steps, m => Assert.True(double.IsFinite(m["loss"])));
        double result = steps[^1]["loss"];
        var eval = model.Evaluate(setup.Test!);
        Assert.Equal(1.0, eval["accuracy"], 1e-9); // the ring's modes do not overlap
        var samples = model.Sample([3, 3, 5], new Generator(1));
        Assert.Equal([3, 2], samples.Shape);
        double angle = Math.Atan2(samples.Data[1], samples.Data[0]);
        Assert.Equal(2 * Math.PI * 3 / 8, angle, 0.1);
        Assert.True(result < 0, $"train −log p(x, y) {result}");
    }

    [SkippableFact]
    public void FashionMnistOnPrincipalComponents()
    {
        var (train, test) = TestData.RequireFashionMnist();
        var subspace = PcaSubspace.Fit(train.ToTensor(), 20);
        var features = ClassicalFeatures.Principal(subspace, [1, 28, 28]);
        var accuracies = new Dictionary<ClassCovariance, double>();
        foreach (var kind in Enum.GetValues<ClassCovariance>())
        {
            var model = new GaussianClassifierModel(features, 10, kind, 0.1, 1e-9, train.Count, new Generator(1));
            Latent.Models.Common.InMemoryTraining.Fit(model, new DataLoader(train, 256, shuffle: true, generator: new Generator(2)), steps: 4);
            accuracies[kind] = model.Evaluate(new DataLoader(test, 256, shuffle: false))["accuracy"];
            var x = test.ToTensor(0, 8);
            Assert.Equal(8, model.LogLikelihood(x, new Generator(0)).Shape[0]);
            Assert.Equal([10, 1, 28, 28], model.Sample(Enumerable.Range(0, 10).ToArray(), new Generator(3)).Shape);
        }
        // 1,024 training images: far above chance (0.1) for each form.
        foreach (var (kind, acc) in accuracies) Assert.True(acc > 0.6, $"{kind}: accuracy {acc}");
    }

    [SkippableFact]
    public void PredictionsAgreeWithScikitLearn()
    {
        var (x, y) = TwoClasses(500, 6);
        var (tx, _) = TwoClasses(300, 7);
        var inv = CultureInfo.InvariantCulture;
        string file = Path.Combine(Path.GetTempPath(), $"latent-lda-{Guid.NewGuid():N}.txt");
        File.WriteAllLines(file, x.Select((r, i) => $"{r[0].ToString("R", inv)} {r[1].ToString("R", inv)} {y[i]}")
            .Concat(tx.Select(r => $"{r[0].ToString("R", inv)} {r[1].ToString("R", inv)} -1")));
        try
        {
            const string script = """
import sys, numpy as np
from sklearn.discriminant_analysis import LinearDiscriminantAnalysis, QuadraticDiscriminantAnalysis
from sklearn.naive_bayes import GaussianNB
d = np.loadtxt(sys.argv[1]); tr = d[d[:, 2] >= 0]; te = d[d[:, 2] < 0]
for m in (LinearDiscriminantAnalysis(solver='lsqr'), QuadraticDiscriminantAnalysis(), GaussianNB()):
    m.fit(tr[:, :2], tr[:, 2].astype(int))
    print(' '.join(repr(float(p)) for p in m.predict_proba(te[:, :2])[:, 0]))
""";
            var output = SystemPython.Run(script, ["numpy", "sklearn"], file);
            Skip.If(output == null, "/usr/bin/python3 has no scikit-learn (apt-get install python3-sklearn)");
            var lines = output!.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            var kinds = new[] { ClassCovariance.Shared, ClassCovariance.PerClass, ClassCovariance.NaiveBayes };
            for (int m = 0; m < 3; m++)
            {
                var theirs = lines[m].Split(' ').Select(t => double.Parse(t, inv)).ToArray();
                var stats = GaussianClassifier.Accumulate(x, y, 2, kinds[m]);
                if (kinds[m] == ClassCovariance.PerClass) Rescale(stats); // scikit-learn's QDA divides class scatter by Nₖ − 1
                var model = GaussianClassifier.Fit(stats, kinds[m], varSmoothing: kinds[m] == ClassCovariance.NaiveBayes ? 1e-9 : 0);
                for (int i = 0; i < tx.Length; i++) Assert.Equal(theirs[i], model.Posterior(tx[i])[0], 1e-6);
            }
        }
        finally
        {
            File.Delete(file);
        }
    }

    // Turns the biased class covariances into unbiased ones by scaling the centred second moments by Nₖ/(Nₖ − 1).
    private static void Rescale(MixtureStatistics stats)
    {
        int d = stats.Dimension;
        for (int k = 0; k < stats.Components; k++)
        {
            double n = stats.Mass[k];
            var mean = stats.FirstMoments[k].Select(v => v / n).ToArray();
            for (int i = 0; i < d; i++)
                for (int j = 0; j <= i; j++)
                {
                    double centred = stats.SecondMoments[k][i * d + j] - n * mean[i] * mean[j];
                    stats.SecondMoments[k][i * d + j] = centred * n / (n - 1) + n * mean[i] * mean[j];
                }
        }
    }
}
