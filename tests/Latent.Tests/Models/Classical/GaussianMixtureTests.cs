using System.Globalization;
using Latent.Data;
using Latent.Models.Classical;
using Latent.Models.Common;
using Latent.Tensors;
using Latent.Tests.IO;

namespace Latent.Tests.Models.Classical;

public class GaussianMixtureTests
{
    private static double[][] RingPoints(int n, ulong seed) => ClassicalRows.FromTensor(ToyDistributions.Ring(n, new Generator(seed)).Points);

    private static double[][] Blobs(int n, ulong seed)
    {
        // Three anisotropic Gaussians in 2-D, overlapping a little, so EM needs many iterations.
        var gen = new Generator(seed);
        var points = new double[n][];
        for (int i = 0; i < n; i++)
        {
            int k = i % 3;
            double a = gen.NextNormal(), b = gen.NextNormal();
            points[i] = k switch
            {
                0 => [a, 0.3 * b],
                1 => [2 + 0.5 * a + 0.4 * b, 1 + 0.4 * b],
                _ => [-1 + 0.3 * a, 2 + 0.8 * b],
            };
        }
        return points;
    }

    [Fact]
    public void GaussianDensityMatchesTheTwoDimensionalClosedForm()
    {
        double s11 = 2, s12 = 0.7, s22 = 1.5;
        var g = Gaussian.Full([1, -1], new double[,] { { s11, s12 }, { s12, s22 } });
        double det = s11 * s22 - s12 * s12;
        double x = 0.3, y = 0.4, dx = x - 1, dy = y + 1;
        double quad = (s22 * dx * dx - 2 * s12 * dx * dy + s11 * dy * dy) / det;
        double expected = -Math.Log(2 * Math.PI) - 0.5 * Math.Log(det) - 0.5 * quad;
        Assert.Equal(expected, g.LogDensity([x, y]), 1e-12);
        var diag = Gaussian.Diagonal([0, 1], [4, 0.25]);
        Assert.Equal(-Math.Log(2 * Math.PI) - 0.5 * Math.Log(1.0) - 0.5 * (1.0 / 4 + 0.25 / 0.25), diag.LogDensity([1, 1.5]), 1e-12);
        Assert.Throws<ArgumentException>(() => Gaussian.Full([0, 0], new double[,] { { 1, 2 }, { 2, 1 } }));
    }

    [Theory]
    [InlineData(CovarianceKind.Full)]
    [InlineData(CovarianceKind.Diagonal)]
    [InlineData(CovarianceKind.Spherical)]
    public void EmNeverLowersTheLikelihood(CovarianceKind kind)
    {
        var points = Blobs(1500, 3);
        // Without the ridge every M-step maximizes the expected complete-data log-likelihood exactly.
        var fit = GaussianMixture.Fit(points, new GaussianMixtureSettings(3, kind, MaxIterations: 200, Tolerance: 1e-10, Regularization: 0), new Generator(5));
        Assert.True(fit.LogLikelihoods.Count > 5, $"only {fit.LogLikelihoods.Count} iterations");
        for (int t = 1; t < fit.LogLikelihoods.Count; t++)
            Assert.True(fit.LogLikelihoods[t] >= fit.LogLikelihoods[t - 1] - 1e-12 * Math.Abs(fit.LogLikelihoods[t - 1]),
                $"iteration {t}: {fit.LogLikelihoods[t - 1]:R} → {fit.LogLikelihoods[t]:R}");
        Assert.True(fit.LogLikelihoods[^1] > fit.LogLikelihoods[0] + 1e-3);
        Assert.Equal(fit.LogLikelihoods[^1], fit.Mixture.MeanLogLikelihood(points), 1e-9);
    }

