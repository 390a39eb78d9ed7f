namespace Latent.Optim;

/// <summary>Solves small symmetric linear systems in double precision for the second-order optimizers.</summary>
internal static class DenseSolver
{
    /// <summary>
    /// Solves <c>(A + λ·diag(s))·x = b</c> by Cholesky factorization, where <c>s</c> is <paramref name="scale"/> or all
    /// ones. When the matrix is not positive definite, the damping is raised (from <c>1e-10·max(1, max|Aᵢᵢ|)</c>,
    /// ×10 each time) until it is.
    /// </summary>
    /// <returns>The solution and the damping λ actually used.</returns>
    /// <exception cref="InvalidOperationException">The system could not be made positive definite (non-finite entries).</exception>
    public static (double[] X, double Damping) SolveDamped(double[,] a, double[] b, double damping, double[]? scale = null)
    {
        int n = b.Length;
        double maxDiag = 1;
        for (int i = 0; i < n; i++) maxDiag = Math.Max(maxDiag, Math.Abs(a[i, i]));
        double lambda = damping;
        for (int attempt = 0; attempt < 40; attempt++)
        {
            var l = new double[n, n];
            for (int i = 0; i < n; i++)
                for (int j = 0; j <= i; j++)
                    l[i, j] = a[i, j] + (i == j ? lambda * (scale?[i] ?? 1) : 0);
            if (CholeskyInPlace(l, n, 1e-14 * maxDiag)) return (Substitute(l, b, n), lambda);
            lambda = Math.Max(lambda * 10, 1e-10 * maxDiag);
        }
        throw new InvalidOperationException("The Hessian (or JᵀJ) could not be made positive definite; does the loss produce non-finite values?");
    }

    /// <summary>Overwrites the lower triangle with L such that A = L·Lᵀ; false when a pivot is not above <paramref name="minPivot"/> (A is not safely positive definite).</summary>
    private static bool CholeskyInPlace(double[,] l, int n, double minPivot)
    {
        for (int j = 0; j < n; j++)
        {
            double d = l[j, j];
            for (int k = 0; k < j; k++) d -= l[j, k] * l[j, k];
            if (!(d > minPivot) || !double.IsFinite(d)) return false;
            double root = Math.Sqrt(d);
            l[j, j] = root;
            for (int i = j + 1; i < n; i++)
            {
                double s = l[i, j];
                for (int k = 0; k < j; k++) s -= l[i, k] * l[j, k];
                l[i, j] = s / root;
            }
        }
        return true;
    }

    private static double[] Substitute(double[,] l, double[] b, int n)
    {
        var y = new double[n];
        for (int i = 0; i < n; i++)
        {
            double s = b[i];
            for (int k = 0; k < i; k++) s -= l[i, k] * y[k];
            y[i] = s / l[i, i];
        }
        var x = new double[n];
        for (int i = n - 1; i >= 0; i--)
        {
            double s = y[i];
            for (int k = i + 1; k < n; k++) s -= l[k, i] * x[k];
            x[i] = s / l[i, i];
        }
        return x;
    }
}
