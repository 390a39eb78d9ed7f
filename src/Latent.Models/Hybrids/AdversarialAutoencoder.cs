using Latent.Data;
using Latent.IO;
using Latent.Models.Common;
using Latent.Models.Gans;
using Latent.NN;
using Latent.Optim;
using Latent.Tensors;
using Latent.Training;

namespace Latent.Models.Hybrids;

/// <summary>
/// An adversarial autoencoder (Makhzani et al., 2016): a deterministic encoder and a decoder trained to reconstruct,
/// while a discriminator on codes tells samples of a <see cref="CodePrior"/> from the encoder's codes and the encoder
/// learns to fool it, so that the aggregated posterior q(z) = E_x q(z | x) comes to match the prior and decoding prior
/// samples gives data.
/// </summary>
/// <remarks>
/// Each <see cref="TrainStep"/> has the paper's two phases on one batch: the reconstruction phase (encoder and decoder,
/// Bernoulli cross-entropy summed over pixels, mean over the batch), then the regularization phase — one discriminator
/// step on prior samples (real) against the detached codes (fake), and one encoder step on the non-saturating loss
/// −log D(E(x)). Three Adam optimizers keep their own state.
/// <para>
/// Semi-supervised priors (<see cref="AaeOptions.Supervised"/>): the discriminator also sees a one-hot vector of
/// K + 1 slots. A labelled example (dataset index below <see cref="AaeOptions.Labelled"/>) sets slot y and its prior
/// sample is drawn from part y; an unlabelled one sets slot K and its prior sample comes from the whole prior. The
/// discriminator then rejects a code outside its label's part, so each class is pulled into its own part.
/// </para>
/// </remarks>
public sealed class AdversarialAutoencoder : TrainableModel, ILatentVariableModel, ISampler
{
    private readonly Adam _autoencoderOptimizer;
    private readonly Adam _discriminatorOptimizer;
    private readonly Adam _generatorOptimizer;
    private readonly int _labelled;
    private int[]? _sampleShape;

