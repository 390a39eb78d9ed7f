namespace Latent.Linalg;

/// <summary>
/// Principal angles between two linear subspaces of ℝᴰ (Björck and Golub, 1973): orthonormalize both bases, then the
/// cosines of the angles are the singular values of Q_Aᵀ·Q_B. All angles zero means the subspaces coincide.
/// </summary>
public static class PrincipalAngles
{
    /// <summary>The angles in radians, smallest first, between the spans of the rows of <paramref name="a"/> (k × D) and <paramref name="b"/> (m × D).</summary>
    /// <exception cref="ArgumentException">The bases live in different dimensions or a basis is rank-deficient.</exception>
    public static double[] Between(double[,] a, double[,] b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.GetLength(1) != b.GetLength(1))
            throw new ArgumentException($"PrincipalAngles: bases of dimension {a.GetLength(1)} and {b.GetLength(1)}.", nameof(b));
        var qa = Orthonormalize(a, nameof(a));
        var qb = Orthonormalize(b, nameof(b));
        int k = qa.Length, m = qb.Length, d = a.GetLength(1);
        var cross = new double[k, m];
        for (int i = 0; i < k; i++)
            for (int j = 0; j < m; j++)
            {
                double s = 0;
                for (int t = 0; t < d; t++) s += qa[i][t] * qb[j][t];
                cross[i, j] = s;
            }
        // Singular values of cross = square roots of the eigenvalues of cross·crossᵀ (k × k; take the smaller side).
        bool rowsSmaller = k <= m;
        int r = rowsSmaller ? k : m;
        var gram = new double[r, r];
        for (int i = 0; i < r; i++)
            for (int j = 0; j < r; j++)
            {
                double s = 0;
                for (int t = 0; t < (rowsSmaller ? m : k); t++)
                    s += rowsSmaller ? cross[i, t] * cross[j, t] : cross[t, i] * cross[t, j];
                gram[i, j] = s;
            }
        var eig = SymmetricEigen.Decompose(gram);
        var angles = new double[r];
        for (int i = 0; i < r; i++) angles[i] = Math.Acos(Math.Clamp(Math.Sqrt(Math.Max(eig.Values[i], 0)), 0, 1));
        return angles;
    }

    /// <summary>The largest principal angle in degrees (0 when one subspace contains the other).</summary>
    public static double LargestDegrees(double[,] a, double[,] b) => Between(a, b).Max() * 180 / Math.PI;

    /// <summary>Modified Gram-Schmidt, applied twice for orthogonality to working precision.</summary>
    private static double[][] Orthonormalize(double[,] basis, string name)
    {
        int k = basis.GetLength(0), d = basis.GetLength(1);
        if (k == 0) throw new ArgumentException("PrincipalAngles: empty basis.", name);
        var q = new double[k][];
        for (int i = 0; i < k; i++)
        {
            var v = new double[d];
            for (int t = 0; t < d; t++) v[t] = basis[i, t];
            double original = Math.Sqrt(v.Sum(x => x * x));
            for (int pass = 0; pass < 2; pass++)
                for (int j = 0; j < i; j++)
                {
                    double dot = 0;
                    for (int t = 0; t < d; t++) dot += v[t] * q[j][t];
                    for (int t = 0; t < d; t++) v[t] -= dot * q[j][t];
                }
            double norm = Math.Sqrt(v.Sum(x => x * x));
            if (!(norm > 1e-10 * original))
                throw new ArgumentException($"PrincipalAngles: basis vector {i} is (nearly) a combination of the previous ones.", name);
            for (int t = 0; t < d; t++) v[t] /= norm;
            q[i] = v;
        }
        return q;
    }
}
