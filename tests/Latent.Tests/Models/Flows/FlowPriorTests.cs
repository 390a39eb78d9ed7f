using Latent.Models.Flows;
using Latent.Tensors;

namespace Latent.Tests.Models.Flows;

public class FlowPriorTests
{
    [Fact]
    public void LogDensitiesMatchTheirFormulas()
    {
        var z = Tensor.FromArray([0.3f, -1.7f, 25f, 0f], 2, 2);
        var normal = StandardNormalPrior.Instance.LogProb(z);
        var logistic = StandardLogisticPrior.Instance.LogProb(z);
        for (int b = 0; b < 2; b++)
        {
            double n = 0, l = 0;
            for (int j = 0; j < 2; j++)
            {
                double v = z.Data[2 * b + j];
                n += -0.5 * v * v - 0.5 * Math.Log(2 * Math.PI);
                l += -Math.Abs(v) - 2 * Math.Log(1 + Math.Exp(-Math.Abs(v)));
            }
            Close.Assert(n, normal.Data[b], atol: 1e-4, rtol: 1e-6, what: "log N(z; 0, I)");
            Close.Assert(l, logistic.Data[b], atol: 1e-4, rtol: 1e-6, what: "log Logistic(z)");
        }
    }

    [Theory]
    [InlineData(PriorKind.Normal, 1.0)]
    [InlineData(PriorKind.Logistic, 3.2898681336964524)] // π²/3
    public void SamplesHaveTheirDistributionsVarianceAndTemperatureScalesThem(PriorKind kind, double variance)
    {
        var prior = FlowPrior.Of(kind);
        foreach (double t in new[] { 1.0, 0.5 })
        {
            var s = prior.Sample([100_000, 2], new Generator(5), t).ToArray();
            double mean = s.Average(v => (double)v);
            double var = s.Average(v => (v - mean) * (v - mean));
            Close.Assert(0, mean, atol: 0.02, what: $"{kind} mean at T={t}");
            Close.Assert(variance * t * t, var, atol: 0.01, rtol: 0.03, what: $"{kind} variance at T={t}");
        }
    }
}
