using Latent.Tensors;

namespace Latent.Models.Boltzmann;

/// <summary>
/// The exact partition function of a small RBM by enumerating its hidden configurations:
/// Z = Σₕ e^(cᵀh) Πᵢ (1 + e^(bᵢ + (Wᵀh)ᵢ)) for binary visible units, Z = Σₕ e^(cᵀh) (2π)^(V/2) e^(½‖b + Wᵀh‖² − ½‖b‖²)
/// for Gaussian ones (<see cref="RbmParameters.VisibleLogSum"/>), feasible up to <see cref="MaxHidden"/> hidden units whatever the visible size.
/// </summary>
public static class RbmPartition
{
    /// <summary>The largest hidden layer enumerated (2²⁰ configurations).</summary>
    public const int MaxHidden = 20;

    /// <summary>log Z of <paramref name="rbm"/>, exact up to float rounding of the per-configuration terms (summed in double).</summary>
    /// <exception cref="ArgumentException">The RBM has more than <see cref="MaxHidden"/> hidden units.</exception>
    public static double LogZ(RbmParameters rbm)
    {
        ArgumentNullException.ThrowIfNull(rbm);
        int hidden = rbm.Hidden;
        if (hidden > MaxHidden)
            throw new ArgumentException($"RBM partition: enumerating 2^{hidden} hidden configurations is too many (at most {MaxHidden} hidden units); use AnnealedImportanceSampling.", nameof(rbm));
        using var _ = Autograd.NoGrad();
        long total = 1L << hidden;
        int chunk = (int)Math.Min(total, 4096);
        double max = double.NegativeInfinity, sum = 0;   // running log-sum-exp
        var h = Tensor.Zeros(chunk, hidden);
        for (long start = 0; start < total; start += chunk)
        {
            int rows = (int)Math.Min(chunk, total - start);
            var block = rows == chunk ? h : Tensor.Zeros(rows, hidden);
            var bits = block.Data;
            for (int r = 0; r < rows; r++)
                for (int j = 0; j < hidden; j++) bits[r * hidden + j] = ((start + r) >> j & 1) == 1 ? 1f : 0f;
            var terms = (block.MatMul(rbm.HiddenBias) + rbm.VisibleLogSum(block)).Data;
            for (int r = 0; r < rows; r++)
            {
                double t = terms[r];
                if (t > max)
                {
                    sum = sum * Math.Exp(max - t) + 1;
                    max = t;
                }
                else sum += Math.Exp(t - max);
            }
        }
        return max + Math.Log(sum);
    }
}
