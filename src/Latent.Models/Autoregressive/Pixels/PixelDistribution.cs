using Latent.Tensors;

namespace Latent.Models.Autoregressive;

/// <summary>
/// The distribution of one pixel's level given the network's output at that pixel: what turns a row of parameters
/// [M, <see cref="Channels"/>] into −log p(level) and into a drawn level. The 256-way softmax of PixelCNN is one;
/// PixelCNN++'s discretized mixture of logistics is the other.
/// </summary>
public abstract class PixelDistribution
{
    /// <summary>Creates the distribution over <paramref name="levels"/> pixel levels.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Fewer than 2 levels.</exception>
    protected PixelDistribution(int levels)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(levels, 2);
        Levels = levels;
    }

    /// <summary>Pixel levels 0 … Levels − 1.</summary>
    public int Levels { get; }

    /// <summary>Parameters per pixel the network must output.</summary>
    public abstract int Channels { get; }

    /// <summary>−log p(levelᵢ | parametersᵢ) in nats for every row, [M] (differentiable in the parameters).</summary>
    /// <param name="parameters">Network outputs [M, Channels].</param>
    /// <param name="levels">The observed level of each row, in [0, Levels).</param>
    public abstract Tensor Nll(Tensor parameters, int[] levels);

    /// <summary>One level per row of <paramref name="parameters"/> [M, Channels], drawn with <paramref name="gen"/>.</summary>
    public abstract int[] Sample(Tensor parameters, Generator gen);

    /// <summary>The distribution <paramref name="output"/> names, over <paramref name="levels"/> levels.</summary>
    public static PixelDistribution Create(PixelOutput output, int levels, int mixtures) => output switch
    {
        PixelOutput.Softmax => new CategoricalPixels(levels),
        PixelOutput.LogisticMixture => new DiscretizedLogisticMixture(levels, mixtures),
        _ => throw new ArgumentOutOfRangeException(nameof(output), $"unknown pixel output {output}"),
    };

    /// <summary>Throws unless <paramref name="parameters"/> is [M, Channels] and <paramref name="levels"/> has M levels in range.</summary>
    protected void Check(Tensor parameters, int[]? levels)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (parameters.Rank != 2 || parameters.Shape[1] != Channels)
            throw new ArgumentException($"{GetType().Name}: expected parameters [M, {Channels}], got [{string.Join(", ", parameters.Shape)}].", nameof(parameters));
        if (levels == null) return;
        if (levels.Length != parameters.Shape[0])
            throw new ArgumentException($"{GetType().Name}: {levels.Length} levels for {parameters.Shape[0]} rows of parameters.", nameof(levels));
        foreach (int v in levels)
            if (v < 0 || v >= Levels) throw new ArgumentException($"{GetType().Name}: level {v} is outside 0..{Levels - 1}.", nameof(levels));
    }
}

/// <summary>How a pixel model turns its output at a pixel into a distribution over the pixel's levels.</summary>
public enum PixelOutput
{
    /// <summary>A softmax over every level (PixelCNN's 256-way categorical).</summary>
    Softmax,

    /// <summary>A discretized mixture of logistics (PixelCNN++): 3 parameters per component instead of one logit per level.</summary>
    [Latent.Models.Catalog.OptionValue("logistic-mixture", "mol")]
    LogisticMixture,
}
