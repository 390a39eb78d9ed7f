using Latent.Linalg;
using Latent.Models.Common;
using Latent.Optim;
using Latent.Tensors;

namespace Latent.Models.Autoencoders;

/// <summary>
/// The closed form of one marginalized denoising layer (Chen, Xu, Weinberger and Sha, 2012). With inputs
/// x̄ = [x; 1] (bias last), scatter S = Σ x̄x̄ᵀ and masking probability p, let q = (1 − p, …, 1 − p, 1). Averaging the
/// squared reconstruction loss ‖x − W·x̃‖² over infinitely many corruptions gives W = E[P]·E[Q]⁻¹ with
/// E[Q]αβ = Sαβ·qα·qβ (α ≠ β), E[Q]αα = Sαα·qα and E[P]αβ = Sαβ·qβ (rows α of the inputs only). Solved in double
/// with a ridge λ·mean(diag E[Q]) on the non-bias diagonal.
/// </summary>
public static class MarginalizedDenoising
{
    /// <summary>Σ x̄x̄ᵀ for the rows of <paramref name="x"/> [N, ...] with a constant 1 appended: (D + 1) × (D + 1).</summary>
    public static double[,] Scatter(Tensor x)
    {
        var (n, d) = DenseMatrices.RowsAndColumns(x);
        var withBias = Tensor.Concat([x.Reshape(n, d), Tensor.Ones(n, 1)], 1);
        return DenseMatrices.Scatter(withBias);
    }

    /// <summary>The layer W (D × (D + 1), last column the bias) from the scatter of the augmented inputs.</summary>
    /// <param name="scatter">Σ x̄x̄ᵀ from <see cref="Scatter"/>.</param>
    /// <param name="corruption">The masking probability p ∈ [0, 1).</param>
    /// <param name="ridge">λ, relative to the mean diagonal of E[Q]; keeps the system positive definite.</param>
    /// <exception cref="ArgumentException">p outside [0, 1), a negative ridge, or a non-square scatter.</exception>
    public static double[,] SolveLayer(double[,] scatter, double corruption, double ridge = 1e-5)
    {
        ArgumentNullException.ThrowIfNull(scatter);
        int n = scatter.GetLength(0);
        if (n < 2 || scatter.GetLength(1) != n) throw new ArgumentException($"mDA: scatter must be square with a bias row, got {n}×{scatter.GetLength(1)}.", nameof(scatter));
        if (!(corruption >= 0 && corruption < 1)) throw new ArgumentException($"mDA: corruption p = {corruption} must lie in [0, 1).", nameof(corruption));
        if (!(ridge >= 0)) throw new ArgumentException($"mDA: ridge {ridge} must be non-negative.", nameof(ridge));
        int d = n - 1;
        var q = new double[n];
        for (int i = 0; i < d; i++) q[i] = 1 - corruption;
        q[d] = 1;
        var eq = new double[n, n];
        double trace = 0;
        for (int a = 0; a < n; a++)
            for (int b = 0; b < n; b++)
            {
                eq[a, b] = a == b ? scatter[a, a] * q[a] : scatter[a, b] * q[a] * q[b];
                if (a == b) trace += eq[a, a];
            }
        double lambda = ridge * trace / n;
        for (int i = 0; i < d; i++) eq[i, i] += lambda;
        // W·E[Q] = E[P]  ⇔  E[Q]·Wᵀ = E[P]ᵀ (E[Q] symmetric); E[P]ᵀ[β, α] = S[α, β]·q[β].
        var rhs = new double[n, d];
        for (int b = 0; b < n; b++)
            for (int a = 0; a < d; a++) rhs[b, a] = scatter[a, b] * q[b];
        var wt = Cholesky.Decompose(eq).Solve(rhs);
        var w = new double[d, n];
        for (int a = 0; a < d; a++)
            for (int b = 0; b < n; b++) w[a, b] = wt[b, a];
        return w;
    }

    /// <summary>W·[x; 1] for rows <paramref name="x"/> [N, D] and W of D' × (D + 1): the linear reconstruction [N, D'].</summary>
    public static Tensor Apply(Tensor x, Tensor weight)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(weight);
        var (n, d) = DenseMatrices.RowsAndColumns(x);
        if (weight.Rank != 2 || weight.Shape[1] != d + 1)
            throw new ArgumentException($"mDA: weight {ShapeText.Format(weight.Shape)} does not fit rows of {d} values plus a bias.", nameof(weight));
        var w = weight.Narrow(1, 0, d);
        var bias = weight.Narrow(1, d, 1).Reshape(weight.Shape[0]);
        return x.Reshape(n, d).Linear(w, bias);
    }
}
