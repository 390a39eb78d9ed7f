using Latent.Models.Classical;
using Latent.Tensors;

namespace Latent.Tests.Models.Classical;

public class CharacterChainTests
{
    [Fact]
    public void FirstOrderProbabilitiesMatchAHandCount()
    {
        // Words ab, ab, b: p(a | start) = 2/3, p(b | a) = 1, p(end | b) = 1, p(b | start) = 1/3.
        var chain = CharacterChain.Fit(["ab", "ab", "b"], order: 1, smoothing: 0);
        Assert.Equal(Math.Log(2 / 3.0), chain.LogProbability("ab"), 1e-12);
        Assert.Equal(Math.Log(1 / 3.0), chain.LogProbability("b"), 1e-12);
        Assert.True(double.IsNegativeInfinity(chain.LogProbability("ba")));
        Assert.Equal("ab", chain.Alphabet);
        // α = 1 over V = 3 symbols (a, b, end): p(a | start) = (2 + 1)/(3 + 3).
        Assert.Equal(0.5, CharacterChain.Fit(["ab", "ab", "b"], 1, 1).Probability("", 'a'), 1e-15);
    }

    [Fact]
    public void SmoothedProbabilitiesSumToOneOverAllWordsUpToALength()
    {
        // Order 2, α = 0.5 on a two-letter alphabet: the mass of all words of length ≤ 12 is most of 1 and never more.
        var chain = CharacterChain.Fit(["aab", "ba", "abba", "b"], 2, 0.5);
        double mass = 0;
        for (int length = 1; length <= 12; length++)
            for (int code = 0; code < 1 << length; code++)
                mass += Math.Exp(chain.LogProbability(new string(Enumerable.Range(0, length).Select(i => (code >> i & 1) == 0 ? 'a' : 'b').ToArray())));
        Assert.InRange(mass, 0.85, 1 + 1e-12);
        foreach (var context in new[] { "", "a", "ab", "zz" })
            Assert.Equal(1, chain.Probability(context, 'a') + chain.Probability(context, 'b') + chain.Probability(context, null), 1e-12);
    }

    [Fact]
    public void HigherOrdersFitTheTrainingWordsBetterAndSamplesEnd()
    {
        string[] words = ["markov", "market", "marker", "mark", "hidden", "hiding", "model", "modest", "modern"];
        double previous = double.NegativeInfinity;
        foreach (int k in new[] { 0, 1, 2, 3 })
        {
            var chain = CharacterChain.Fit(words, k, 0);
            double ll = words.Sum(chain.LogProbability);
            Assert.True(ll >= previous - 1e-9, $"order {k}: {ll} below {previous}");
            previous = ll;
        }
        var gen = new Generator(41);
        var sampler = CharacterChain.Fit(words, 3, 0);
        // With no smoothing an order-3 chain only walks paths of the training words.
        Assert.All(Enumerable.Range(0, 20).Select(_ => sampler.Sample(gen)), w => Assert.True(w.Length > 0 && w.All(c => words.Any(t => t.Contains(c))), w));
    }

    [SkippableFact]
    public void SmoothingHelpsHeldOutWordsOfTheRealWordList()
    {
        Skip.If(!File.Exists("/usr/share/dict/words"), "/usr/share/dict/words is missing (apt-get install wamerican)");
        var words = CharacterChain.ReadWords();
        var train = words.Where((_, i) => i % 10 != 0).ToArray();
        var test = words.Where((_, i) => i % 10 == 0).Take(3000).ToArray();
        double chars = test.Sum(w => w.Length + 1);
        double Bits(int k, double a) => -test.Sum(CharacterChain.Fit(train, k, a).LogProbability) / chars / Math.Log(2);
        double unigram = Bits(0, 0.01), trigram = Bits(3, 0.01);
        Assert.True(trigram < unigram - 1, $"order 3: {trigram} bits per character, order 0: {unigram}");
    }
}
