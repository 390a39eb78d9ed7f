using Latent.Models.Classical;
using Latent.Tensors;

namespace Latent.Tests.Models.Classical;

public class MarkovModelTests
{
    private static readonly double[,] Weather = { { 0.8, 0.05, 0.15 }, { 0.2, 0.6, 0.2 }, { 0.2, 0.3, 0.5 } };
    private const int Sun = 0, Rain = 1, Cloud = 2;

    [Fact]
    public void TheLecturesWeatherChain()
    {
        var chain = new MarkovChain([1, 0, 0], Weather);
        // Sun → Sun → Sun → Cloud → Cloud → Rain: 0.8·0.8·0.15·0.5·0.3.
        Assert.Equal(0.8 * 0.8 * 0.15 * 0.5 * 0.3, chain.Probability([Sun, Sun, Sun, Cloud, Cloud, Rain], givenFirst: true), 1e-15);
        Assert.Equal(0.0144, chain.Probability([Sun, Sun, Sun, Cloud, Cloud, Rain]), 1e-15);
        var pi = chain.Stationary();
        Assert.Equal(0.5, pi[Sun], 1e-12);
        Assert.Equal(0.25, pi[Rain], 1e-12);
        Assert.Equal(0.25, pi[Cloud], 1e-12);
    }

    [Fact]
    public void FittingASampledChainRecoversItsTransitions()
    {
        var chain = new MarkovChain([1 / 3.0, 1 / 3.0, 1 / 3.0], Weather);
        var seq = chain.Sample(50_000, new Generator(4));
        var fit = MarkovChain.Fit([seq], 3);
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++) Assert.Equal(Weather[i, j], fit.Transition(i, j), 0.015);
        // The fraction of days of each kind approaches the stationary distribution.
        Assert.Equal(0.5, seq.Count(q => q == Sun) / 50_000.0, 0.02);
        // Smoothing: counts + 1, so a transition never seen gets probability 1/(n + 3).
        var smoothed = MarkovChain.Fit([[0, 0, 1]], 3, smoothing: 1);
        Assert.Equal(1 / 5.0, smoothed.Transition(0, 2), 1e-12);
        Assert.Equal(1 / 3.0, smoothed.Transition(2, 0), 1e-12);
        Assert.Throws<ArgumentException>(() => MarkovChain.Fit([[0, 3]], 3));
    }

    private static HiddenMarkovModel Tiny() => new(
        [0.6, 0.3, 0.1],
        new double[,] { { 0.7, 0.2, 0.1 }, { 0.1, 0.6, 0.3 }, { 0.3, 0.3, 0.4 } },
        new double[,] { { 0.5, 0.4, 0.1 }, { 0.1, 0.3, 0.6 }, { 0.3, 0.3, 0.4 } });

    // Every path z of length T with its joint probability p(x, z).
    private static IEnumerable<(int[] Path, double Joint)> Paths(HiddenMarkovModel hmm, int[] x)
    {
        int n = hmm.States, total = (int)Math.Pow(n, x.Length);
        for (int code = 0; code < total; code++)
        {
            var z = new int[x.Length];
            for (int t = 0, c = code; t < x.Length; t++, c /= n) z[t] = c % n;
            double p = hmm.Initial(z[0]) * hmm.Emission(z[0], x[0]);
            for (int t = 1; t < x.Length; t++) p *= hmm.Transition(z[t - 1], z[t]) * hmm.Emission(z[t], x[t]);
            yield return (z, p);
        }
    }

    [Fact]
    public void ForwardBackwardAndViterbiEqualBruteForceEnumeration()
    {
        var hmm = Tiny();
        int[] x = [0, 2, 1, 2, 0];
        var paths = Paths(hmm, x).ToList();
        double evidence = paths.Sum(p => p.Joint);
        Assert.Equal(Math.Log(evidence), hmm.LogLikelihood(x), 1e-12);
        var gamma = hmm.Posteriors(x);
        for (int t = 0; t < x.Length; t++)
            for (int i = 0; i < 3; i++)
                Assert.Equal(paths.Where(p => p.Path[t] == i).Sum(p => p.Joint) / evidence, gamma[t, i], 1e-12);
        var best = paths.MaxBy(p => p.Joint);
        var (path, logp) = hmm.Viterbi(x);
        Assert.Equal(best.Path, path);
        Assert.Equal(Math.Log(best.Joint), logp, 1e-12);
    }

    [Fact]
    public void BaumWelchNeverLowersTheLikelihoodAndKeepsALeftToRightTopology()
    {
        var truth = Tiny();
        var gen = new Generator(2);
        var sequences = Enumerable.Range(0, 30).Select(_ => truth.Sample(40, gen).Symbols).ToList();
        var fit = HiddenMarkovModel.BaumWelch(HiddenMarkovModel.Random(3, 3, new Generator(3)), sequences, iterations: 60);
        for (int t = 1; t < fit.LogLikelihoods.Count; t++)
            Assert.True(fit.LogLikelihoods[t] >= fit.LogLikelihoods[t - 1] - 1e-9, $"iteration {t}: {fit.LogLikelihoods[t - 1]} → {fit.LogLikelihoods[t]}");
        Assert.True(fit.LogLikelihoods[^1] > fit.LogLikelihoods[0] + 1);
        // The fit explains the data at least as well as the model that generated it (it is the maximum of the likelihood).
        Assert.True(fit.LogLikelihoods[^1] >= sequences.Sum(s => truth.LogLikelihood(s)) - 5);

        var ltr = HiddenMarkovModel.BaumWelch(HiddenMarkovModel.LeftToRight(4, 3, new Generator(5)), sequences, iterations: 10).Model;
        Assert.Equal(1.0, ltr.Initial(0));
        for (int i = 0; i < 4; i++)
            for (int j = 0; j < 4; j++)
                if (j != i && j != i + 1) Assert.Equal(0.0, ltr.Transition(i, j));
    }

    [Fact]
    public void SamplesFollowTheEmissionProbabilities()
    {
        var hmm = Tiny();
        var (states, symbols) = hmm.Sample(100_000, new Generator(9));
        var inState1 = symbols.Where((_, t) => states[t] == 1).ToArray();
        Assert.Equal(0.6, inState1.Count(s => s == 2) / (double)inState1.Length, 0.01);
        Assert.Throws<ArgumentException>(() => hmm.LogLikelihood([0, 3]));
    }
}

