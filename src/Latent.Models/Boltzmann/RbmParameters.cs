using Latent.NN;
using Latent.Tensors;

namespace Latent.Models.Boltzmann;

/// <summary>
/// The parameters and the energy of a restricted Boltzmann machine with binary hidden units h ∈ {0, 1}ᴴ and either
/// binary visible units v ∈ {0, 1}ⱽ, energy E(v, h) = −bᵀv − cᵀh − hᵀWv, or Gaussian visible units of unit variance
/// v ∈ ℝⱽ, energy E(v, h) = ½‖v − b‖² − cᵀh − hᵀWv (<see cref="VisibleUnits"/>); p(v, h) = e^(−E(v, h)) / Z.
/// The state dict holds <c>weight</c> W [H, V] (the layout of a linear layer from visible to hidden),
/// <c>visible_bias</c> b [V], <c>hidden_bias</c> c [H] and the buffer <c>base_rate_logits</c> [V]: the visible logits of
/// the independent "base-rate" model fitted to the data means, where annealed importance sampling starts (for Gaussian
/// units the base model's means N(b_A, I)).
/// Every method works without recording a graph; rows may be given as images [N, ...] of V values.
/// </summary>
/// <example>
/// <code>
/// var rbm = new RbmParameters(visible: 784, hidden: 500, new Generator(0));
/// Tensor f = rbm.FreeEnergy(v);                          // [N]
/// var (vk, pvk) = rbm.Gibbs(v, steps: 1000, gen);        // a long block-Gibbs chain from v
/// </code>
/// </example>
public sealed class RbmParameters : Module
{
    /// <summary>Creates an RBM with Gaussian weights N(0, <paramref name="initStd"/>²), zero biases and base rate.</summary>
    /// <param name="visible">The number of visible units V.</param>
    /// <param name="hidden">The number of hidden units H.</param>
    /// <param name="gen">Draws the initial weights.</param>
    /// <param name="initStd">The standard deviation of the initial weights.</param>
    /// <param name="units">Binary or unit-variance Gaussian visible units.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive or the deviation is negative.</exception>
    public RbmParameters(int visible, int hidden, Generator gen, double initStd = 0.01, VisibleUnits units = VisibleUnits.Binary)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(visible);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(hidden);
        ArgumentNullException.ThrowIfNull(gen);
        ArgumentOutOfRangeException.ThrowIfNegative(initStd);
        Visible = visible;
        Hidden = hidden;
        Units = units;
        Weight = RegisterParameter("weight", Tensor.Randn([hidden, visible], gen, 0f, (float)initStd));
        VisibleBias = RegisterParameter("visible_bias", Tensor.Zeros(visible));
        HiddenBias = RegisterParameter("hidden_bias", Tensor.Zeros(hidden));
        BaseRateLogits = RegisterBuffer("base_rate_logits", Tensor.Zeros(visible));
    }

    /// <summary>The number of visible units V.</summary>
    public int Visible { get; }

    /// <summary>The number of hidden units H.</summary>
    public int Hidden { get; }

    /// <summary>Binary or unit-variance Gaussian visible units.</summary>
    public VisibleUnits Units { get; }

    /// <summary>The weights W [H, V].</summary>
    public Tensor Weight { get; }

    /// <summary>The visible biases b [V].</summary>
    public Tensor VisibleBias { get; }

    /// <summary>The hidden biases c [H].</summary>
    public Tensor HiddenBias { get; }

    /// <summary>The visible logits of the base-rate model (independent pixels with the data's means) [V].</summary>
    public Tensor BaseRateLogits { get; }

    /// <summary>
    /// Sets the visible biases and the base-rate logits to the log-odds log(p / (1 − p)) of the mean
    /// <paramref name="means"/> [V] of the binary training data, as Hinton's practical guide recommends; means are
    /// smoothed by half an example towards ½ (<paramref name="examples"/> is how many they average) so that pixels that are
    /// never on get a finite bias.
    /// </summary>
    /// <exception cref="ArgumentException">The means are not [V] or lie outside [0, 1].</exception>
    public void SetVisibleBiasesFromMeans(Tensor means, int examples)
    {
        ArgumentNullException.ThrowIfNull(means);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(examples);
        if (means.Size != Visible) throw new ArgumentException($"RBM: data means have {means.Size} values, the model has V = {Visible}.", nameof(means));
        if (Units != VisibleUnits.Binary) throw new InvalidOperationException("RBM: log-odds biases are for binary visible units; use SetVisibleMeans for Gaussian ones.");
        using var _ = Autograd.NoGrad();
        var m = means.Reshape(Visible);
        if (m.Lt(0f).Sum().Item() > 0 || m.Gt(1f).Sum().Item() > 0 || m.IsFinite().Sum().Item() < Visible)
            throw new ArgumentException("RBM: data means must lie in [0, 1].", nameof(means));
        var p = (m * examples + 0.25f) / (examples + 0.5f);
        var logits = p.Log() - p.RSub(1f).Log();
        VisibleBias.CopyFrom(logits);
        BaseRateLogits.CopyFrom(logits);
    }

    /// <summary>
    /// Sets the visible biases and the base-rate means of Gaussian visible units to the data means <paramref name="means"/>
    /// [V] (zero for standardised data): the maximum-likelihood independent model N(mean, I).
    /// </summary>
    /// <exception cref="ArgumentException">The means are not [V] or not finite.</exception>
    /// <exception cref="InvalidOperationException">The visible units are binary.</exception>
    public void SetVisibleMeans(Tensor means)
    {
        ArgumentNullException.ThrowIfNull(means);
        if (means.Size != Visible) throw new ArgumentException($"RBM: data means have {means.Size} values, the model has V = {Visible}.", nameof(means));
        if (Units != VisibleUnits.Gaussian) throw new InvalidOperationException("RBM: visible means are for Gaussian visible units; use SetVisibleBiasesFromMeans for binary ones.");
        if (means.HasNonFinite()) throw new ArgumentException("RBM: data means must be finite.", nameof(means));
        using var _ = Autograd.NoGrad();
        VisibleBias.CopyFrom(means.Reshape(Visible));
        BaseRateLogits.CopyFrom(means.Reshape(Visible));
    }

    /// <summary>p(h = 1 | v) for rows of <paramref name="x"/> [N, V].</summary>
    public override Tensor Forward(Tensor x) => HiddenProbabilities(x);

    /// <summary>The hidden pre-activations c + Wv of rows <paramref name="v"/>: [N, H].</summary>
    public Tensor HiddenInput(Tensor v)
    {
        using var _ = Autograd.NoGrad();
        return Rows(v, Visible, "visible").Linear(Weight, HiddenBias);
    }

    /// <summary>The visible pre-activations b + Wᵀh of rows <paramref name="h"/>: [N, V].</summary>
    public Tensor VisibleInput(Tensor h)
    {
        using var _ = Autograd.NoGrad();
        return Rows(h, Hidden, "hidden").MatMul(Weight) + VisibleBias;
    }

    /// <summary>p(hⱼ = 1 | v) = σ(cⱼ + Wⱼv) for rows <paramref name="v"/> [N, V]: [N, H].</summary>
    public Tensor HiddenProbabilities(Tensor v)
    {
        using var _ = Autograd.NoGrad();
        return HiddenInput(v).Sigmoid();
    }

    /// <summary>p(vᵢ = 1 | h) = σ(bᵢ + (Wᵀh)ᵢ) of binary visible units for rows <paramref name="h"/> [N, H]: [N, V].</summary>
    /// <exception cref="InvalidOperationException">The visible units are Gaussian (use <see cref="VisibleMean"/>).</exception>
    public Tensor VisibleProbabilities(Tensor h)
    {
        if (Units != VisibleUnits.Binary) throw new InvalidOperationException("RBM: Gaussian visible units have no probabilities; use VisibleMean.");
        using var _ = Autograd.NoGrad();
        return VisibleInput(h).Sigmoid();
    }

    /// <summary>
    /// E[v | h] for rows <paramref name="h"/> [N, H]: p(v = 1 | h) = σ(b + Wᵀh) for binary units, b + Wᵀh for Gaussian
    /// ones: [N, V].
    /// </summary>
    public Tensor VisibleMean(Tensor h)
    {
        using var _ = Autograd.NoGrad();
        var input = VisibleInput(h);
        return Units == VisibleUnits.Binary ? input.Sigmoid() : input;
    }

    /// <summary>Draws visible states from their conditional mean <paramref name="mean"/> [N, V]: Bernoulli(mean), or mean + N(0, I) for Gaussian units.</summary>
    public Tensor SampleVisibleFromMean(Tensor mean, Generator gen)
    {
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(gen);
        using var _ = Autograd.NoGrad();
        return Units == VisibleUnits.Binary ? Tensor.Bernoulli(mean, gen) : mean + Tensor.Randn(mean.Shape, gen);
    }

    /// <summary>
    /// log Σ_v e^(−E(v, h)) − cᵀh for rows <paramref name="h"/> [N, H]: Σᵢ softplus(bᵢ + (Wᵀh)ᵢ) for binary units,
    /// ½‖b + Wᵀh‖² − ½‖b‖² + (V/2)·log 2π for Gaussian ones (the Gaussian integral over v): [N].
    /// </summary>
    public Tensor VisibleLogSum(Tensor h)
    {
        using var _ = Autograd.NoGrad();
        var input = VisibleInput(h);
        if (Units == VisibleUnits.Binary) return input.Softplus().Sum(1);
        double constant = 0.5 * Visible * Math.Log(2 * Math.PI) - 0.5 * VisibleBias.Square().Sum().Item();
        return input.Square().Sum(1) * 0.5f + (float)constant;
    }

    /// <summary>E(v, h) = −bᵀv − cᵀh − hᵀWv (binary) or ½‖v − b‖² − cᵀh − hᵀWv (Gaussian) for paired rows of <paramref name="v"/> [N, V] and <paramref name="h"/> [N, H]: [N].</summary>
    /// <exception cref="ArgumentException">The shapes do not fit the model or each other.</exception>
    public Tensor Energy(Tensor v, Tensor h)
    {
        using var _ = Autograd.NoGrad();
        var vr = Rows(v, Visible, "visible");
        var hr = Rows(h, Hidden, "hidden");
        if (vr.Shape[0] != hr.Shape[0]) throw new ArgumentException($"RBM: {vr.Shape[0]} visible rows but {hr.Shape[0]} hidden rows.");
        var interaction = (vr.Linear(Weight) * hr).Sum(1);
        return -(hr.MatMul(HiddenBias) + interaction) + VisibleEnergy(vr);
    }

    /// <summary>
    /// The free energy F(v) = −log Σₕ e^(−E(v, h)) = −bᵀv − Σⱼ log(1 + e^(cⱼ + Wⱼv)) of rows <paramref name="v"/> [N, V]
    /// (½‖v − b‖² in place of −bᵀv for Gaussian units): [N]. log p(v) = −F(v) − log Z.
    /// </summary>
    public Tensor FreeEnergy(Tensor v)
    {
        using var _ = Autograd.NoGrad();
        var vr = Rows(v, Visible, "visible");
        return VisibleEnergy(vr) - vr.Linear(Weight, HiddenBias).Softplus().Sum(1);
    }

    /// <summary>The visible part of the energy: −bᵀv (binary) or ½‖v − b‖² (Gaussian), [N].</summary>
    private Tensor VisibleEnergy(Tensor rows)
        => Units == VisibleUnits.Binary ? -rows.MatMul(VisibleBias) : (rows - VisibleBias).Square().Sum(1) * 0.5f;

    /// <summary>Draws h ~ p(h | v) for rows <paramref name="v"/>: [N, H] of 0/1.</summary>
    public Tensor SampleHidden(Tensor v, Generator gen) => Tensor.Bernoulli(HiddenProbabilities(v), gen);

    /// <summary>Draws v ~ p(v | h) for rows <paramref name="h"/>: [N, V] of 0/1, or real values for Gaussian units.</summary>
    public Tensor SampleVisible(Tensor h, Generator gen) => SampleVisibleFromMean(VisibleMean(h), gen);

    /// <summary>
    /// Runs <paramref name="steps"/> steps of block Gibbs sampling (h ~ p(h | v), then v ~ p(v | h)) from the rows of
    /// <paramref name="v"/> [N, V]; returns the last visible sample and the mean E[v | h] it was drawn from (p(v = 1 | h) for binary units).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Fewer than one step.</exception>
    public (Tensor Visible, Tensor Probabilities) Gibbs(Tensor v, int steps, Generator gen)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(steps);
        ArgumentNullException.ThrowIfNull(gen);
        using var _ = Autograd.NoGrad();
        var state = Rows(v, Visible, "visible");
        Tensor probs = state;
        for (int s = 0; s < steps; s++)
        {
            probs = VisibleMean(SampleHidden(state, gen));
            state = SampleVisibleFromMean(probs, gen);
        }
        return (state, probs);
    }

    /// <summary>The rows of <paramref name="x"/> [N, ...] as a matrix [N, width].</summary>
    /// <exception cref="ArgumentException">The rows do not hold <paramref name="width"/> values.</exception>
    internal static Tensor Rows(Tensor x, int width, string what)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Rank == 0 || x.Shape[0] == 0 && x.Size != 0 || x.Shape[0] > 0 && x.Size / x.Shape[0] != width || x.Size % Math.Max(1, width) != 0)
            throw new ArgumentException($"RBM: {what} rows must hold {width} values each, got shape [{string.Join(", ", x.Shape)}].");
        return x.Rank == 2 ? x : x.Reshape(x.Shape[0], width);
    }
}