    /// <summary>Creates the model.</summary>
    /// <param name="encoder">Maps inputs [B, ...] to codes [B, Prior.Dim].</param>
    /// <param name="decoder">Maps codes to logits shaped like the inputs.</param>
    /// <param name="discriminator">Scores codes; conditioned on Prior.Components + 1 classes when the options are supervised, else unconditioned.</param>
    /// <param name="prior">The prior p(z).</param>
    /// <param name="options">Learning rates and how many examples are labelled.</param>
    /// <param name="rng">The model's random stream (prior samples).</param>
    /// <exception cref="ArgumentException">The discriminator's conditioning does not fit the prior and options.</exception>
    public AdversarialAutoencoder(Module encoder, Module decoder, GanDiscriminator discriminator, CodePrior prior, AaeOptions options, Generator rng)
        : base(rng)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Encoder = encoder ?? throw new ArgumentNullException(nameof(encoder));
        Decoder = decoder ?? throw new ArgumentNullException(nameof(decoder));
        Discriminator = discriminator ?? throw new ArgumentNullException(nameof(discriminator));
        Prior = prior ?? throw new ArgumentNullException(nameof(prior));
        Options = options;
        int expected = ConditionSlots(prior, options);
        if (discriminator.Classes != expected)
            throw new ArgumentException($"AdversarialAutoencoder: the code discriminator is conditioned on {discriminator.Classes} classes, but this prior and --labelled need {expected}.", nameof(discriminator));
        _labelled = options.Labelled ?? int.MaxValue;
        _autoencoderOptimizer = new Adam([.. encoder.Parameters(), .. decoder.Parameters()], options.LearningRate);
        _discriminatorOptimizer = new Adam(discriminator.Parameters(), options.DiscriminatorRate, beta1: 0.5);
        _generatorOptimizer = new Adam(encoder.Parameters(), options.GeneratorRate, beta1: 0.5);
    }

    /// <summary>The number of classes the code discriminator is conditioned on: Components + 1 when supervised, else 0.</summary>
    public static int ConditionSlots(CodePrior prior, AaeOptions options)
    {
        ArgumentNullException.ThrowIfNull(prior);
        ArgumentNullException.ThrowIfNull(options);
        return options.Supervised && prior.Components > 0 ? prior.Components + 1 : 0;
    }

    /// <summary>The encoder E(x).</summary>
    public Module Encoder { get; }

    /// <summary>The decoder (logits).</summary>
    public Module Decoder { get; }

    /// <summary>The discriminator on codes.</summary>
    public GanDiscriminator Discriminator { get; }

    /// <summary>The prior the codes are matched to.</summary>
    public CodePrior Prior { get; }

    /// <summary>The training settings.</summary>
    public AaeOptions Options { get; }

    /// <summary>Held-out images for the reconstruction and interpolation grids of <see cref="WriteSamples"/>; null skips them.</summary>
    public Tensor? Preview { get; set; }

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, Module> Modules => new Dictionary<string, Module>
    {
        ["encoder"] = Encoder,
        ["decoder"] = Decoder,
        ["discriminator"] = Discriminator,
    };

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, Optimizer> Optimizers => new Dictionary<string, Optimizer>
    {
        ["autoencoder"] = _autoencoderOptimizer,
        ["discriminator"] = _discriminatorOptimizer,
        ["generator"] = _generatorOptimizer,
    };

    /// <inheritdoc />
    public int LatentDim => Prior.Dim;

    /// <inheritdoc />
    public Tensor Encode(Tensor x) => Encoder.Forward(x);

    /// <summary>The decoder's pixel probabilities for codes [B, LatentDim].</summary>
    public Tensor Decode(Tensor z) => Decoder.Forward(z).Sigmoid();

    /// <inheritdoc />
    public Tensor Reconstruct(Tensor x) => Decode(Encode(x));

    /// <summary>Bernoulli cross-entropy of the reconstruction of each example, summed over its values [B].</summary>
    public Tensor ReconstructionLoss(Tensor x) => Reconstruction.PerExample(Decoder.Forward(Encoder.Forward(x)), x, Common.ReconstructionLoss.BinaryCrossEntropy);

    /// <summary>
    /// The discriminator's class of each example of a batch: its label when it is labelled and the model is
    /// supervised, K (the "no label" slot) when it is not; null for an unconditioned discriminator.
    /// </summary>
    public int[]? ConditionOf(Batch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (Discriminator.Classes == 0) return null;
        var labels = batch.Labels ?? throw new ArgumentException("AdversarialAutoencoder: a semi-supervised prior needs labelled batches (or pass --labelled 0).");
        int k = Prior.Components;
        var condition = new int[batch.Size];
        for (int i = 0; i < condition.Length; i++)
        {
            bool labelled = batch.Indices[i] < _labelled;
            if (labelled && (labels[i] < 0 || labels[i] >= k))
                throw new ArgumentException($"AdversarialAutoencoder: label {labels[i]} is outside the prior's {k} parts.");
            condition[i] = labelled ? labels[i] : k;
        }
        return condition;
    }

    /// <inheritdoc />
    /// <returns>"loss" (the reconstruction cross-entropy per example), "d_loss", "g_loss", "d_real" and "d_fake" (mean scores).</returns>
    public override IReadOnlyDictionary<string, double> TrainStep(Batch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var x = batch.Inputs;
        var condition = ConditionOf(batch);

        _autoencoderOptimizer.ZeroGrad();
        var reconstruction = ReconstructionLoss(x).Mean();
        reconstruction.Backward();
        _autoencoderOptimizer.Step();

        _discriminatorOptimizer.ZeroGrad();
        Tensor codes;
        using (Autograd.NoGrad()) codes = Encoder.Forward(x);
        var prior = Prior.Sample(condition == null ? Enumerable.Repeat(-1, batch.Size).ToArray() : [.. condition.Select(c => c == Prior.Components ? -1 : c)], Rng);
        var realScores = Discriminator.Score(prior, condition);
        var fakeScores = Discriminator.Score(codes, condition);
        var dLoss = GanLosses.Discriminator(GanLossKind.NonSaturating, realScores, fakeScores);
        dLoss.Backward();
        _discriminatorOptimizer.Step();

        _generatorOptimizer.ZeroGrad();
        var gLoss = GanLosses.Generator(GanLossKind.NonSaturating, Discriminator.Score(Encoder.Forward(x), condition));
        gLoss.Backward();
        _generatorOptimizer.Step();

        return new Dictionary<string, double>
        {
            ["loss"] = reconstruction.Item(),
            ["d_loss"] = dLoss.Item(),
            ["g_loss"] = gLoss.Item(),
            ["d_real"] = realScores.Mean().Item(),
            ["d_fake"] = fakeScores.Mean().Item(),
        };
    }

    /// <summary>
    /// Test metrics: "reconstruction" (cross-entropy per example, nats), "prior_mmd" (<see cref="CodeMatch.Mmd"/> of the
    /// first test codes to as many prior samples) and, for a prior with parts and labelled data, "part_accuracy"
    /// (<see cref="CodeMatch.PartAccuracy"/> of those codes).
    /// </summary>
    public override IReadOnlyDictionary<string, double> Evaluate(DataLoader data)
    {
        ArgumentNullException.ThrowIfNull(data);
        SetTraining(false);
        try
        {
            using var _ = Autograd.NoGrad();
            double reconstruction = 0;
            int count = 0;
            var codes = new List<Tensor>();
            var labels = new List<int>();
            bool labelled = true;
            foreach (var batch in data)
            {
                reconstruction += ReconstructionLoss(batch.Inputs).Sum().Item();
                if (count < CodeMatch.MaxPoints)
                {
                    codes.Add(Encode(batch.Inputs));
                    if (batch.Labels == null) labelled = false; else labels.AddRange(batch.Labels);
                }
                count += batch.Size;
            }
            var all = Tensor.Concat([.. codes], 0);
            var metrics = new Dictionary<string, double>
            {
                ["reconstruction"] = reconstruction / count,
                ["prior_mmd"] = CodeMatch.Mmd(all, Prior.Sample(all.Shape[0], new Generator(4242))),
            };
            if (Prior.Components > 0 && labelled && labels.All(l => l >= 0 && l < Prior.Components))
                metrics["part_accuracy"] = CodeMatch.PartAccuracy(Prior, all, [.. labels], new Generator(4243));
            return metrics;
        }
        finally { SetTraining(true); }
    }

    /// <summary>Decodes <paramref name="count"/> codes drawn from the whole prior: pixel probabilities in [0, 1].</summary>
    public Tensor Sample(int count, Generator gen)
    {
        ArgumentNullException.ThrowIfNull(gen);
        using var _ = Autograd.NoGrad();
        return Decode(Prior.Sample(count, gen));
    }

    /// <summary>Decodes one code drawn from the part of each label (a prior with parts only).</summary>
    /// <exception cref="InvalidOperationException">The prior has no parts.</exception>
    public Tensor SampleParts(int[] parts, Generator gen)
    {
        ArgumentNullException.ThrowIfNull(parts);
        if (Prior.Components == 0) throw new InvalidOperationException("AdversarialAutoencoder: the gaussian prior has no parts to pick.");
        using var _ = Autograd.NoGrad();
        return Decode(Prior.Sample(parts, gen));
    }

    /// <inheritdoc />
    public int[] SampleShape => _sampleShape ??= Decoded(Tensor.Zeros(1, LatentDim)).Shape[1..];

    private Tensor Decoded(Tensor z)
    {
        using var _ = Autograd.NoGrad();
        return Decoder.Forward(z);
    }

    /// <summary>
    /// Writes <c>{prefix}-samples.png</c> (64 decoded prior samples from fixed codes; with parts, one row per part),
    /// and with a <see cref="Preview"/> the reconstruction, interpolation and traversal grids.
    /// </summary>
    public override void WriteSamples(string directory, string prefix)
    {
        SetTraining(false);
        try
        {
            var gen = new Generator(2024);
            var samples = Prior.Components > 0
                ? SampleParts([.. Enumerable.Range(0, Prior.Components * 8).Select(i => i / 8)], gen)
                : Sample(64, gen);
            ImageGrid.Save(samples, SampleFiles.Path(directory, prefix, "samples"), columns: 8);
            if (Preview != null) LatentGrids.SavePreviewGrids(this, Preview, directory, prefix);
        }
        finally { SetTraining(true); }
    }
}