public class HmmSequenceClassifierTests
{
    [Fact]
    public void OneHmmPerClassTellsTheGeneratingModelsApart()
    {
        // Two HMMs over three symbols that prefer different symbols: sequences from each are classified by Bayes' rule.
        var a = new HiddenMarkovModel([1, 0], new double[,] { { 0.8, 0.2 }, { 0.2, 0.8 } }, new double[,] { { 0.7, 0.2, 0.1 }, { 0.5, 0.4, 0.1 } });
        var b = new HiddenMarkovModel([1, 0], new double[,] { { 0.8, 0.2 }, { 0.2, 0.8 } }, new double[,] { { 0.1, 0.2, 0.7 }, { 0.1, 0.5, 0.4 } });
        var gen = new Latent.Tensors.Generator(1);
        List<int[]> Draw(HiddenMarkovModel m, int n) => Enumerable.Range(0, n).Select(_ => m.Sample(20, gen).Symbols).ToList();
        var train = Draw(a, 40).Concat(Draw(b, 40)).ToList();
        var labels = Enumerable.Repeat(0, 40).Concat(Enumerable.Repeat(1, 40)).ToList();
        var classifier = HmmSequenceClassifier.Fit(train, labels, 2, c => HiddenMarkovModel.Random(2, 3, new Latent.Tensors.Generator((ulong)c + 5)), 20, 0.01);
        var test = Draw(a, 50).Concat(Draw(b, 50)).ToList();
        var testLabels = Enumerable.Repeat(0, 50).Concat(Enumerable.Repeat(1, 50)).ToList();
        Assert.True(classifier.Accuracy(test, testLabels) > 0.95, $"accuracy {classifier.Accuracy(test, testLabels)}");
        // Scores are Bayes' rule over the fitted models.
        var scores = classifier.LogJoint(test[0]);
        Assert.Equal(Math.Log(0.5) + classifier.Models[1].LogLikelihood(test[0]), scores[1], 1e-12);
    }
}
