using Latent.Data;
using Latent.Models.Common;
using Latent.Tensors;

namespace Latent.Models.Metrics;

/// <summary>
/// Bits per dimension of 8-bit data under a density model, the standard accounting of flows and autoregressive
/// models: dequantize each value k/255 to y = (k + u)/256 with u ~ U[0, 1), score the continuous density p(y) on
/// [0, 1]ᴰ, and report −log p(y)/(D·ln 2) + 8. The + 8 is the change of variables from [0, 1] to the [0, 256) scale
/// of the bytes (log₂ 256 per value), so that the figure is the model's code length for the discrete data: on
/// average it is an upper bound on −log₂ P(x)/D of the discrete distribution the dequantized density induces.
/// A density that is uniform on [0, 1]ᴰ scores exactly 8.
/// </summary>
public static class BitsPerDimension
{
    /// <summary>−<paramref name="logLikelihood"/>/(<paramref name="dimensions"/>·ln 2) + 8, from a log-density in nats on [0, 1]ᴰ.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The dimension is not positive.</exception>
    public static double FromLogLikelihood(double logLikelihood, int dimensions)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimensions);
        return -logLikelihood / (dimensions * Math.Log(2)) + 8;
    }

    /// <summary>The same accounting as a tensor, from per-example negative log-likelihoods in nats (any shape).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The dimension is not positive.</exception>
    public static Tensor FromNegativeLogLikelihood(Tensor negativeLogLikelihood, int dimensions)
    {
        ArgumentNullException.ThrowIfNull(negativeLogLikelihood);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimensions);
        return negativeLogLikelihood * (float)(1 / (dimensions * Math.Log(2))) + 8f;
    }

    /// <summary>
    /// The mean bits per dimension of every example of <paramref name="data"/> (8-bit values in [0, 1]), each dequantized
    /// with noise from <paramref name="gen"/> and scored by <paramref name="model"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The data are empty or the model returns a log-likelihood per example of the wrong shape.</exception>
    public static double Evaluate(ILikelihoodModel model, DataLoader data, Generator gen)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(gen);
        double total = 0;
        long count = 0;
        int dimensions = 0;
        foreach (var batch in data)
        {
            var x = batch.Inputs;
            dimensions = x.Size / x.Shape[0];
            var logLikelihood = model.LogLikelihood(Transforms.Dequantize(x, gen), gen);
            if (logLikelihood.Rank != 1 || logLikelihood.Shape[0] != x.Shape[0])
                throw new ArgumentException($"BitsPerDimension: the model returned log-likelihoods {ShapeText.Format(logLikelihood.Shape)} for a batch of {x.Shape[0]}.");
            foreach (float v in logLikelihood.Data) total += v;
            count += x.Shape[0];
        }
        if (count == 0) throw new ArgumentException("BitsPerDimension: the data are empty.", nameof(data));
        return FromLogLikelihood(total / count, dimensions);
    }
}
