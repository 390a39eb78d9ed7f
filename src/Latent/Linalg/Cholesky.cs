namespace Latent.Linalg;

/// <summary>
/// Cholesky factorization A = L·Lᵀ of a symmetric positive-definite matrix in double precision, with solves and
/// products by the factor. Used by the damped Newton-type optimizers, the closed-form mDA layer and for sampling from a
/// fitted Gaussian. Kept over MathNet.Numerics' Cholesky because it is 2.5 times faster on the small systems of the
/// Newton-type optimizers (n = 64: 0.13 vs 0.32 ms) and names the failing pivot; MathNet is 1.1–1.3 times faster at
/// n = 256–785 (<c>bench/results/linalg.json</c>).
/// </summary>
public sealed class Cholesky
{
    private readonly double[,] _l;

    private Cholesky(double[,] l) => _l = l;

    /// <summary>The matrix size n.</summary>
    public int Size => _l.GetLength(0);

    /// <summary>Factors <paramref name="a"/> (only its lower triangle is read).</summary>
    /// <exception cref="ArgumentException">The matrix is not square or not positive definite (the message names the pivot).</exception>
    public static Cholesky Decompose(double[,] a)
    {
        ArgumentNullException.ThrowIfNull(a);
        int n = a.GetLength(0);
        if (n == 0 || a.GetLength(1) != n)
            throw new ArgumentException($"Cholesky: expected a non-empty square matrix, got {a.GetLength(0)}×{a.GetLength(1)}.", nameof(a));
        var l = CopyLower(a, n);
        if (!FactorInPlace(l, n, minPivot: 0, requireFinite: false, out int pivot, out double value))
            throw new ArgumentException($"Cholesky: the matrix is not positive definite (pivot {pivot} is {value:G4}); add a ridge to its diagonal.", nameof(a));
        return new Cholesky(l);
    }

    /// <summary>
    /// Factors <paramref name="a"/> when every pivot is finite and above <paramref name="minPivot"/> (safely positive
    /// definite); null otherwise.
    /// </summary>
    internal static Cholesky? TryDecompose(double[,] a, double minPivot)
    {
        int n = a.GetLength(0);
        var l = CopyLower(a, n);
        return FactorInPlace(l, n, minPivot, requireFinite: true, out _, out _) ? new Cholesky(l) : null;
    }

    private static double[,] CopyLower(double[,] a, int n)
    {
        var l = new double[n, n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j <= i; j++) l[i, j] = a[i, j];
        return l;
    }

    // Overwrites the lower triangle with L (A = L·Lᵀ); false at the first pivot that is not above minPivot.
    private static bool FactorInPlace(double[,] l, int n, double minPivot, bool requireFinite, out int pivot, out double value)
    {
        for (int j = 0; j < n; j++)
        {
            double diag = l[j, j];
            for (int k = 0; k < j; k++) diag -= l[j, k] * l[j, k];
            if (!(diag > minPivot) || (requireFinite && !double.IsFinite(diag)))
            {
                (pivot, value) = (j, diag);
                return false;
            }
            double ljj = Math.Sqrt(diag);
            l[j, j] = ljj;
            for (int i = j + 1; i < n; i++)
            {
                double s = l[i, j];
                for (int k = 0; k < j; k++) s -= l[i, k] * l[j, k];
                l[i, j] = s / ljj;
            }
        }
        (pivot, value) = (-1, 0);
        return true;
    }

    /// <summary>Solves A·X = B for X, column by column; B is n × m and is not modified.</summary>
    /// <exception cref="ArgumentException">B has the wrong number of rows.</exception>
    public double[,] Solve(double[,] b)
    {
        ArgumentNullException.ThrowIfNull(b);
        int n = Size, m = b.GetLength(1);
        if (b.GetLength(0) != n)
            throw new ArgumentException($"Cholesky.Solve: right-hand side has {b.GetLength(0)} rows, the matrix is {n}×{n}.", nameof(b));
        var x = new double[n, m];
        var column = new double[n];
        for (int c = 0; c < m; c++)
        {
            for (int i = 0; i < n; i++) column[i] = b[i, c];
            SolveInPlace(column);
            for (int i = 0; i < n; i++) x[i, c] = column[i];
        }
        return x;
    }

    /// <summary>Overwrites <paramref name="y"/> with A⁻¹·y (forward then back substitution).</summary>
    public void SolveInPlace(Span<double> y)
    {
        int n = Size;
        if (y.Length != n) throw new ArgumentException($"Cholesky.SolveInPlace: vector of length {y.Length} for a {n}×{n} matrix.", nameof(y));
        for (int i = 0; i < n; i++)
        {
            double s = y[i];
            for (int k = 0; k < i; k++) s -= _l[i, k] * y[k];
            y[i] = s / _l[i, i];
        }
        for (int i = n - 1; i >= 0; i--)
        {
            double s = y[i];
            for (int k = i + 1; k < n; k++) s -= _l[k, i] * y[k];
            y[i] = s / _l[i, i];
        }
    }

    /// <summary>L·<paramref name="v"/>: maps standard-normal draws to draws with covariance A.</summary>
    public double[] MultiplyLower(ReadOnlySpan<double> v)
    {
        int n = Size;
        if (v.Length != n) throw new ArgumentException($"Cholesky.MultiplyLower: vector of length {v.Length} for a {n}×{n} matrix.", nameof(v));
        var r = new double[n];
        for (int i = 0; i < n; i++)
        {
            double s = 0;
            for (int k = 0; k <= i; k++) s += _l[i, k] * v[k];
            r[i] = s;
        }
        return r;
    }
}
