using Latent.Data;
using Latent.Models.Classical;
using Latent.Models.Common;
using Latent.Tensors;

namespace Latent.Tests.Models.Classical;

public class GaussianHmmTests
{
    // Two states, one-dimensional emissions N(−1, 0.5) and N(2, 1.5).
    private static GaussianHmm Tiny() => new([0.6, 0.4], new double[,] { { 0.7, 0.3 }, { 0.2, 0.8 } }, [[-1.0], [2.0]], [[0.5], [1.5]]);

    private static double Normal(double x, double mean, double variance) => Math.Exp(-0.5 * (x - mean) * (x - mean) / variance) / Math.Sqrt(2 * Math.PI * variance);

    [Fact]
    public void LikelihoodAndViterbiEqualBruteForceEnumeration()
    {
        var hmm = Tiny();
        double[][] x = [[-0.5], [1.7], [2.4], [-1.2]];
        double total = 0, best = double.NegativeInfinity;
        int[] bestPath = [];
        for (int code = 0; code < 16; code++)
        {
            var path = Enumerable.Range(0, 4).Select(t => (code >> t) & 1).ToArray();
            double p = hmm.Initial(path[0]) * Normal(x[0][0], hmm.Mean(path[0])[0], hmm.Variance(path[0])[0]);
            for (int t = 1; t < 4; t++) p *= hmm.Transition(path[t - 1], path[t]) * Normal(x[t][0], hmm.Mean(path[t])[0], hmm.Variance(path[t])[0]);
            total += p;
            if (Math.Log(p) > best) (best, bestPath) = (Math.Log(p), path);
        }
        Assert.Equal(Math.Log(total), hmm.LogLikelihood(x), 1e-12);
        var (viterbi, logProbability) = hmm.Viterbi(x);
        Assert.Equal(bestPath, viterbi);
        Assert.Equal(best, logProbability, 1e-12);
    }

    [Fact]
    public void BaumWelchNeverLowersTheLikelihoodAndKeepsTheLeftToRightTopology()
    {
        var truth = Tiny();
        var gen = new Generator(31);
        var sequences = Enumerable.Range(0, 40).Select(_ => truth.Sample(20, gen).Observations).ToArray();
        var hmm = GaussianHmm.LeftToRight(3, sequences);
        double previous = double.NegativeInfinity;
        for (int i = 0; i < 15; i++)
        {
            hmm = hmm.BaumWelchStep(sequences, 1e-3, out double ll);
            Assert.True(ll >= previous - 1e-9, $"iteration {i}: {previous} → {ll}");
            previous = ll;
        }
        Assert.Equal(0, hmm.Transition(1, 0));
        Assert.Equal(0, hmm.Transition(0, 2));
        Assert.Equal(1, hmm.Initial(0));
        // The fit explains the data better than the start and about as well as the truth.
        double fitted = sequences.Average(hmm.LogLikelihood), generating = sequences.Average(truth.LogLikelihood);
        Assert.True(fitted > generating - 3, $"fitted {fitted}, truth {generating} nats per sequence");
    }

    [Fact]
    public void BadGaussianHmmInputsGiveClearErrors()
    {
        var e = Assert.Throws<ArgumentException>(() => new GaussianHmm([1.0], new double[,] { { 1 } }, [[0.0]], [[0.0]]));
        Assert.Contains("variance", e.Message);
        e = Assert.Throws<ArgumentException>(() => Tiny().LogLikelihood([[1.0, 2.0]]));
        Assert.Contains("D = 1", e.Message);
    }

    [SkippableFact]
    public void PenStepsAreUnitLengthAndTheGaussianHmmLearnsTheTwos()
    {
        Skip.If(!Directory.Exists(HersheyFont.DefaultDirectory), "Hershey fonts are not installed (apt-get install hershey-fonts-data).");
        var fonts = HersheyFont.LoadAll(HersheyFont.DefaultDirectory);
        var (train, _) = PenTrajectories.StepSequences(fonts, "2", 6, 32, 0.1, new Generator(32));
        var (test, _) = PenTrajectories.StepSequences(fonts, "2", 3, 32, 0.1, new Generator(33));
        Assert.All(train.SelectMany(q => q), s => Assert.Equal(1, Math.Sqrt(s[0] * s[0] + s[1] * s[1]), 1e-6));
        var hmm = GaussianHmm.LeftToRight(16, train);
        double before = test.Average(hmm.LogLikelihood);
        for (int i = 0; i < 10; i++) hmm = hmm.BaumWelchStep(train, 1e-3, out _);
        double after = test.Average(hmm.LogLikelihood);
        Assert.True(after > before + 5, $"held-out log-likelihood {before} → {after} nats per trajectory");
    }

    // Two states, two-dimensional emissions with full (correlated) covariances.
    private static GaussianHmm TinyFull() => new([0.3, 0.7], new double[,] { { 0.6, 0.4 }, { 0.25, 0.75 } },
        [Gaussian.Full([0.0, 1.0], new double[,] { { 1.0, 0.6 }, { 0.6, 0.8 } }), Gaussian.Full([1.5, -0.5], new double[,] { { 0.5, -0.3 }, { -0.3, 1.2 } })], CovarianceKind.Full);

    // N(x; μ, Σ) for 2 × 2 Σ by the explicit inverse and determinant.
    private static double Normal2(double[] x, IReadOnlyList<double> mean, double[,] s)
    {
        double det = s[0, 0] * s[1, 1] - s[0, 1] * s[1, 0];
        double a = x[0] - mean[0], b = x[1] - mean[1];
        double q = (s[1, 1] * a * a - 2 * s[0, 1] * a * b + s[0, 0] * b * b) / det;
        return Math.Exp(-0.5 * q) / (2 * Math.PI * Math.Sqrt(det));
    }

