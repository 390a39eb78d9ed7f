namespace Latent.Linalg;

/// <summary>
/// Eigen-decomposition A = V·diag(λ)·Vᵀ of a real symmetric matrix in double precision: Householder reduction to
/// tridiagonal form followed by the implicit QL algorithm (tred2/tql2 of EISPACK, as in JAMA), O(n³) with no
/// iteration count to tune.
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
    /// <exception cref="ArithmeticException">The QL iteration did not converge (never seen for finite input).</exception>
    public static SymmetricEigen Decompose(double[,] a)
    {
        ArgumentNullException.ThrowIfNull(a);
        int n = a.GetLength(0);
        if (n == 0 || a.GetLength(1) != n)
            throw new ArgumentException($"SymmetricEigen: expected a non-empty square matrix, got {a.GetLength(0)}×{a.GetLength(1)}.", nameof(a));
        var v = new double[n][];
        for (int i = 0; i < n; i++)
        {
            v[i] = new double[n];
            for (int j = 0; j <= i; j++)
            {
                double x = a[i, j];
                if (!double.IsFinite(x)) throw new ArgumentException($"SymmetricEigen: entry ({i}, {j}) is {x}.", nameof(a));
                v[i][j] = x;
                v[j][i] = x;
            }
        }
        var d = new double[n];
        var e = new double[n];
        Tridiagonalize(v, d, e);
        var vt = Transpose(v);
        QlIterate(vt, d, e);
        var order = Enumerable.Range(0, n).OrderByDescending(i => d[i]).ToArray();
        var values = new double[n];
        var vectors = new double[n, n];
        for (int j = 0; j < n; j++)
        {
            values[j] = d[order[j]];
            var row = vt[order[j]];
            for (int i = 0; i < n; i++) vectors[i, j] = row[i];
        }
        return new SymmetricEigen(values, vectors);
    }

    /// <summary>Householder reduction of the symmetric matrix in <paramref name="v"/> to tridiagonal form (d diagonal, e sub-diagonal); v becomes the accumulated transform.</summary>
    private static void Tridiagonalize(double[][] v, double[] d, double[] e)
    {
        int n = d.Length;
        for (int j = 0; j < n; j++) d[j] = v[n - 1][j];
        for (int i = n - 1; i > 0; i--)
        {
            double scale = 0, h = 0;
            for (int k = 0; k < i; k++) scale += Math.Abs(d[k]);
            if (scale == 0)
            {
                e[i] = d[i - 1];
                for (int j = 0; j < i; j++)
                {
                    d[j] = v[i - 1][j];
                    v[i][j] = 0;
                    v[j][i] = 0;
                }
            }
            else
            {
                for (int k = 0; k < i; k++)
                {
                    d[k] /= scale;
                    h += d[k] * d[k];
                }
                double f = d[i - 1];
                double g = Math.Sqrt(h);
                if (f > 0) g = -g;
                e[i] = scale * g;
                h -= f * g;
                d[i - 1] = f - g;
                for (int j = 0; j < i; j++) e[j] = 0;
                for (int j = 0; j < i; j++)
                {
                    f = d[j];
                    v[j][i] = f;
                    g = e[j] + v[j][j] * f;
                    for (int k = j + 1; k <= i - 1; k++)
                    {
                        g += v[k][j] * d[k];
                        e[k] += v[k][j] * f;
                    }
                    e[j] = g;
                }
                f = 0;
                for (int j = 0; j < i; j++)
                {
                    e[j] /= h;
                    f += e[j] * d[j];
                }
                double hh = f / (h + h);
                for (int j = 0; j < i; j++) e[j] -= hh * d[j];
                for (int j = 0; j < i; j++)
                {
                    f = d[j];
                    g = e[j];
                    for (int k = j; k <= i - 1; k++) v[k][j] -= f * e[k] + g * d[k];
                    d[j] = v[i - 1][j];
                    v[i][j] = 0;
                }
            }
            d[i] = h;
        }
        for (int i = 0; i < n - 1; i++)
        {
            v[n - 1][i] = v[i][i];
            v[i][i] = 1;
            double h = d[i + 1];
            if (h != 0)
            {
                for (int k = 0; k <= i; k++) d[k] = v[k][i + 1] / h;
                for (int j = 0; j <= i; j++)
                {
                    double g = 0;
                    for (int k = 0; k <= i; k++) g += v[k][i + 1] * v[k][j];
                    for (int k = 0; k <= i; k++) v[k][j] -= g * d[k];
                }
            }
            for (int k = 0; k <= i; k++) v[k][i + 1] = 0;
        }
        for (int j = 0; j < n; j++)
        {
            d[j] = v[n - 1][j];
            v[n - 1][j] = 0;
        }
        v[n - 1][n - 1] = 1;
        e[0] = 0;
    }

    /// <summary>Implicit QL iteration on the tridiagonal matrix; <paramref name="vt"/> holds the transform transposed (row j = vector j) so rotations touch contiguous rows.</summary>
    private static void QlIterate(double[][] vt, double[] d, double[] e)
    {
        int n = d.Length;
        for (int i = 1; i < n; i++) e[i - 1] = e[i];
        e[n - 1] = 0;
        double f = 0, tst1 = 0;
        double eps = Math.Pow(2, -52);
        for (int l = 0; l < n; l++)
        {
            tst1 = Math.Max(tst1, Math.Abs(d[l]) + Math.Abs(e[l]));
            int m = l;
            while (m < n && Math.Abs(e[m]) > eps * tst1) m++;
            if (m == n) m = n - 1;
            if (m > l)
            {
                int iterations = 0;
                do
                {
                    if (++iterations > 100) throw new ArithmeticException("SymmetricEigen: the QL iteration did not converge.");
                    double g = d[l];
                    double p = (d[l + 1] - g) / (2 * e[l]);
                    double r = Hypot(p, 1);
                    if (p < 0) r = -r;
                    d[l] = e[l] / (p + r);
                    d[l + 1] = e[l] * (p + r);
                    double dl1 = d[l + 1];
                    double h = g - d[l];
                    for (int i = l + 2; i < n; i++) d[i] -= h;
                    f += h;
                    p = d[m];
                    double c = 1, c2 = 1, c3 = 1, s = 0, s2 = 0;
                    double el1 = e[l + 1];
                    for (int i = m - 1; i >= l; i--)
                    {
                        c3 = c2;
                        c2 = c;
                        s2 = s;
                        g = c * e[i];
                        h = c * p;
                        r = Hypot(p, e[i]);
                        e[i + 1] = s * r;
                        s = e[i] / r;
                        c = p / r;
                        p = c * d[i] - s * g;
                        d[i + 1] = h + s * (c * g + s * d[i]);
                        var a = vt[i];
                        var b = vt[i + 1];
                        for (int k = 0; k < n; k++)
                        {
                            double t = b[k];
                            b[k] = s * a[k] + c * t;
                            a[k] = c * a[k] - s * t;
                        }
                    }
                    p = -s * s2 * c3 * el1 * e[l] / dl1;
                    e[l] = s * p;
                    d[l] = c * p;
                }
                while (Math.Abs(e[l]) > eps * tst1);
            }
            d[l] += f;
            e[l] = 0;
        }
    }

    private static double Hypot(double a, double b)
    {
        double x = Math.Abs(a), y = Math.Abs(b);
        if (x < y) (x, y) = (y, x);
        if (x == 0) return 0;
        double t = y / x;
        return x * Math.Sqrt(1 + t * t);
    }

    private static double[][] Transpose(double[][] v)
    {
        int n = v.Length;
        var t = new double[n][];
        for (int i = 0; i < n; i++)
        {
            t[i] = new double[n];
            for (int j = 0; j < n; j++) t[i][j] = v[j][i];
        }
        return t;
    }
}
