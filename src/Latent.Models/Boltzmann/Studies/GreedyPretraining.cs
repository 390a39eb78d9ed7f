using Latent.Models.Common;
using Latent.Tensors;

namespace Latent.Models.Boltzmann.Studies;

/// <summary>What the Boltzmann studies share: greedy layer-wise pre-training of a <see cref="DeepBeliefNet"/> on in-memory images, and the binarized data's means.</summary>
public static class GreedyPretraining
{
    /// <summary>
    /// A deep belief net with hidden sizes <paramref name="layers"/> trained by CD-1 on <paramref name="images"/>
    /// [N, 1, 28, 28] in [0, 1] (binarized at 0.5), <paramref name="stepsPerLayer"/> updates of 100 images per layer,
    /// learning rate 0.05, momentum 0.5, weight decay 2·10⁻⁴; the first layer's visible biases from the pixel means.
    /// </summary>
    public static DeepBeliefNet Train(Tensor images, int[] layers, int stepsPerLayer, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(layers);
        var options = new DbnOptions { Layers = layers, Seed = (long)seed };
        var means = BinarizedMeans(images, options.Threshold);
        var dbn = new DeepBeliefNet([.. images.Shape[1..]], options, means, images.Shape[0], stepsPerLayer, new Generator(seed), new Generator(seed + 1));
        InMemoryTraining.Fit(dbn, images, stepsPerLayer * layers.Length, seed + 2, batchSize: 100);
        return dbn;
    }

    /// <summary>The share [V] of <paramref name="images"/> [N, ...] whose pixel exceeds <paramref name="threshold"/>: the binarized data's means.</summary>
    public static Tensor BinarizedMeans(Tensor images, double threshold)
    {
        ArgumentNullException.ThrowIfNull(images);
        using var _ = Autograd.NoGrad();
        return images.Reshape(images.Shape[0], -1).Gt((float)threshold).Mean(0);
    }
}
