using Latent.Models.Common;
using Latent.Tensors;

namespace Latent.Models.Autoencoders;

/// <summary>
/// A denoising autoencoder as a generative Markov chain (Bengio, Yao, Alain and Vincent, 2013): starting from a seed,
/// alternately corrupt with the training noise x̃ ~ q(x̃ | xₜ) and denoise xₜ₊₁ = E[x | x̃] (the reconstruction).
/// The chain wanders along the data manifold the model has learned.
/// </summary>
public static class DenoisingChain
{
    /// <summary>Runs the chain for <paramref name="steps"/> steps from each seed; returns the states x₀ … x_steps, each [S, ...].</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="steps"/> is negative.</exception>
    public static Tensor[] Run(ILatentVariableModel model, Tensor seeds, NoiseModel noise, int steps, Generator gen)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(seeds);
        ArgumentNullException.ThrowIfNull(noise);
        ArgumentOutOfRangeException.ThrowIfNegative(steps);
        using var _ = Autograd.NoGrad();
        var states = new Tensor[steps + 1];
        states[0] = seeds.Detach();
        for (int t = 1; t <= steps; t++) states[t] = model.Reconstruct(noise.Apply(states[t - 1], gen)).Detach();
        return states;
    }

    /// <summary>Reorders chain states [T] × [S, ...] to [S·T, ...], seed after seed, for a grid with one chain per row.</summary>
    public static Tensor SeedMajor(Tensor[] states)
    {
        ArgumentNullException.ThrowIfNull(states);
        var stacked = Tensor.Stack(states, 1);
        return stacked.Reshape([stacked.Shape[0] * stacked.Shape[1], .. stacked.Shape[2..]]);
    }
}
