using Latent.Models.Autoregressive;
using Latent.Tensors;

namespace Latent.Tests.Models.Autoregressive;

public class PixelDistributionTests
{
    private static double Sigmoid(double v) => 1 / (1 + Math.Exp(-v));

    /// <summary>The probability of every level under each row of <paramref name="parameters"/>, by the distribution's own NLL: [rows][levels].</summary>
    private static double[][] Probabilities(PixelDistribution d, Tensor parameters)
    {
        int m = parameters.Shape[0];
        var result = new double[m][];
        for (int i = 0; i < m; i++)
        {
            var row = parameters.Narrow(0, i, 1).Expand(d.Levels, d.Channels).Clone();
            var nll = d.Nll(row, [.. Enumerable.Range(0, d.Levels)]).ToArray();
            result[i] = [.. nll.Select(v => Math.Exp(-v))];
        }
        return result;
    }

    [Fact]
    public void OneLogisticOverThreeLevelsMatchesTheHandComputedBins()
    {
        // μ = 0, s = 1 (log s = 0), levels at −1, 0, 1 with half-bin 0.5: the ends take the tails.
        var d = new DiscretizedLogisticMixture(3, 1);
        var p = Probabilities(d, Tensor.FromArray([0f, 0f, 0f], 1, 3))[0];
        double[] expected = [Sigmoid(-0.5), Sigmoid(0.5) - Sigmoid(-0.5), 1 - Sigmoid(0.5)];
        for (int v = 0; v < 3; v++) Close.Assert(expected[v], p[v], atol: 1e-6, rtol: 1e-5, what: $"p(level {v})");
        // A second component with weight logits (0, ln 3): p = ¼ p₁ + ¾ p₂ with μ₂ = 0.5, s₂ = e^−1.
        var mix = new DiscretizedLogisticMixture(3, 2);
        var q = Probabilities(mix, Tensor.FromArray([0f, MathF.Log(3), 0f, 0.5f, 0f, -1f], 1, 6))[0];
        double s2 = Math.Exp(-1);
        double[] second = [Sigmoid((-0.5 - 0.5) / s2), Sigmoid((0.5 - 0.5) / s2) - Sigmoid((-0.5 - 0.5) / s2), 1 - Sigmoid((0.5 - 0.5) / s2)];
        for (int v = 0; v < 3; v++) Close.Assert(0.25 * expected[v] + 0.75 * second[v], q[v], atol: 1e-6, rtol: 1e-5, what: $"mixture p(level {v})");
    }

    [Theory]
    [InlineData(256, 5)]
    [InlineData(16, 3)]
    [InlineData(2, 1)]
    public void TheLogisticMixtureSumsToOneOverEveryLevel(int levels, int mixtures)
    {
        var d = new DiscretizedLogisticMixture(levels, mixtures);
        var gen = new Generator(31);
        int rows = 6, k = mixtures;
        var values = new float[rows * 3 * k];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < k; j++)
            {
                values[i * 3 * k + j] = (float)(gen.NextDouble() * 4 - 2);              // weight logits
                values[i * 3 * k + k + j] = (float)(gen.NextDouble() * 2.4 - 1.2);      // means, some beyond the ends
                values[i * 3 * k + 2 * k + j] = (float)(gen.NextDouble() * 6 - 6);      // log-scales in [−6, 0]
            }
        foreach (var p in Probabilities(d, Tensor.FromArray(values, rows, 3 * k)))
        {
            Close.Assert(1, p.Sum(), atol: 2e-4, rtol: 0, what: $"Σ p over {levels} levels");
            Assert.All(p, v => Assert.True(v >= 0 && v <= 1));
        }
    }

    [Fact]
    public void LogisticMixtureSamplesFollowItsProbabilities()
    {
        var d = new DiscretizedLogisticMixture(5, 2);
        var parameters = Tensor.FromArray([0.3f, -0.4f, -0.6f, 0.7f, -1.2f, -1.6f], 1, 6);
        var p = Probabilities(d, parameters)[0];
        int draws = 20_000;
        var levels = d.Sample(parameters.Expand(draws, 6).Clone(), new Generator(32));
        for (int v = 0; v < 5; v++)
        {
            double frequency = levels.Count(l => l == v) / (double)draws, sd = Math.Sqrt(p[v] * (1 - p[v]) / draws);
            Close.Assert(p[v], frequency, atol: 5 * sd + 1e-4, rtol: 0, what: $"frequency of level {v}");
        }
    }

    [Fact]
    public void TheLogisticMixtureIsDifferentiableInEveryParameter()
    {
        var d = new DiscretizedLogisticMixture(256, 2);
        var parameters = Tensor.FromArray([0.1f, -0.2f, -0.3f, 0.4f, -2f, -3f, 0.5f, 0.2f, 0.9f, -0.8f, -1f, -2.5f], 2, 6).RequireGrad();
        d.Nll(parameters, [0, 200]).Sum().Backward();
        var g = parameters.Grad!.ToArray();
        Assert.All(g, v => Assert.True(float.IsFinite(v) && v != 0, $"gradient {v}"));
        // Central differences in the mean of the second row's first component.
        float eps = 1e-2f;
        double Loss(float mu) => d.Nll(Tensor.FromArray([0.1f, -0.2f, -0.3f, 0.4f, -2f, -3f, 0.5f, 0.2f, mu, -0.8f, -1f, -2.5f], 2, 6), [0, 200]).Sum().Item();
        Close.Assert((Loss(0.9f + eps) - Loss(0.9f - eps)) / (2 * eps), g[8], atol: 1e-2, rtol: 2e-2, what: "∂NLL/∂μ");
    }

    [Fact]
    public void TheSoftmaxIsTheCrossEntropyOfItsLogits()
    {
        var d = new CategoricalPixels(3);
        var p = Probabilities(d, Tensor.FromArray([1f, 2f, 0.5f], 1, 3))[0];
        double z = Math.Exp(1) + Math.Exp(2) + Math.Exp(0.5);
        Close.Assert(Math.Exp(2) / z, p[1], atol: 1e-6, rtol: 1e-5, what: "p(level 1)");
        Assert.Throws<ArgumentException>(() => d.Nll(Tensor.Zeros(2, 3), [0, 3]));
        Assert.Throws<ArgumentException>(() => new DiscretizedLogisticMixture(256, 2).Nll(Tensor.Zeros(2, 5), [0, 1]));
    }
}
