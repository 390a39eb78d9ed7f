using Latent.Tensors;

namespace Latent.Models.Boltzmann;

/// <summary>
/// The pseudo-log-likelihood Σᵢ log p(vᵢ | v₋ᵢ) of an RBM (Besag 1975), a tractable monitor of training: each
/// conditional needs only free energies, never Z. For binary visible units p(vᵢ | v₋ᵢ) = σ(F(ṽ⁽ⁱ⁾) − F(v)), where ṽ⁽ⁱ⁾
/// is v with unit i flipped. For unit-variance Gaussian ones p(vᵢ | v₋ᵢ) = e^(−F(v)) / ∫ e^(−F(v with vᵢ = t)) dt, a
/// density in the standardised units, whose normaliser is a one-dimensional integral computed numerically.
/// </summary>
/// <remarks>
/// The Gaussian conditional is a mixture of unit-variance Gaussians N(bᵢ + Σⱼ Wⱼᵢhⱼ, 1) over the 2ᴴ hidden states, so
/// its means lie in [bᵢ + Σⱼ min(0, Wⱼᵢ), bᵢ + Σⱼ max(0, Wⱼᵢ)]. The integral runs over that range widened by
/// <see cref="GaussianMargin"/> on each side (the mass left out is below 10⁻²³) with the trapezoid rule at a step of at most
/// <see cref="GaussianStep"/>; for a mixture of unit-variance Gaussians that rule's relative error is about
/// 2·e^(−2π²/step²) (10⁻³⁴ at 0.5), so the result is exact to float precision. Cost: V·T·H per row, with T grid points.
/// </remarks>
/// <example>
/// <code>
/// Tensor pll = PseudoLikelihood.Of(rbm, v);     // [N] nats per row, binary or Gaussian units
/// </code>
/// </example>
public static class PseudoLikelihood
{
    /// <summary>How far (in standard deviations of one mixture component) the Gaussian integral extends beyond the components' means.</summary>
    public const double GaussianMargin = 10;

    /// <summary>The largest trapezoid step of the Gaussian integral.</summary>
    public const double GaussianStep = 0.5;

    private const int PixelChunk = 16;

    /// <summary>Σᵢ log p(vᵢ | v₋ᵢ) of rows <paramref name="v"/> [N, V] for the RBM's kind of visible units: [N].</summary>
    public static Tensor Of(RbmParameters rbm, Tensor v)
    {
        ArgumentNullException.ThrowIfNull(rbm);
        return rbm.Units == VisibleUnits.Binary ? Binary(rbm, v) : Gaussian(rbm, v);
    }

    /// <summary>
    /// The exact pseudo-log-likelihood Σᵢ log σ(F(ṽ⁽ⁱ⁾) − F(v)) of binary rows <paramref name="v"/> [N, V]: [N]. Costs V·H per row.
    /// </summary>
    /// <exception cref="InvalidOperationException">The visible units are Gaussian.</exception>
    public static Tensor Binary(RbmParameters rbm, Tensor v)
    {
        ArgumentNullException.ThrowIfNull(rbm);
        if (rbm.Units != VisibleUnits.Binary) throw new InvalidOperationException("RBM: the flip-one-unit pseudo-log-likelihood is for binary visible units; use Gaussian for Gaussian ones.");
        using var _ = Autograd.NoGrad();
        var rows = RbmParameters.Rows(v, rbm.Visible, "visible");
        var weightT = rbm.Weight.T;                                   // [V, H]
        var result = Tensor.Zeros(rows.Shape[0]);
        for (int r = 0; r < rows.Shape[0]; r++)
        {
            var row = rows.Narrow(0, r, 1);                            // [1, V]
            var a = rbm.HiddenInput(row);                              // [1, H]
            var flip = row.Reshape(rbm.Visible, 1).MulScalar(-2f).AddScalar(1f);   // +1 where a pixel turns on, −1 where off
            var flipped = (a + flip * weightT).Softplus().Sum(1);     // Σⱼ softplus of the flipped images' inputs, [V]
            var delta = flip.Reshape(rbm.Visible) * rbm.VisibleBias * -1f - (flipped - a.Softplus().Sum());   // F(ṽ) − F(v)
            result.Data[r] = delta.LogSigmoid().Sum().Item();
        }
        return result;
    }

