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
}
