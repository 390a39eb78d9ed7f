using Latent.Optim;
using Latent.Tensors;

namespace Latent.Models.Boltzmann;

/// <summary>
/// One contrastive-divergence update of an RBM's parameters, shared by the RBM and every layer of a deep belief net:
/// positive statistics from p(h | v_data), negative statistics after k block-Gibbs steps started from the data (CD-k)
/// or from persistent chains (PCD), and an SGD step on ⟨·⟩_model − ⟨·⟩_data (the descent direction of −log p).
/// </summary>
public static class ContrastiveDivergence
{
    /// <summary>
    /// SGD with momentum μ (Δ ← μ·Δ + lr·(⟨·⟩_data − ⟨·⟩_model − wd·W), as in Hinton's practical guide) where only the
    /// weights are decayed.
    /// </summary>
    public static Sgd Optimizer(RbmParameters rbm, double learningRate, double momentum, double weightDecay)
    {
        ArgumentNullException.ThrowIfNull(rbm);
        return new Sgd(
            [
                new ParamGroup([rbm.Weight], new Dictionary<string, double> { ["weight_decay"] = weightDecay }),
                new ParamGroup([rbm.VisibleBias, rbm.HiddenBias], new Dictionary<string, double> { ["weight_decay"] = 0 }),
            ],
            lr: learningRate, momentum: momentum);
    }

    /// <summary>
    /// Updates <paramref name="rbm"/> once from the data rows <paramref name="v0"/> [N, V] (binary, or probabilities of a
    /// lower layer). With <paramref name="chains"/> null the k-step chains start at the data (CD-k), otherwise at those
    /// visible states (PCD). Returns the reconstruction error Σᵢ (v0ᵢ − E[vᵢ | h0])² per row, h0 ~ p(h | v0), and the
    /// chains' new visible states.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is below 1.</exception>
    public static (double ReconstructionError, Tensor Negative) Update(RbmParameters rbm, Optimizer optimizer, Tensor v0, int k, Tensor? chains, Generator rng)
    {
        ArgumentNullException.ThrowIfNull(rbm);
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(rng);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        using var _ = Autograd.NoGrad();
        v0 = RbmParameters.Rows(v0, rbm.Visible, "visible");
        int n = v0.Shape[0];
        var ph0 = rbm.HiddenProbabilities(v0);
        var h0 = Tensor.Bernoulli(ph0, rng);
        var reconstruction = rbm.VisibleMean(h0);
        var (vk, phk) = chains == null
            ? Chain(rbm, h0, reconstruction, k, rng)
            : Chain(rbm, Tensor.Bernoulli(rbm.HiddenProbabilities(chains), rng), null, k, rng);
        int m = vk.Shape[0];
        // ⟨hvᵀ⟩_model − ⟨hvᵀ⟩_data as one product over the stacked rows.
        var hiddenRows = Tensor.Concat([phk * (1f / m), ph0 * (-1f / n)], 0);
        var visibleRows = Tensor.Concat([vk, v0], 0);
        rbm.Weight.Grad = hiddenRows.MatMul(visibleRows, transA: true);
        rbm.VisibleBias.Grad = vk.Mean(0) - v0.Mean(0);
        rbm.HiddenBias.Grad = phk.Mean(0) - ph0.Mean(0);
        optimizer.Step();
        return ((v0 - reconstruction).Square().Sum().Item() / n, vk);
    }

    /// <summary>
    /// One CD-1 update of a linear code layer (Hinton &amp; Salakhutdinov's top RBM with linear units): an RBM with
    /// Gaussian "visible" units of unit variance, the code z, whose binary "hidden" side holds the data
    /// <paramref name="x0"/> [N, H] (the features of the layer below, in [0, 1]). Positive phase E[z | x0] = b + Wᵀx0;
    /// a code z0 ~ N(b + Wᵀx0, I); the reconstruction p(x = 1 | z0) = σ(c + Wz0), used as mean-field states; negative
    /// phase E[z | p(x | z0)]. Returns the reconstruction error Σⱼ (x0ⱼ − p(xⱼ = 1 | z0))² per row.
    /// </summary>
    /// <exception cref="ArgumentException">The RBM's visible units are not Gaussian.</exception>
    public static double UpdateLinearCode(RbmParameters rbm, Optimizer optimizer, Tensor x0, Generator rng)
    {
        ArgumentNullException.ThrowIfNull(rbm);
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(rng);
        if (rbm.Units != VisibleUnits.Gaussian) throw new ArgumentException("Linear code layer: the RBM's visible (code) units must be Gaussian.", nameof(rbm));
        using var _ = Autograd.NoGrad();
        x0 = RbmParameters.Rows(x0, rbm.Hidden, "hidden");
        int n = x0.Shape[0];
        var code0 = rbm.VisibleMean(x0);
        var x1 = rbm.HiddenProbabilities(rbm.SampleVisibleFromMean(code0, rng));
        var code1 = rbm.VisibleMean(x1);
        // ⟨x zᵀ⟩_model − ⟨x zᵀ⟩_data as one product over the stacked rows.
        var hiddenRows = Tensor.Concat([x1 * (1f / n), x0 * (-1f / n)], 0);
        rbm.Weight.Grad = hiddenRows.MatMul(Tensor.Concat([code1, code0], 0), transA: true);
        rbm.VisibleBias.Grad = code1.Mean(0) - code0.Mean(0);
        rbm.HiddenBias.Grad = x1.Mean(0) - x0.Mean(0);
        optimizer.Step();
        return (x0 - x1).Square().Sum().Item() / n;
    }

    /// <summary>k Gibbs steps from hidden states h; the last visible sample and p(h | v) there. <paramref name="firstProbabilities"/> is E[v | h] when known.</summary>
    private static (Tensor V, Tensor Ph) Chain(RbmParameters rbm, Tensor h, Tensor? firstProbabilities, int k, Generator rng)
    {
        Tensor v = null!, ph = null!;
        for (int s = 0; s < k; s++)
        {
            if (s > 0) h = Tensor.Bernoulli(ph, rng);
            var pv = s == 0 && firstProbabilities != null ? firstProbabilities : rbm.VisibleMean(h);
            v = rbm.SampleVisibleFromMean(pv, rng);
            ph = rbm.HiddenProbabilities(v);
        }
        return (v, ph);
    }
}