    [Fact]
    public void OneComponentIsTheMaximumLikelihoodGaussian()
    {
        var points = Blobs(600, 4);
        var fit = GaussianMixture.Fit(points, new GaussianMixtureSettings(1, Regularization: 0), new Generator(1));
        var g = fit.Mixture.Components[0];
        double mx = points.Average(p => p[0]), my = points.Average(p => p[1]);
        double cxy = points.Average(p => (p[0] - mx) * (p[1] - my)), cxx = points.Average(p => (p[0] - mx) * (p[0] - mx));
        Assert.Equal(mx, g.Mean[0], 1e-10);
        Assert.Equal(my, g.Mean[1], 1e-10);
        Assert.Equal(cxx, g.Covariance[0, 0], 1e-9);
        Assert.Equal(cxy, g.Covariance[1, 0], 1e-9);
        Assert.Equal(1.0, fit.Mixture.Weights[0], 1e-12);
    }

    [Fact]
    public void FindsTheEightModesOfTheRing()
    {
        var data = ToyDistributions.Ring(4000, new Generator(11));
        var fit = GaussianMixture.Fit(ClassicalRows.FromTensor(data.Points), new GaussianMixtureSettings(8, Restarts: 3), new Generator(2));
        var modes = ClassicalRows.FromTensor(data.Modes!);
        foreach (var mode in modes)
        {
            double nearest = fit.Mixture.Components.Min(c => Math.Sqrt(Math.Pow(c.Mean[0] - mode[0], 2) + Math.Pow(c.Mean[1] - mode[1], 2)));
            Assert.True(nearest < 0.01, $"mode ({mode[0]:F2}, {mode[1]:F2}) is {nearest:F3} from the nearest mean");
        }
        foreach (var w in fit.Mixture.Weights) Assert.InRange(w, 0.1, 0.15);
        // The true density: log(1/8) − log(2πσ²) − 1 per point, σ = 0.02.
        double entropyBound = Math.Log(1.0 / 8) - Math.Log(2 * Math.PI * 0.02 * 0.02) - 1;
        Assert.Equal(entropyBound, fit.LogLikelihoods[^1], 0.05);
    }

    [Fact]
    public void SamplesOfAMixtureRefitToItsParameters()
    {
        var truth = new GaussianMixture([0.3, 0.7],
            [Gaussian.Full([-2, 0], new double[,] { { 0.5, 0.2 }, { 0.2, 0.4 } }), Gaussian.Full([2, 1], new double[,] { { 0.3, -0.1 }, { -0.1, 0.6 } })],
            CovarianceKind.Full);
        var (points, labels) = truth.Sample(20000, new Generator(8));
        Assert.InRange(labels.Count(l => l == 0) / 20000.0, 0.28, 0.32);
        var fit = GaussianMixture.Fit(points, new GaussianMixtureSettings(2), new Generator(9)).Mixture;
        int first = fit.Components[0].Mean[0] < 0 ? 0 : 1;
        Assert.Equal(0.3, fit.Weights[first], 0.01);
        Assert.Equal(0.2, fit.Components[first].Covariance[1, 0], 0.02);
        Assert.Equal(-0.1, fit.Components[1 - first].Covariance[1, 0], 0.02);
    }

    [Fact]
    public void StatisticsOfTwoHalvesMergeIntoTheStatisticsOfTheWhole()
    {
        var points = Blobs(300, 6);
        var mixture = GaussianMixture.Initialize(points, 3, CovarianceKind.Full, 1e-6, new Generator(3));
        var whole = new MixtureStatistics(mixture);
        var first = new MixtureStatistics(mixture);
        var second = new MixtureStatistics(mixture);
        for (int i = 0; i < points.Length; i++)
        {
            whole.Add(points[i]);
            (i < 100 ? first : second).Add(points[i]);
        }
        first.Merge(second);
        var a = whole.Maximize(1e-6);
        var b = first.Maximize(1e-6);
        Assert.Equal(whole.LogLikelihood, first.LogLikelihood, 1e-9);
        for (int k = 0; k < 3; k++)
        {
            Assert.Equal(a.Weights[k], b.Weights[k], 1e-12);
            Assert.Equal(a.Components[k].Covariance[1, 0], b.Components[k].Covariance[1, 0], 1e-12);
        }
    }