    /// <summary>
    /// The pseudo-log-likelihood Σᵢ log p(vᵢ | v₋ᵢ) of real-valued rows <paramref name="v"/> [N, V] under an RBM with
    /// unit-variance Gaussian visible units, in nats of the density of the standardised values: [N]. With
    /// gᵢ(t) = −½(t − bᵢ)² + Σⱼ softplus(aⱼ − Wⱼᵢvᵢ + Wⱼᵢt), aⱼ = cⱼ + Wⱼv, each term is gᵢ(vᵢ) − log ∫ e^(gᵢ(t)) dt.
    /// </summary>
    /// <exception cref="InvalidOperationException">The visible units are binary.</exception>
    public static Tensor Gaussian(RbmParameters rbm, Tensor v)
    {
        ArgumentNullException.ThrowIfNull(rbm);
        if (rbm.Units != VisibleUnits.Gaussian) throw new InvalidOperationException("RBM: the integrated pseudo-log-likelihood is for Gaussian visible units; use Binary for binary ones.");
        using var _ = Autograd.NoGrad();
        var rows = RbmParameters.Rows(v, rbm.Visible, "visible");
        int visible = rbm.Visible, hidden = rbm.Hidden;
        var (grid, logStep) = GaussianGrid(rbm);                       // [V, T], [V]
        int points = grid.Shape[1];
        var weightT = rbm.Weight.T;                                    // [V, H]
        // −½(t − bᵢ)² and log of the trapezoid weights (½ at both ends) on every pixel's grid.
        var quadratic = (grid - rbm.VisibleBias.Reshape(visible, 1)).Square() * -0.5f;
        var trapezoid = Tensor.Zeros(points);
        trapezoid.Data[0] = trapezoid.Data[points - 1] = (float)Math.Log(0.5);
        var gridTerms = quadratic + trapezoid + logStep.Reshape(visible, 1);   // [V, T]
        var result = Tensor.Zeros(rows.Shape[0]);
        for (int r = 0; r < rows.Shape[0]; r++)
        {
            var row = rows.Narrow(0, r, 1);                            // [1, V]
            var a = rbm.HiddenInput(row);                              // [1, H]
            var softplusA = a.Softplus();
            double logNormalisers = 0;
            for (int start = 0; start < visible; start += PixelChunk)
            {
                int take = Math.Min(PixelChunk, visible - start);
                var w = weightT.Narrow(0, start, take);                           // [C, H]
                var others = a - w * row.Narrow(1, start, take).Reshape(take, 1);   // aⱼ − Wⱼᵢvᵢ, [C, H]
                var inputs = others.Reshape(take, 1, hidden) + w.Reshape(take, 1, hidden) * grid.Narrow(0, start, take).Reshape(take, points, 1);
                // gᵢ(t) less the observed Σⱼ softplus(aⱼ), which every gᵢ(vᵢ) shares: small terms, summed without cancellation.
                var g = (inputs.Softplus() - softplusA).Sum(2) + gridTerms.Narrow(0, start, take);   // [C, T]
                logNormalisers += g.LogSumExp(1).Sum().Item();
            }
            result.Data[r] = (float)(-0.5 * (row - rbm.VisibleBias).Square().Sum().Item() - logNormalisers);
        }
        return result;
    }

    /// <summary>Every pixel's quadrature grid [V, T] (T common, the step of pixel i at most <see cref="GaussianStep"/>) and the log of its step [V].</summary>
    private static (Tensor Grid, Tensor LogStep) GaussianGrid(RbmParameters rbm)
    {
        int visible = rbm.Visible;
        var weight = rbm.Weight.Data;
        var bias = rbm.VisibleBias.Data;
        var low = new double[visible];
        var high = new double[visible];
        for (int i = 0; i < visible; i++) low[i] = high[i] = bias[i];
        for (int j = 0; j < rbm.Hidden; j++)
            for (int i = 0; i < visible; i++)
            {
                float w = weight[j * visible + i];
                if (w < 0) low[i] += w; else high[i] += w;
            }
        double widest = 0;
        for (int i = 0; i < visible; i++) widest = Math.Max(widest, high[i] - low[i] + 2 * GaussianMargin);
        int points = (int)Math.Ceiling(widest / GaussianStep) + 1;
        var grid = Tensor.Zeros(visible, points);
        var logStep = Tensor.Zeros(visible);
        for (int i = 0; i < visible; i++)
        {
            double from = low[i] - GaussianMargin, step = (high[i] - low[i] + 2 * GaussianMargin) / (points - 1);
            for (int k = 0; k < points; k++) grid.Data[i * points + k] = (float)(from + k * step);
            logStep.Data[i] = (float)Math.Log(step);
        }
        return (grid, logStep);
    }
}
