using Latent.Models.Common;
using Latent.Tensors;

namespace Latent.Models.Metrics;

/// <summary>Checks shared by the feature-space metrics: a finite matrix [N, D].</summary>
internal static class FeatureMatrix
{
    /// <summary>N and D of a rank-2 finite tensor.</summary>
    /// <exception cref="ArgumentException">It is not [N, D] with N, D &gt; 0, or holds NaN or ±∞.</exception>
    public static (int Rows, int Columns) Check(Tensor features, string name)
    {
        ArgumentNullException.ThrowIfNull(features, name);
        if (features.Rank != 2 || features.Shape[0] == 0 || features.Shape[1] == 0)
            throw new ArgumentException($"Expected features [N, D] with N, D > 0, got {ShapeText.Format(features.Shape)}.", name);
        if (features.HasNonFinite()) throw new ArgumentException($"Features {ShapeText.Format(features.Shape)} hold NaN or infinite values.", name);
        return (features.Shape[0], features.Shape[1]);
    }

    /// <summary>Both matrices checked, with the same D.</summary>
    public static (int N, int M, int D) CheckPair(Tensor a, Tensor b, string nameA, string nameB)
    {
        var (n, d) = Check(a, nameA);
        var (m, d2) = Check(b, nameB);
        if (d != d2) throw new ArgumentException($"Feature dimensions differ: {ShapeText.Format(a.Shape)} against {ShapeText.Format(b.Shape)}.");
        return (n, m, d);
    }
}
