using Latent.NN;
using Latent.Tensors;

namespace Latent.Models.Autoregressive;

/// <summary>A softmax over every pixel level: one logit per level (PixelCNN's 256-way output).</summary>
public sealed class CategoricalPixels : PixelDistribution
{
    /// <summary>Creates the softmax over <paramref name="levels"/> levels.</summary>
    public CategoricalPixels(int levels) : base(levels) { }

    /// <inheritdoc />
    public override int Channels => Levels;

    /// <inheritdoc />
    public override Tensor Nll(Tensor parameters, int[] levels)
    {
        Check(parameters, levels);
        return Losses.CrossEntropy(parameters, levels, reduction: Reduction.None);
    }

    /// <inheritdoc />
    public override int[] Sample(Tensor parameters, Generator gen)
    {
        Check(parameters, null);
        var drawn = Tensor.Multinomial(parameters.Softmax(1), 1, gen).Data;
        var levels = new int[parameters.Shape[0]];
        for (int i = 0; i < levels.Length; i++) levels[i] = (int)drawn[i];
        return levels;
    }
}
