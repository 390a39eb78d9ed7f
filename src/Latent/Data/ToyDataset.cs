using Latent.Tensors;

namespace Latent.Data;

/// <summary>Samples from a toy 2-D distribution.</summary>
/// <param name="Points">The samples, shape [n, 2].</param>
/// <param name="Labels">The component (mode, moon, circle …) each sample came from, or null where that has no meaning.</param>
/// <param name="Modes">The mode centres [k, 2] for mixtures of Gaussians, or null.</param>
/// <param name="ModeStd">The standard deviation of each Gaussian mode, or 0 when <paramref name="Modes"/> is null.</param>
public sealed record ToyDataset(Tensor Points, int[]? Labels, Tensor? Modes, float ModeStd)
{
    /// <summary>The number of samples.</summary>
    public int Count => Points.Shape[0];
}
