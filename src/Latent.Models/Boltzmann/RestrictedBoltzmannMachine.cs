using System.Text.Json.Nodes;
using Latent.Data;
using Latent.Models.Common;
using Latent.NN;
using Latent.Optim;
using Latent.Tensors;
using Latent.Training;

namespace Latent.Models.Boltzmann;

/// <summary>
/// A restricted Boltzmann machine with binary hidden units and binary or Gaussian visible units (<see cref="VisibleUnits"/>),
/// trained by contrastive divergence (CD-k, Hinton 2002) or persistent
/// contrastive divergence (PCD, Tieleman 2008), with the momentum and weight decay of Hinton's practical guide (2010).
/// It has no loss to differentiate: <see cref="TrainStep"/> computes the log-likelihood gradient's data term
/// ⟨v hᵀ⟩_data − ⟨v hᵀ⟩_model from Gibbs chains with the engine's tensor ops and hands it to SGD.
/// </summary>
/// <remarks>
/// Binary units see the binarized pixels; Gaussian ones (unit variance, Hinton's guide §13.2) see the pixels
/// standardised by <see cref="Standardization"/>, and their log-likelihood is a density of the pixels in [0, 1].
/// The "loss" of a step is the reconstruction error Σᵢ (vᵢ − E[vᵢ | h])² per image with h ~ p(h | v) (the monitor of the
/// guide, not the objective). <see cref="Evaluate"/> reports on held-out data the reconstruction error, the exact
/// pseudo-log-likelihood Σᵢ log p(vᵢ | v₋ᵢ) of the first <see cref="PseudoLikelihoodImages"/> images (<see cref="GaussianPseudoLikelihoodImages"/>
/// for Gaussian units, whose conditionals are integrated numerically), the mean free
/// energy, and the gap between it and the free energy of <see cref="MonitorTrain"/> (growing when the model overfits);
/// after the last update, when <see cref="AisTemperatures"/> is set, the AIS estimate of log Z and the test
/// log-likelihood −F(v) − log Ẑ. Persistent chains are saved in checkpoints, so PCD resumes bit-exactly.
/// </remarks>
/// <example>
/// <code>
/// var rbm = new RestrictedBoltzmannMachine([1, 28, 28], new RbmOptions { Hidden = 500, CdK = 1 }, dataMeans, 60000, new Generator(0), new Generator(2));
/// foreach (var batch in loader) rbm.TrainStep(batch);
/// Tensor samples = rbm.Sample(64, new Generator(7));          // [64, 1, 28, 28] in [0, 1] after 1,000 Gibbs steps
/// </code>
/// </example>
public sealed class RestrictedBoltzmannMachine : TrainableModel, ISampler, IEstimatedLikelihoodModel
{
    /// <summary>Held-out images whose pseudo-log-likelihood <see cref="Evaluate"/> computes exactly (binary units).</summary>
    public const int PseudoLikelihoodImages = 200;

    /// <summary>Held-out images whose pseudo-log-likelihood <see cref="Evaluate"/> computes for Gaussian units (each costs a quadrature per pixel).</summary>
    public const int GaussianPseudoLikelihoodImages = 50;

    private readonly int[] _sampleShape;
    private readonly Sgd _optimizer;
    private Tensor? _chains;
    private long _updates;
    private (long Fingerprint, AisEstimate Estimate)? _aisCache;

