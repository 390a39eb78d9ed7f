using MathNet.Numerics.LinearAlgebra;

namespace Latent.Linalg;

/// <summary>
/// Eigen-decomposition A = V·diag(λ)·Vᵀ of a real symmetric matrix in double precision, by MathNet.Numerics
/// (Householder tridiagonalization and the implicit QL algorithm). MathNet replaced a hand-written port of the same
/// EISPACK routines: 1.1–1.3 times faster at n = 64–785 with the same accuracy (<c>bench/results/linalg.json</c>).
/// </summary>
/// <example>
/// <code>
/// var eig = SymmetricEigen.Decompose(new double[,] { { 2, 1 }, { 1, 2 } });
/// // eig.Values = [3, 1]; eig.Vectors[i, 0] is the eigenvector of 3.
/// </code>
/// </example>
public sealed class SymmetricEigen
{
    private SymmetricEigen(double[] values, double[,] vectors)
    {
        Values = values;
        Vectors = vectors;
    }

    /// <summary>The eigenvalues, largest first.</summary>
    public double[] Values { get; }

    /// <summary>The orthonormal eigenvectors as columns: column j belongs to <see cref="Values"/>[j].</summary>
    public double[,] Vectors { get; }

    /// <summary>Decomposes the symmetric matrix <paramref name="a"/> (only its lower triangle is read).</summary>
    /// <exception cref="ArgumentException">The matrix is not square, is empty or holds a non-finite value.</exception>
    public static SymmetricEigen Decompose(double[,] a)
    {
        ArgumentNullException.ThrowIfNull(a);
        int n = a.GetLength(0);
        if (n == 0 || a.GetLength(1) != n)
            throw new ArgumentException($"SymmetricEigen: expected a non-empty square matrix, got {a.GetLength(0)}×{a.GetLength(1)}.", nameof(a));
        var symmetric = Matrix<double>.Build.Dense(n, n);
        for (int i = 0; i < n; i++)
            for (int j = 0; j <= i; j++)
            {
                double x = a[i, j];
                if (!double.IsFinite(x)) throw new ArgumentException($"SymmetricEigen: entry ({i}, {j}) is {x}.", nameof(a));
                symmetric[i, j] = x;
                symmetric[j, i] = x;
            }
        var evd = symmetric.Evd(Symmetricity.Symmetric);
        var d = evd.EigenValues.Select(v => v.Real).ToArray();
        var order = Enumerable.Range(0, n).OrderByDescending(i => d[i]).ToArray();
        var values = new double[n];
        var vectors = new double[n, n];
        var v = evd.EigenVectors;
        for (int j = 0; j < n; j++)
        {
            values[j] = d[order[j]];
            for (int i = 0; i < n; i++) vectors[i, j] = v[i, order[j]];
        }
        return new SymmetricEigen(values, vectors);
    }
}