    [Fact]
    public void FullCovarianceLikelihoodAndViterbiEqualBruteForceEnumeration()
    {
        var hmm = TinyFull();
        double[][] x = [[0.2, 0.9], [1.1, -0.2], [-0.4, 1.6], [1.8, 0.1], [0.9, 0.4]];
        double total = 0, best = double.NegativeInfinity;
        int[] bestPath = [];
        for (int code = 0; code < 32; code++)
        {
            var path = Enumerable.Range(0, 5).Select(t => (code >> t) & 1).ToArray();
            double p = hmm.Initial(path[0]) * Normal2(x[0], hmm.Mean(path[0]), hmm.Emission(path[0]).Covariance);
            for (int t = 1; t < 5; t++) p *= hmm.Transition(path[t - 1], path[t]) * Normal2(x[t], hmm.Mean(path[t]), hmm.Emission(path[t]).Covariance);
            total += p;
            if (Math.Log(p) > best) (best, bestPath) = (Math.Log(p), path);
        }
        Assert.Equal(Math.Log(total), hmm.LogLikelihood(x), 1e-12);
        var (viterbi, logProbability) = hmm.Viterbi(x);
        Assert.Equal(bestPath, viterbi);
        Assert.Equal(best, logProbability, 1e-12);
    }

    [Theory]
    [InlineData(CovarianceKind.Full)]
    [InlineData(CovarianceKind.Diagonal)]
    [InlineData(CovarianceKind.Spherical)]
    public void BaumWelchNeverLowersTheLikelihoodFromARandomFullyConnectedStart(CovarianceKind covariance)
    {
        var truth = TinyFull();
        var gen = new Generator(51);
        var sequences = Enumerable.Range(0, 30).Select(_ => truth.Sample(15, gen).Observations).ToArray();
        var hmm = GaussianHmm.Random(3, sequences, new Generator(52), 1e-6, covariance);
        Assert.Equal(covariance, hmm.Covariance);
        var (fitted, history) = GaussianHmm.BaumWelch(hmm, sequences, iterations: 30, varianceFloor: 1e-6);
        for (int i = 1; i < history.Count; i++) Assert.True(history[i] >= history[i - 1] - 1e-9, $"iteration {i}: {history[i - 1]} → {history[i]}");
        Assert.True(history[^1] > history[0] + 1, $"Baum–Welch barely moved: {history[0]} → {history[^1]}");
        Assert.Equal(covariance, fitted.Covariance);
        if (covariance == CovarianceKind.Full)
        {
            // The correlated truth is fitted as well as by the generating model, less a few nats per sequence.
            double generating = sequences.Average(truth.LogLikelihood);
            Assert.True(history[^1] > generating - 3, $"fitted {history[^1]}, truth {generating}");
            Assert.True(Enumerable.Range(0, 3).Any(s => Math.Abs(fitted.Emission(s).Covariance[0, 1]) > 0.1), "no state learned a correlation");
        }
        else Assert.All(Enumerable.Range(0, 3), s => Assert.Equal(0, fitted.Emission(s).Covariance[0, 1]));
    }

    [Fact]
    public void BatchingDoesNotChangeAnIterationAndRestartsKeepTheBest()
    {
        var gen = new Generator(61);
        // Rounded to float, as the model's data loader holds them.
        var sequences = Enumerable.Range(0, 12).Select(_ => TinyFull().Sample(10, gen).Observations.Select(o => o.Select(v => (double)(float)v).ToArray()).ToArray()).ToArray();
        var start = GaussianHmm.Random(2, sequences, new Generator(62), 1e-3, CovarianceKind.Full);
        var whole = start.BaumWelchStep(sequences, 1e-3, out double ll);
        // One epoch of the trainable model is one Baum–Welch iteration, however the sequences are batched.
        var rows = ClassicalRows.ToTensor(sequences.Select(q => q.SelectMany(o => o).ToArray()).ToArray());
        foreach (int batchSize in new[] { 5, 12 })
        {
            var model = new GaussianHmmModel(start, 10, sequences.Length, 1e-3, new Generator(1));
            foreach (var batch in new DataLoader(rows, new int[12], batchSize, shuffle: false)) model.TrainStep(batch);
            Assert.Equal(ll, model.LogLikelihoodHistory[0], 1e-12);
            for (int i = 0; i < 2; i++)
            {
                Assert.Equal(whole.Transition(i, 1 - i), model.Hmm.Transition(i, 1 - i), 1e-12);
                Assert.Equal(whole.Mean(i)[1], model.Hmm.Mean(i)[1], 1e-12);
                Assert.Equal(whole.Emission(i).Covariance[0, 1], model.Hmm.Emission(i).Covariance[0, 1], 1e-12);
            }
        }
        var (best, index, finals) = BaumWelchRestarts.Best(4, new Generator(63), g =>
        {
            var (model, history) = GaussianHmm.BaumWelch(GaussianHmm.Random(2, sequences, g, 1e-3, CovarianceKind.Full), sequences, 15);
            return (model, history[^1]);
        });
        Assert.Equal(4, finals.Count);
        Assert.Equal(finals.Max(), finals[index]);
        Assert.Equal(finals[index], sequences.Average(best.LogLikelihood), 1e-9);
    }
}