    /// <summary>Creates an RBM for examples of shape <paramref name="sampleShape"/>.</summary>
    /// <param name="sampleShape">The shape of one example, e.g. [1, 28, 28]; V is its size.</param>
    /// <param name="options">Hidden size, CD-k or PCD, learning rate, momentum, weight decay, binarization.</param>
    /// <param name="dataMeans">The mean [V] of the training data's visible states, binarized or standardised (visible biases and base rate); null leaves them at zero.</param>
    /// <param name="examples">How many examples <paramref name="dataMeans"/> averages.</param>
    /// <param name="init">Draws the initial weights.</param>
    /// <param name="rng">The model's stream: binarization, Gibbs sampling, the persistent chains' start.</param>
    /// <param name="standardization">For Gaussian visible units, the pixels' μ and σ (null: the identity, data already standardised); ignored for binary units.</param>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public RestrictedBoltzmannMachine(int[] sampleShape, RbmOptions options, Tensor? dataMeans, int examples, Generator init, Generator rng,
        PixelStandardization? standardization = null)
        : base(rng)
    {
        ArgumentNullException.ThrowIfNull(sampleShape);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(init);
        options.Validate();
        if (sampleShape.Length == 0 || sampleShape.Any(d => d <= 0))
            throw new ArgumentException($"RBM: the sample shape must have positive sizes, got [{string.Join(", ", sampleShape)}].", nameof(sampleShape));
        _sampleShape = [.. sampleShape];
        Options = options;
        int visible = sampleShape.Aggregate(1, (a, b) => a * b);
        Parameters = new RbmParameters(visible, options.Hidden, init, options.InitStd, options.Visible);
        var modules = new Dictionary<string, Module> { ["rbm"] = Parameters };
        if (options.Visible == VisibleUnits.Gaussian)
        {
            if (standardization != null && standardization.Size != visible)
                throw new ArgumentException($"RBM: the standardisation holds {standardization.Size} values, the examples {visible}.", nameof(standardization));
            Standardization = standardization ?? new PixelStandardization(visible);
            modules["standardization"] = Standardization;
            if (dataMeans != null) Parameters.SetVisibleMeans(dataMeans);
        }
        else if (dataMeans != null) Parameters.SetVisibleBiasesFromMeans(dataMeans, examples);
        _optimizer = ContrastiveDivergence.Optimizer(Parameters, options.LearningRate, options.Momentum, options.WeightDecay);
        Modules = modules;
        Optimizers = new Dictionary<string, Optimizer> { ["sgd"] = _optimizer };
    }

    /// <summary>The options the model was built with.</summary>
    public RbmOptions Options { get; }

    /// <summary>The weights, biases and energy functions.</summary>
    public RbmParameters Parameters { get; }

    /// <summary>The pixels' μ and σ that Gaussian visible units see standardised; null for binary units.</summary>
    public PixelStandardization? Standardization { get; }

    /// <summary>The persistent chains' visible states [chains, V] (null before the first PCD update, or with CD-k).</summary>
    public Tensor? Chains => _chains;

    /// <summary>Parameter updates taken so far.</summary>
    public long Updates => _updates;

    /// <summary>Held-out images shown by <see cref="WriteSamples"/> beside their reconstructions.</summary>
    public Tensor? Preview { get; set; }

    /// <summary>Training images whose mean free energy <see cref="Evaluate"/> compares with the held-out one.</summary>
    public Tensor? MonitorTrain { get; set; }

    /// <summary>The run's last update: after it <see cref="Evaluate"/> runs AIS, and there <see cref="RbmOptions.LrDecay"/> reaches 0; null: neither.</summary>
    public long? FinalUpdate { get; set; }

    /// <summary>AIS inverse temperatures after the last update (0: none), from <see cref="RbmOptions.AisTemperatures"/>.</summary>
    public int AisTemperatures => Options.AisTemperatures;

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, Module> Modules { get; }

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, Optimizer> Optimizers { get; }

    /// <inheritdoc />
    public int[] SampleShape => [.. _sampleShape];

    /// <summary>
    /// <see cref="LikelihoodKind.Exact"/> when the hidden layer is small enough to enumerate
    /// (<see cref="RbmPartition.MaxHidden"/> units), otherwise <see cref="LikelihoodKind.Estimate"/> (log Z by AIS).
    /// </summary>
    public LikelihoodKind Kind => Parameters.Hidden <= RbmPartition.MaxHidden ? LikelihoodKind.Exact : LikelihoodKind.Estimate;

    /// <summary>
    /// The ±3σ̂ interval of the AIS estimate of log Z behind the last <see cref="LogLikelihood"/>, as offsets to the
    /// log-likelihood (a larger log Z lowers every example's log p(v) by the same amount); null when log Z is exact or
    /// has not been estimated for the current parameters.
    /// </summary>
    public LikelihoodInterval? EstimateInterval
    {
        get
        {
            if (Kind == LikelihoodKind.Exact || _aisCache is not { } cached || cached.Fingerprint != Fingerprint()) return null;
            var e = cached.Estimate;
            return new LikelihoodInterval(e.LogZ - e.LogZHigh, e.LogZ - e.LogZLow,
                $"AIS log Z ± 3σ̂ ({e.Runs} runs, {e.Temperatures} inverse temperatures; log Z = {e.LogZ:F2}, log-weight sd {e.LogWeightStd:F2})");
        }
    }

    /// <summary>
    /// One CD-k or PCD update on <paramref name="batch"/>: binarize (or standardise), positive statistics from p(h | v_data), negative
    /// statistics from the end of k Gibbs steps (started from the data, or from the persistent chains), then SGD with
    /// momentum and weight decay (with <see cref="RbmOptions.LrDecay"/> at a learning rate falling linearly to 0 at
    /// <see cref="FinalUpdate"/>). Returns "loss" (the reconstruction error per image).
    /// </summary>
    public override IReadOnlyDictionary<string, double> TrainStep(Batch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        using var _ = Autograd.NoGrad();
        var p = Parameters;
        var v0 = ToVisible(batch.Inputs, Rng);
        if (Options.Persistent)
        {
            var baseMean = p.Units == VisibleUnits.Binary ? p.BaseRateLogits.Sigmoid() : p.BaseRateLogits;
            _chains ??= p.SampleVisibleFromMean(baseMean.Expand(Options.Chains ?? v0.Shape[0], p.Visible), Rng);
        }
        if (Options.LrDecay) DecayLearningRate();
        var (error, negative) = ContrastiveDivergence.Update(p, _optimizer, v0, Options.CdK, Options.Persistent ? _chains : null, Rng);
        if (Options.Persistent) _chains = negative;
        _updates++;
        return new Dictionary<string, double> { ["loss"] = error };
    }

    /// <summary>Sets the learning rate of the coming update to lr·(1 − u/T), u updates taken of the run's T (<see cref="FinalUpdate"/>).</summary>
    /// <exception cref="InvalidOperationException"><see cref="FinalUpdate"/> is not set.</exception>
    private void DecayLearningRate()
    {
        if (FinalUpdate is not long last || last <= 0)
            throw new InvalidOperationException("RBM: --lr-decay needs the run's number of updates (FinalUpdate), which is not set.");
        double lr = Options.LearningRate * Math.Max(0, 1 - _updates / (double)last);
        foreach (var group in _optimizer.ParamGroups) group.Lr = lr;
    }

    /// <summary>
    /// The visible states of images <paramref name="x"/> [N, ...] in [0, 1] as rows [N, V]: binarized
    /// (<see cref="Binarize"/>) for binary units, standardised by <see cref="Standardization"/> for Gaussian ones.
    /// </summary>
    /// <exception cref="ArgumentException">A value lies outside [0, 1] or is not finite.</exception>
    public Tensor ToVisible(Tensor x, Generator gen)
    {
        var rows = RbmParameters.Rows(x, Parameters.Visible, "visible");
        if (Standardization == null) return Binarize(rows, gen);
        CheckRange(rows);
        return Standardization.Forward(rows);
    }

    /// <summary>Visible states [N, V] shown as images [N, ...] in [0, 1]: binary states as they are, Gaussian ones mapped back to pixels and clipped.</summary>
    public Tensor ToImages(Tensor v)
    {
        ArgumentNullException.ThrowIfNull(v);
        using var _ = Autograd.NoGrad();
        var pixels = Standardization == null ? v : Standardization.Inverse(v).Clamp(0f, 1f);
        return pixels.Reshape([v.Shape[0], .. _sampleShape]);
    }

    /// <summary>Binary visible states of images in [0, 1]: thresholded, or drawn from <paramref name="gen"/>, as the options say.</summary>
    /// <exception cref="ArgumentException">A value lies outside [0, 1] or is NaN.</exception>
    public Tensor Binarize(Tensor x, Generator gen)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(gen);
        using var _ = Autograd.NoGrad();
        return Options.Binarize == Binarization.Sampled ? Tensor.Bernoulli(x, gen) : CheckedThreshold(x);
    }

    private Tensor CheckedThreshold(Tensor x)
    {
        CheckRange(x);
        return x.Gt((float)Options.Threshold);
    }

    private static void CheckRange(Tensor x)
    {
        // A NaN or infinity makes the sum non-finite; three reductions, no temporaries of the batch's size.
        if (!float.IsFinite(x.Sum().Item()) || x.Min().Item() < 0f || x.Max().Item() > 1f)
            throw new ArgumentException("RBM: inputs must lie in [0, 1] (images scaled to [0, 1]).", nameof(x));
    }

    /// <summary>
    /// Held-out monitors: "reconstruction_error" (per image, h drawn with a fixed seed), "free_energy" (mean F),
    /// "free_energy_train" and "free_energy_gap" (held-out minus training mean, when <see cref="MonitorTrain"/> is set),
    /// "pseudo_log_likelihood" (nats per image of the first <see cref="PseudoLikelihoodImages"/> images; for Gaussian units of the first
    /// <see cref="GaussianPseudoLikelihoodImages"/>, as a density of the pixels: the standardised one less Σᵢ log σᵢ); after the
    /// final update with AIS enabled also "ais_log_z", "ais_log_z_high", "ais_log_z_low" (when finite) and
    /// "ais_log_likelihood" (nats per image) and "ais_log_weight_std" (the spread of the runs' log weights).
    /// </summary>
    public override IReadOnlyDictionary<string, double> Evaluate(DataLoader data)
    {
        ArgumentNullException.ThrowIfNull(data);
        using var _ = Autograd.NoGrad();
        var p = Parameters;
        var gen = new Generator(17);
        double error = 0, free = 0, pll = 0;
        int count = 0, pllCount = 0;
        foreach (var batch in data)
        {
            var v = ToVisible(batch.Inputs, gen);
            var h = Tensor.Bernoulli(p.HiddenProbabilities(v), gen);
            error += (v - p.VisibleMean(h)).Square().Sum().Item();
            free += p.FreeEnergy(v).Sum().Item();
            count += v.Shape[0];
            int pllImages = p.Units == VisibleUnits.Binary ? PseudoLikelihoodImages : GaussianPseudoLikelihoodImages;
            int take = Math.Min(pllImages - pllCount, v.Shape[0]);
            if (take > 0)
            {
                pll += PseudoLogLikelihood(v.Narrow(0, 0, take)).Sum().Item();
                pllCount += take;
            }
        }
        if (count == 0) return new Dictionary<string, double>();
        var metrics = new Dictionary<string, double> { ["reconstruction_error"] = error / count };
        if (pllCount > 0) metrics["pseudo_log_likelihood"] = pll / pllCount - (Standardization?.LogScale() ?? 0);
        metrics["free_energy"] = free / count;
        if (MonitorTrain is { } train)
        {
            double trainFree = MeanFreeEnergy(train, gen);
            metrics["free_energy_train"] = trainFree;
            metrics["free_energy_gap"] = free / count - trainFree;
        }
        if (AisTemperatures > 0 && FinalUpdate is long last && _updates >= last)
        {
            var ais = EstimateLogPartition(AisSchedule.Standard(AisTemperatures), Options.AisRuns, new Generator((ulong)Options.Seed * 7919UL + 5));
            metrics["ais_log_z"] = ais.LogZ;
            metrics["ais_log_z_high"] = ais.LogZHigh;
            if (double.IsFinite(ais.LogZLow)) metrics["ais_log_z_low"] = ais.LogZLow;
            metrics["ais_log_weight_std"] = ais.LogWeightStd;
            metrics["ais_log_likelihood"] = -free / count - ais.LogZ;
        }
        return metrics;
    }

    /// <summary>The mean free energy of rows <paramref name="x"/> in [0, 1] after binarization (or standardisation).</summary>
    public double MeanFreeEnergy(Tensor x, Generator gen)
    {
        ArgumentNullException.ThrowIfNull(x);
        using var _ = Autograd.NoGrad();
        var rows = RbmParameters.Rows(x, Parameters.Visible, "visible");
        double sum = 0;
        for (int start = 0; start < rows.Shape[0]; start += 1000)
        {
            int take = Math.Min(1000, rows.Shape[0] - start);
            sum += Parameters.FreeEnergy(ToVisible(rows.Narrow(0, start, take), gen)).Sum().Item();
        }
        return sum / rows.Shape[0];
    }

    /// <summary>
    /// The pseudo-log-likelihood Σᵢ log p(vᵢ | v₋ᵢ) of visible rows <paramref name="v"/> [N, V] (<see cref="PseudoLikelihood"/>):
    /// exact from flipped free energies for binary units; for Gaussian ones the density of the standardised values, each
    /// conditional normalised by a one-dimensional integral: [N].
    /// </summary>
    public Tensor PseudoLogLikelihood(Tensor v) => PseudoLikelihood.Of(Parameters, v);

    /// <summary>log Z by AIS from the base-rate model; cached while the parameters do not change.</summary>
    public AisEstimate EstimateLogPartition(AisSchedule schedule, int runs, Generator gen)
        => AnnealedImportanceSampling.Estimate(Parameters, schedule, runs, gen);

    /// <summary>
    /// log p(v) = −F(v) − log Z in nats for each image of <paramref name="x"/> (binarized as in training: thresholded, or
    /// drawn from <paramref name="gen"/>; for Gaussian units the density of the pixels, −F(v) − log Z − Σᵢ log σᵢ). log Z is exact when the hidden layer can be enumerated, otherwise an AIS
    /// estimate (Salakhutdinov &amp; Murray's schedule with <see cref="RbmOptions.AisTemperatures"/> steps, 14,500 when
    /// unset, and <see cref="RbmOptions.AisRuns"/> runs drawn from <paramref name="gen"/>), reused until the parameters change.
    /// </summary>
    public Tensor LogLikelihood(Tensor x, Generator gen)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(gen);
        using var _ = Autograd.NoGrad();
        var v = ToVisible(x, gen);
        double logZ = LogPartition(gen) + (Standardization?.LogScale() ?? 0);
        return (Parameters.FreeEnergy(v) + (float)logZ).Neg();
    }

    private double LogPartition(Generator gen)
    {
        if (Parameters.Hidden <= RbmPartition.MaxHidden) return RbmPartition.LogZ(Parameters);
        long fingerprint = Fingerprint();
        if (_aisCache is { } cached && cached.Fingerprint == fingerprint) return cached.Estimate.LogZ;
        var estimate = EstimateLogPartition(AisSchedule.Standard(AisTemperatures > 0 ? AisTemperatures : 14500), Options.AisRuns, gen);
        _aisCache = (fingerprint, estimate);
        return estimate.LogZ;
    }

    private long Fingerprint()
    {
        ulong hash = 14695981039346656037UL;
        foreach (var t in Parameters.Parameters().Concat(Parameters.Buffers()))
            foreach (float f in t.Data) hash = (hash ^ (uint)BitConverter.SingleToInt32Bits(f)) * 1099511628211UL;
        return (long)hash;
    }

    /// <summary>
    /// <paramref name="count"/> samples in [0, 1]: chains started from noise (uniform bits, or N(0, I) for Gaussian units)
    /// run <see cref="RbmOptions.SampleSteps"/> block-Gibbs steps; each sample is the last E[v | h] (the mean of the final
    /// visible draw), for Gaussian units mapped back to pixels and clipped to [0, 1].
    /// </summary>
    public Tensor Sample(int count, Generator gen)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        ArgumentNullException.ThrowIfNull(gen);
        using var _ = Autograd.NoGrad();
        var start = Parameters.Units == VisibleUnits.Binary
            ? Tensor.Bernoulli(0.5f, [count, Parameters.Visible], gen)
            : Tensor.Randn([count, Parameters.Visible], gen);
        return ToImages(Parameters.Gibbs(start, Options.SampleSteps, gen).Probabilities);
    }

    /// <summary>
    /// Writes <c>{prefix}-samples.png</c> (64 chains from noise, fixed seed), <c>{prefix}-filters.png</c> (the first 100
    /// hidden units' weights, each scaled to its own range), <c>{prefix}-reconstructions.png</c> (binarized preview
    /// images above p(v | h)) and, with PCD, <c>{prefix}-pcd-chains.png</c> (the persistent chains' states). Only for
    /// image-shaped examples.
    /// </summary>
    public override void WriteSamples(string directory, string prefix)
    {
        if (_sampleShape.Length != 3) return;
        using var _ = Autograd.NoGrad();
        var p = Parameters;
        IO.ImageGrid.Save(Sample(64, new Generator(7)), SampleFiles.Path(directory, prefix, "samples"), columns: 8);
        IO.ImageGrid.Save(FilterImages.Of(p, 100, _sampleShape), SampleFiles.Path(directory, prefix, "filters"), columns: 10);
        if (Preview != null)
        {
            var gen = new Generator(11);
            var v = ToVisible(Preview.Narrow(0, 0, Math.Min(16, Preview.Shape[0])), gen);
            var recon = p.VisibleMean(p.SampleHidden(v, gen));
            IO.ImageGrid.Save(ToImages(Tensor.Concat([v, recon], 0)), SampleFiles.Path(directory, prefix, "reconstructions"), columns: v.Shape[0]);
        }
        if (_chains != null)
        {
            var shown = _chains.Narrow(0, 0, Math.Min(64, _chains.Shape[0]));
            IO.ImageGrid.Save(ToImages(shown), SampleFiles.Path(directory, prefix, "pcd-chains"), columns: 8);
        }
    }

    /// <summary>Saves the persistent chains ("rbm_chains") and the update count.</summary>
    public override void SaveExtraState(IDictionary<string, Tensor> tensors, JsonObject state)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        ArgumentNullException.ThrowIfNull(state);
        state["rbm_updates"] = _updates;
        if (_chains != null) tensors["rbm_chains"] = _chains;
    }

    /// <summary>Restores what <see cref="SaveExtraState"/> wrote.</summary>
    /// <exception cref="InvalidDataException">The saved chains do not have V columns.</exception>
    public override void LoadExtraState(IReadOnlyDictionary<string, Tensor> tensors, JsonObject state)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        ArgumentNullException.ThrowIfNull(state);
        _updates = state["rbm_updates"]?.GetValue<long>() ?? 0;
        _aisCache = null;
        _chains = null;
        if (!tensors.TryGetValue("rbm_chains", out var chains)) return;
        if (chains.Rank != 2 || chains.Shape[1] != Parameters.Visible)
            throw new InvalidDataException($"RBM checkpoint: persistent chains of shape [{string.Join(", ", chains.Shape)}], expected [chains, {Parameters.Visible}].");
        _chains = chains.Clone();
    }
}
