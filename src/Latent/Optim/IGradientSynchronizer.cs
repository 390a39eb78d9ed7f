using Latent.Tensors;

namespace Latent.Optim;

/// <summary>
/// Called by an optimizer's step before it reads any gradient: data-parallel training averages the gradients over its
/// processes here, so that every process takes the same step.
/// </summary>
public interface IGradientSynchronizer
{
    /// <summary>Replaces each gradient in place (in the optimizer's parameter order) with its synchronised value.</summary>
    void Synchronize(IReadOnlyList<Tensor> gradients);
}