    [Fact]
    public void PcaSubspaceDensityIsTheExactGaussianOfTheFullSpace()
    {
        // A one-component mixture on one principal coordinate z with variance s, times N(0, σ²) on the two orthogonal
        // directions, is the Gaussian N(μ, s·vvᵀ + σ²(I − vvᵀ)) in ℝ³.
        var (x, _) = TestData.LowRank(400, 3, [2.0], 0.3, 5);
        var subspace = PcaSubspace.Fit(x, 1);
        var features = ClassicalFeatures.Principal(subspace, [3]);
        var (z, residual) = features.Map(x);
        double s = 1.7;
        var q = Gaussian.Diagonal([0], [s]);
        var v = Enumerable.Range(0, 3).Select(j => subspace.Pca.Components[0, j]).ToArray();
        double sigma2 = subspace.ResidualVariance;
        var cov = new double[3, 3];
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++) cov[i, j] = s * v[i] * v[j] + sigma2 * ((i == j ? 1 : 0) - v[i] * v[j]);
        var full = Gaussian.Full(subspace.Pca.Mean, cov);
        var rows = ClassicalRows.FromTensor(x);
        for (int i = 0; i < 20; i++)
            Assert.Equal(full.LogDensity(rows[i]), q.LogDensity(z[i]) + residual[i], 1e-4);
    }

    [Fact]
    public void TrainingOneEpochPerEmIterationImprovesTheHeldOutLikelihood()
    {
        var train = ToyDistributions.TwoMoons(2500, new Generator(1));
        var test = ToyDistributions.TwoMoons(1000, new Generator(2));
        var model = new GaussianMixtureModel(ClassicalFeatures.Identity([2], isImage: false), 6, CovarianceKind.Full, 1e-6, 2500, new Generator(3));
        var loader = new DataLoader(train.Points, train.Labels, 500, shuffle: true, generator: new Generator(4));
        var testLoader = new DataLoader(test.Points, test.Labels, 500, shuffle: false);
        InMemoryTraining.Fit(model, loader, steps: 5);
        double early = model.Evaluate(testLoader)["nll"];
        InMemoryTraining.Fit(model, loader, steps: 100);
        double late = model.Evaluate(testLoader)["nll"];
        Assert.Equal(21, model.LogLikelihoodHistory.Count);
        for (int t = 1; t < model.LogLikelihoodHistory.Count; t++)
            Assert.True(model.LogLikelihoodHistory[t] >= model.LogLikelihoodHistory[t - 1] - 1e-6, $"epoch {t}");
        Assert.True(late < early - 0.01, $"held-out nll {early} → {late}");
        var lp = model.LogLikelihood(test.Points, new Generator(0));
        Assert.Equal(-late, lp.Data.ToArray().Average(), 1e-4);
        var samples = model.Sample(100, new Generator(1));
        Assert.Equal([100, 2], samples.Shape);
    }

    [SkippableFact]
    public void LogDensitiesAndFitAgreeWithScikitLearn()
    {
        var points = Blobs(900, 12);
        var fit = GaussianMixture.Fit(points, new GaussianMixtureSettings(3, Tolerance: 1e-8, MaxIterations: 500), new Generator(2));
        var m = fit.Mixture;
        string file = Path.Combine(Path.GetTempPath(), $"latent-gmm-{Guid.NewGuid():N}.txt");
        var inv = CultureInfo.InvariantCulture;
        var lines = new List<string>
        {
            string.Join(' ', m.Weights.Select(w => w.ToString("R", inv))),
            string.Join(' ', m.Components.SelectMany(c => c.Mean).Select(v => v.ToString("R", inv))),
            string.Join(' ', m.Components.SelectMany(c => c.Covariance.Cast<double>()).Select(v => v.ToString("R", inv))),
        };
        lines.AddRange(points.Select(p => string.Join(' ', p.Select(v => v.ToString("R", inv)))));
        File.WriteAllLines(file, lines);
        try
        {
            const string script = """
import sys, numpy as np
from sklearn.mixture import GaussianMixture
rows = open(sys.argv[1]).read().split('\n')
w = np.array(rows[0].split(), float); mu = np.array(rows[1].split(), float).reshape(3, 2)
cov = np.array(rows[2].split(), float).reshape(3, 2, 2)
x = np.array([r.split() for r in rows[3:] if r.strip()], float)
g = GaussianMixture(3, covariance_type='full')
g.weights_, g.means_, g.covariances_ = w, mu, cov
g.precisions_cholesky_ = np.array([np.linalg.cholesky(np.linalg.inv(c)) for c in cov])
print(repr(g.score_samples(x[:5]).tolist()))
best = GaussianMixture(3, covariance_type='full', n_init=5, tol=1e-8, max_iter=500, random_state=0).fit(x)
print(best.score(x))
""";
            var output = SystemPython.Run(script, ["numpy", "sklearn"], file);
            Skip.If(output == null, "/usr/bin/python3 has no scikit-learn (apt-get install python3-sklearn)");
            var outLines = output!.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            var theirs = outLines[0].Trim('[', ']').Split(',').Select(t => double.Parse(t, inv)).ToArray();
            for (int i = 0; i < 5; i++) Assert.Equal(theirs[i], m.LogDensity(points[i]), 1e-10);
            Assert.Equal(double.Parse(outLines[1], inv), fit.LogLikelihoods[^1], 1e-4);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [SkippableFact]
    public void BicChoosesTheSameNumberOfComponentsAsScikitLearn()
    {
        // Three blobs and a ring of four: BIC over K = 5 … 9 should pick K = 7 for both libraries.
        var gen = new Generator(61);
        var centres = new[] { (-4.0, 0.0), (0.0, 4.0), (4.0, 0.0), (0.0, -4.0), (-1.0, -1.0), (1.0, 1.0), (6.0, 6.0) };
        var points = Enumerable.Range(0, 420).Select(i => new[] { centres[i % 7].Item1 + 0.3 * gen.NextNormal(), centres[i % 7].Item2 + 0.3 * gen.NextNormal() }).ToArray();
        int[] candidates = [5, 6, 7, 8, 9];
        var (k, bic) = GaussianMixture.ChooseComponents(points, candidates, CovarianceKind.Full, 1e-6, new Generator(62));
        Assert.Equal(7, k);
        var inv = CultureInfo.InvariantCulture;
        string file = Path.Combine(Path.GetTempPath(), $"latent-bic-{Guid.NewGuid():N}.txt");
        File.WriteAllLines(file, points.Select(r => $"{r[0].ToString("R", inv)} {r[1].ToString("R", inv)}"));
        try
        {
            const string script = """
import sys, numpy as np
from sklearn.mixture import GaussianMixture
x = np.loadtxt(sys.argv[1])
print(' '.join(repr(float(GaussianMixture(k, covariance_type='full', random_state=0).fit(x).bic(x))) for k in range(5, 10)))
""";
            var output = SystemPython.Run(script, ["numpy", "sklearn"], file);
            Skip.If(output == null, "/usr/bin/python3 has no scikit-learn (apt-get install python3-sklearn)");
            var theirs = output!.Trim().Split(' ').Select(t => double.Parse(t, inv)).ToArray();
            Assert.Equal(7, Array.IndexOf(theirs, theirs.Min()) + 5);
            // At the chosen K both find the same optimum: the same BIC to a small fraction of its size.
            Assert.Equal(theirs[2], bic[7], 1e-3 * Math.Abs(theirs[2]));
        }
        finally
        {
            File.Delete(file);
        }
    }
}
