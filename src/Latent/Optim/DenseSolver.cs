using Latent.Linalg;

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
            var shifted = new double[n, n];
            for (int i = 0; i < n; i++)
                for (int j = 0; j <= i; j++)
                    shifted[i, j] = a[i, j] + (i == j ? lambda * (scale?[i] ?? 1) : 0);
            if (Cholesky.TryDecompose(shifted, 1e-14 * maxDiag) is { } factor)
            {
                var x = (double[])b.Clone();
                factor.SolveInPlace(x);
                return (x, lambda);
            }
            lambda = Math.Max(lambda * 10, 1e-10 * maxDiag);
        }
        throw new InvalidOperationException("The Hessian (or JᵀJ) could not be made positive definite; does the loss produce non-finite values?");
    }
}
