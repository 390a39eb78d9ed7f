using Latent.Tensors;

namespace Latent.Models.Boltzmann;

/// <summary>An RBM's receptive fields as pictures: the weights of each hidden unit over the visible ones, scaled to its own range.</summary>
public static class FilterImages
{
    /// <summary>The first <paramref name="count"/> hidden units' weight rows, each mapped linearly onto [0, 1], as images [n, ..imageShape].</summary>
    /// <exception cref="ArgumentException">The image shape does not hold the RBM's visible units.</exception>
    public static Tensor Of(RbmParameters rbm, int count, int[] imageShape)
    {
        ArgumentNullException.ThrowIfNull(rbm);
        ArgumentNullException.ThrowIfNull(imageShape);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        if (imageShape.Aggregate(1, (a, b) => a * b) != rbm.Visible)
            throw new ArgumentException($"Filter images: shape [{string.Join(", ", imageShape)}] does not hold {rbm.Visible} visible units.", nameof(imageShape));
        using var _ = Autograd.NoGrad();
        int n = Math.Min(count, rbm.Hidden);
        var w = rbm.Weight.Narrow(0, 0, n);
        var low = w.Min(1, keepDim: true);
        var range = (w.Max(1, keepDim: true) - low).Maximum(1e-12f);
        return ((w - low) / range).Reshape([n, .. imageShape]);
    }
}
