using Latent.Linalg;
using Latent.Models.Common;
using Latent.NN;

namespace Latent.Models.Autoencoders;

/// <summary>
/// Compares a trained linear autoencoder with PCA: its decoder weight W₂ [D, k] should span the same subspace as
/// the top-k principal directions (its columns need not be orthogonal nor ordered, so the principal angles between
/// the subspaces are the right measure).
/// </summary>
public static class LinearAutoencoderSubspace
{
    /// <summary>The decoder's columns as rows, k × D: the last <see cref="Linear"/> layer of the decoder, transposed.</summary>
    /// <exception cref="ArgumentException">The decoder holds no linear layer.</exception>
    public static double[,] DecoderBasis(Autoencoder model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var linear = model.Decoder.Modules().OfType<Linear>().LastOrDefault()
            ?? throw new ArgumentException("LinearAutoencoderSubspace: the decoder has no Linear layer.", nameof(model));
        var w = linear.Weight;     // [D, k]
        int d = w.Shape[0], k = w.Shape[1];
        var basis = new double[k, d];
        var data = w.Data;
        for (int i = 0; i < d; i++)
            for (int j = 0; j < k; j++) basis[j, i] = data[i * k + j];
        return basis;
    }

    /// <summary>The principal angles (radians, smallest first) between the decoder's span and the PCA components.</summary>
    public static double[] AnglesToPca(Autoencoder model, Pca pca)
    {
        ArgumentNullException.ThrowIfNull(pca);
        return PrincipalAngles.Between(DecoderBasis(model), pca.Components);
    }
}
