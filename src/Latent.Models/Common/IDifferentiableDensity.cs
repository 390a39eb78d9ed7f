using Latent.Tensors;

namespace Latent.Models.Common;

/// <summary>
/// A model whose exact log-density can be differentiated with respect to its input: what completion by ascent of the
/// likelihood over the hidden pixels needs (<see cref="PriorCompletion.ByDensity"/>). Normalizing flows implement it.
/// </summary>
public interface IDifferentiableDensity : ILikelihoodModel
{
    /// <summary>log p(x) in nats per example [B] of continuous inputs in the data's range, with a graph when gradients are on.</summary>
    Tensor LogDensity(Tensor x);
}
