namespace Latent.Models.Gans;

/// <summary>
/// How a <see cref="GanModel"/> trains: its objective, optimizer settings, the number of discriminator steps per
/// generator step, and the training tricks, each a switch (off by default).
/// </summary>
public sealed record GanOptions
{
    /// <summary>The adversarial objective.</summary>
    public GanLossKind Loss { get; init; } = GanLossKind.NonSaturating;

    /// <summary>k: discriminator steps per generator step (the generator steps on every k-th call of TrainStep).</summary>
    public int DiscriminatorSteps { get; init; } = 1;

    /// <summary>The generator's learning rate.</summary>
    public double GeneratorLr { get; init; } = 2e-4;

    /// <summary>The discriminator's learning rate.</summary>
    public double DiscriminatorLr { get; init; } = 2e-4;

    /// <summary>Adam's β₁ (ignored by RMSProp).</summary>
    public double Beta1 { get; init; } = 0.5;

    /// <summary>Adam's β₂ (ignored by RMSProp).</summary>
    public double Beta2 { get; init; } = 0.999;

    /// <summary>Use RMSProp instead of Adam (the original WGAN's choice).</summary>
    public bool RmsProp { get; init; }

    /// <summary>One-sided label smoothing: real targets become 1 − this (0.1 gives 0.9); fake targets stay 0.</summary>
    public float LabelSmoothing { get; init; }

    /// <summary>Train the generator to match the mean intermediate discriminator features of real data.</summary>
    public bool FeatureMatching { get; init; }

    /// <summary>λ of the WGAN-GP gradient penalty (10 in the paper); 0 is off.</summary>
    public double GradientPenalty { get; init; }

    /// <summary>γ of the R1 penalty γ/2·E‖∇D(x)‖² on real data; 0 is off.</summary>
    public double R1 { get; init; }

    /// <summary>WGAN weight clipping bound c (0.01 in the paper); 0 is off.</summary>
    public double WeightClip { get; init; }

    /// <summary>λ of historical averaging, applied to both players; 0 is off.</summary>
    public double HistoricalAveraging { get; init; }

    /// <summary>Capacity of the replay buffer of past fakes in samples; 0 is off.</summary>
    public int ReplayCapacity { get; init; }

    /// <summary>The share of each fake batch drawn from the replay buffer.</summary>
    public double ReplayFraction { get; init; } = 0.5;

    /// <summary>Every this many steps a snapshot of G and D is taken, and half-way between, one is swapped in; 0 is off.</summary>
    public int SnapshotSwapEvery { get; init; }

    /// <summary>How many steps a swapped-in snapshot stays before the current weights return.</summary>
    public int SnapshotSwapLength { get; init; } = 5;

    /// <summary>Score real and fake samples in separate discriminator passes (true) or in one concatenated batch.</summary>
    public bool SeparateBatches { get; init; } = true;

    /// <summary>k of the unrolled GAN: discriminator steps the generator looks ahead through; 0 is off (needs an MLP discriminator).</summary>
    public int UnrollSteps { get; init; }

    /// <summary>η of the unrolled discriminator updates.</summary>
    public double UnrollLr { get; init; } = 1e-2;

    /// <summary>
    /// The size of the reference batch of a generator with virtual batch normalization: latent codes drawn once when the
    /// model is built and forwarded through the current generator before each of its forward passes.
    /// </summary>
    public int ReferenceBatchSize { get; init; } = 64;

    /// <summary>The real target of the discriminator loss.</summary>
    public float RealTarget => 1f - LabelSmoothing;

    /// <summary>Checks that the settings are consistent.</summary>
    /// <exception cref="ArgumentException">A value is out of range or two settings conflict.</exception>
    public void Validate()
    {
        if (DiscriminatorSteps < 1) throw new ArgumentException($"GanOptions: d-steps must be at least 1, got {DiscriminatorSteps}.");
        if (!(LabelSmoothing >= 0 && LabelSmoothing < 1)) throw new ArgumentException($"GanOptions: label-smoothing must be in [0, 1), got {LabelSmoothing}.");
        if (LabelSmoothing > 0 && !GanLosses.UsesRealTarget(Loss))
            throw new ArgumentException($"GanOptions: label smoothing needs a loss with targets; the {GanLosses.Name(Loss)} loss has none.");
        if (GradientPenalty < 0 || R1 < 0 || WeightClip < 0 || HistoricalAveraging < 0 || ReplayCapacity < 0 || SnapshotSwapEvery < 0 || UnrollSteps < 0)
            throw new ArgumentException("GanOptions: penalties, clipping, replay, snapshot and unroll settings must not be negative.");
        if (ReferenceBatchSize < 2) throw new ArgumentException($"GanOptions: the virtual batch norm reference batch needs at least 2 samples, got {ReferenceBatchSize}.");
        if (!(GeneratorLr > 0) || !(DiscriminatorLr > 0)) throw new ArgumentException("GanOptions: learning rates must be positive.");
        if (SnapshotSwapEvery > 0 && (SnapshotSwapLength < 1 || SnapshotSwapLength >= SnapshotSwapEvery))
            throw new ArgumentException($"GanOptions: snapshot swap length {SnapshotSwapLength} must be at least 1 and below the swap interval {SnapshotSwapEvery}.");
        if (UnrollSteps > 0 && FeatureMatching)
            throw new ArgumentException("GanOptions: unrolled GANs and feature matching are alternative generator objectives; choose one.");
    }
}
