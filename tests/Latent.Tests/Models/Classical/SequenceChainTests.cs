using Latent.Models.Classical;
using Latent.Tensors;

namespace Latent.Tests.Models.Classical;

public class SequenceChainTests
{
    [Fact]
    public void FirstOrderWithoutAnEndMarkIsTheCountedMarkovChain()
    {
        var gen = new Generator(12);
        var sequences = Enumerable.Range(0, 200).Select(_ => MarkovChain.LectureWeather.Sample(25, gen)).ToArray();
        foreach (double smoothing in new[] { 0.0, 0.5 })
        {
            var chain = SequenceChain.Fit(sequences, 3, order: 1, smoothing, endMark: false);
            var counted = MarkovChain.Fit(sequences, 3, smoothing);
            for (int i = 0; i < 3; i++)
            {
                Assert.Equal(counted.Initial[i], chain.Probability([], i), 1e-14);
                for (int j = 0; j < 3; j++) Assert.Equal(counted.Transition(i, j), chain.Probability([2, i], j), 1e-14);
            }
            Assert.Equal(counted.LogProbability(sequences[0]), chain.LogProbability(sequences[0]), 1e-10);
        }
        // Fitted to the sampled weather, the chain comes close to the lecture's matrix.
        var fit = SequenceChain.Fit(sequences, 3, 1, 0, endMark: false);
        Assert.Equal(0.8, fit.Probability([0], 0), 0.04);
        Assert.Equal(0.6, fit.Probability([1], 1), 0.06);
    }

    [Fact]
    public void SecondOrderProbabilitiesMatchAHandCount()
    {
        // Sequences 0 1 1 and 0 1 0: after (0, 1) comes 1 once and 0 once; after (start, 0) always 1.
        var chain = SequenceChain.Fit([[0, 1, 1], [0, 1, 0]], states: 2, order: 2, smoothing: 0, endMark: false);
        Assert.Equal(0.5, chain.Probability([0, 1], 1), 1e-15);
        Assert.Equal(1, chain.Probability([0], 1), 1e-15);
        Assert.Equal(Math.Log(0.5), chain.LogProbability([0, 1, 1]), 1e-15);
        Assert.Equal(3, chain.ContextCount); // (start, start), (start, 0), (0, 1)
        // The context (1, 1) was never seen: it backs off to (1), followed once by 1 and once by 0.
        Assert.Equal(0.5, chain.Probability([1, 1], 0), 1e-15);
        // α = 1 over V = 2 states: (1 + 1)/(2 + 2).
        Assert.Equal(0.5, SequenceChain.Fit([[0, 1, 1], [0, 1, 0]], 2, 2, 1, false).Probability([0, 1], 1), 1e-15);
    }

    [Fact]
    public void FixedLengthProbabilitiesSumToOneAndEndMarkedOnesToAtMostOne()
    {
        var chain = SequenceChain.Fit([[0, 2, 1, 1], [2, 2, 0], [1]], states: 3, order: 2, smoothing: 0.3, endMark: false);
        double total = 0;
        for (int code = 0; code < 81; code++) total += Math.Exp(chain.LogProbability([code % 3, code / 3 % 3, code / 9 % 3, code / 27]));
        Assert.Equal(1, total, 1e-12);
        var ended = SequenceChain.Fit([[0, 2, 1, 1], [2, 2, 0], [1]], 3, 2, 0.3, endMark: true);
        double mass = 0;
        for (int length = 1; length <= 6; length++)
            for (int code = 0; code < (int)Math.Pow(3, length); code++)
                mass += Math.Exp(ended.LogProbability(Enumerable.Range(0, length).Select(t => code / (int)Math.Pow(3, t) % 3).ToArray()));
        Assert.InRange(mass, 0.5, 1 + 1e-12);
    }

    [Fact]
    public void CountsSurviveACheckpointAndSamplesHaveTheirLength()
    {
        var gen = new Generator(5);
        var sequences = Enumerable.Range(0, 50).Select(_ => MarkovChain.LectureWeather.Sample(12, gen)).ToArray();
        var chain = SequenceChain.Fit(sequences, 3, 3, 0.1, endMark: false);
        var (contexts, rows) = chain.ToCounts();
        var copy = SequenceChain.FromCounts(3, 3, 0.1, false, contexts, rows);
        Assert.All(sequences, s => Assert.Equal(chain.LogProbability(s), copy.LogProbability(s)));
        Assert.Throws<ArgumentException>(() => SequenceChain.FromCounts(3, 3, 0.1, false, contexts, rows[..^3]));
        Assert.Equal(30, chain.Sample(new Generator(2), 30).Length);
        Assert.Throws<ArgumentException>(() => SequenceChain.Fit([[0, 3]], 3, 1, 0, false));
    }
}
