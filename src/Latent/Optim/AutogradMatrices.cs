using Latent.Tensors;

namespace Latent.Optim;

/// <summary>Dense gradients, Hessians and Jacobians with respect to a list of parameters, by autograd (small problems).</summary>
internal static class AutogradMatrices
{
    /// <summary>
    /// The gradient and Hessian of a scalar <paramref name="loss"/> whose graph is intact: the gradient is taken with
    /// <c>createGraph</c>, then each Hessian row is one Hessian-vector product with a unit vector. The Hessian is symmetrized.
    /// </summary>
    public static (double[] Gradient, double[,] Hessian) GradientAndHessian(Tensor loss, IReadOnlyList<Tensor> parameters)
    {
        var inputs = parameters.ToArray();
        int n = inputs.Sum(p => p.Size);
        var grads = Autograd.Grad([loss], inputs, createGraph: true, allowUnused: true);
        var g = Flatten(grads, inputs, n);
        var h = new double[n, n];
        // Gradients that do not require grad are constant: their rows of the Hessian are zero.
        var live = Enumerable.Range(0, inputs.Length).Where(k => grads[k] is { RequiresGrad: true }).ToArray();
        if (live.Length == 0) return (g, h);
        var outputs = live.Select(k => grads[k]!).ToArray();
        int offset = 0;
        for (int k = 0; k < inputs.Length; offset += inputs[k].Size, k++)
        {
            int slot = Array.IndexOf(live, k);
            if (slot < 0) continue;
            for (int i = 0; i < inputs[k].Size; i++)
            {
                var seeds = outputs.Select(o => Tensor.ZerosLike(o)).ToArray();
                seeds[slot].Data[i] = 1;
                var row = Flatten(Autograd.Grad(outputs, inputs, seeds, retainGraph: true, allowUnused: true), inputs, n);
                for (int j = 0; j < n; j++) h[offset + i, j] = row[j];
            }
        }
        for (int i = 0; i < n; i++)
            for (int j = 0; j < i; j++)
                h[i, j] = h[j, i] = 0.5 * (h[i, j] + h[j, i]);
        return (g, h);
    }

    /// <summary>
    /// The residuals, the cost <c>½‖r‖²</c> and the normal-equation terms <c>JᵀJ</c> and <c>Jᵀr</c> of a residual
    /// tensor, with the Jacobian built one row per residual by vector-Jacobian products.
    /// </summary>
    public static (double Cost, double[,] JtJ, double[] Jtr) NormalEquations(Tensor residuals, IReadOnlyList<Tensor> parameters)
    {
        var inputs = parameters.ToArray();
        int n = inputs.Sum(p => p.Size), m = residuals.Size;
        var r = residuals.Data;
        var jtj = new double[n, n];
        var jtr = new double[n];
        double cost = 0;
        for (int row = 0; row < m; row++)
        {
            var seed = Tensor.ZerosLike(residuals);
            seed.Data[row] = 1;
            var jRow = Flatten(Autograd.Grad([residuals], inputs, [seed], retainGraph: row < m - 1, allowUnused: true), inputs, n);
            double ri = r[row];
            cost += 0.5 * ri * ri;
            for (int i = 0; i < n; i++)
            {
                if (jRow[i] == 0) continue;
                jtr[i] += jRow[i] * ri;
                for (int j = 0; j < n; j++) jtj[i, j] += jRow[i] * jRow[j];
            }
        }
        return (cost, jtj, jtr);
    }

    private static double[] Flatten(Tensor?[] parts, Tensor[] like, int n)
    {
        var flat = new double[n];
        int offset = 0;
        for (int k = 0; k < like.Length; offset += like[k].Size, k++)
        {
            if (parts[k] is not { } part) continue;
            var data = part.Data;
            for (int i = 0; i < data.Length; i++) flat[offset + i] = data[i];
        }
        return flat;
    }
}
