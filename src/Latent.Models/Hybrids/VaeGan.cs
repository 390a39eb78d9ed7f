using Latent.Data;
using Latent.IO;
using Latent.Models.Common;
using Latent.Models.Gans;
using Latent.Models.Vae;
using Latent.Optim;
using Latent.NN;
using Latent.Tensors;
using Latent.Training;

namespace Latent.Models.Hybrids;

/// <summary>
/// A VAE-GAN (Larsen et al., 2016): a VAE whose decoder is also a GAN's generator, with the reconstruction measured in
/// the discriminator's feature space instead of pixels, so that what counts as "close" is learned rather than fixed.
/// </summary>
/// <remarks>
/// On a batch x (mapped to [−1, 1]) with z ~ q(z | x), x̃ = Dec(z) and x_p = Dec(z_p), z_p ~ N(0, I), and the
/// discriminator's features Dis_l (the layer before its last):
/// <list type="bullet">
/// <item>L_prior = KL(q(z | x) ‖ N(0, I)), per example;</item>
/// <item>L_llike = ½‖Dis_l(x̃) − Dis_l(x)‖², per example: −log N(Dis_l(x) | Dis_l(x̃), I) up to a constant;</item>
/// <item>L_GAN = log D(x) + log(1 − D(x̃)) + log(1 − D(x_p)), reconstructions and prior samples both counted as fakes.</item>
/// </list>
/// The three networks are updated at once from the same forward pass, each on its own loss (Larsen et al., Alg. 1):
/// the encoder on L_prior + L_llike, the decoder on γ·L_llike plus its non-saturating GAN loss
/// −log D(x̃) − log D(x_p), the discriminator on −L_GAN. Each gets its gradients by <c>Autograd.Grad</c>
/// with respect to its own parameters only, so no loss leaks into another network. All terms are batch means.
/// </remarks>
public sealed class VaeGan : TrainableModel, ISampler, ILatentVariableModel
{
    private readonly Adam _encoderOptimizer;
    private readonly Adam _decoderOptimizer;
    private readonly Adam _discriminatorOptimizer;
    private readonly Tensor[] _encoderParameters;
    private readonly Tensor[] _decoderParameters;
    private readonly Tensor[] _discriminatorParameters;

    /// <summary>Creates the model.</summary>
    /// <param name="encoder">q(z | x) on images in [−1, 1].</param>
    /// <param name="decoder">The decoder and generator: codes to images in [−1, 1].</param>
    /// <param name="discriminator">An unconditioned discriminator whose <see cref="GanDiscriminator.Features"/> are Dis_l.</param>
    /// <param name="options">γ, code size and learning rates.</param>
    /// <param name="rng">The model's random stream (reparameterization and prior codes).</param>
    /// <exception cref="ArgumentException">The networks do not fit together.</exception>
    public VaeGan(GaussianEncoder encoder, GanGenerator decoder, GanDiscriminator discriminator, VaeGanOptions options, Generator rng) : base(rng)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Encoder = encoder ?? throw new ArgumentNullException(nameof(encoder));
        Decoder = decoder ?? throw new ArgumentNullException(nameof(decoder));
        Discriminator = discriminator ?? throw new ArgumentNullException(nameof(discriminator));
        if (decoder.LatentDim != encoder.LatentDim)
            throw new ArgumentException($"VaeGan: the encoder's codes have {encoder.LatentDim} values but the decoder takes {decoder.LatentDim}.", nameof(decoder));
        if (decoder.Classes != 0 || discriminator.Classes != 0)
            throw new ArgumentException("VaeGan: the decoder and discriminator must not be class-conditioned.");
        Options = options;
        _encoderParameters = [.. encoder.Parameters()];
        _decoderParameters = [.. decoder.Parameters()];
        _discriminatorParameters = [.. discriminator.Parameters()];
        _encoderOptimizer = new Adam(_encoderParameters, options.LearningRate, beta1: 0.5);
        _decoderOptimizer = new Adam(_decoderParameters, options.LearningRate, beta1: 0.5);
        _discriminatorOptimizer = new Adam(_discriminatorParameters, options.DiscriminatorLearningRate, beta1: 0.5);
    }

    /// <summary>q(z | x).</summary>
    public GaussianEncoder Encoder { get; }

    /// <summary>The decoder (the GAN's generator).</summary>
    public GanGenerator Decoder { get; }

    /// <summary>The discriminator.</summary>
    public GanDiscriminator Discriminator { get; }

    /// <summary>The training settings.</summary>
    public VaeGanOptions Options { get; }

    /// <summary>Held-out images for the reconstruction, interpolation and traversal grids; null skips them.</summary>
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
        ["encoder"] = _encoderOptimizer,
        ["decoder"] = _decoderOptimizer,
        ["discriminator"] = _discriminatorOptimizer,
    };

    /// <inheritdoc />
    public int LatentDim => Encoder.LatentDim;

    /// <inheritdoc />
    public int[] SampleShape => Decoder.SampleShape;

    /// <summary>The posterior mean μ(x) of images <paramref name="x"/> in [0, 1].</summary>
    public Tensor Encode(Tensor x) => Encoder.Forward(ToModelRange(x));

    /// <summary>The decoder's images for codes <paramref name="z"/>, in [0, 1].</summary>
    public Tensor Decode(Tensor z) => ToDataRange(Decoder.Generate(z));

    /// <inheritdoc />
    public Tensor Reconstruct(Tensor x) => Decode(Encode(x));

    /// <summary>Decodes <paramref name="count"/> codes z ~ N(0, I): images in [0, 1].</summary>
    public Tensor Sample(int count, Generator gen)
    {
        ArgumentNullException.ThrowIfNull(gen);
        using var _ = Autograd.NoGrad();
        return Decode(Tensor.Randn([count, LatentDim], gen));
    }

    /// <summary>The losses of the three networks on images <paramref name="x"/> in [0, 1], from one forward pass.</summary>
    /// <param name="x">Images [B, C, H, W] in [0, 1].</param>
    /// <param name="gen">Draws the reparameterization noise and the prior codes.</param>
    public VaeGanLosses ComputeLosses(Tensor x, Generator gen)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(gen);
        var real = ToModelRange(x);
        int n = real.Shape[0];
        var (mean, logVar) = Encoder.Encode(real);
        var (z, _) = GaussianMath.Reparameterize(mean, logVar, gen);
        var reconstruction = Decoder.Generate(z);
        var prior = Decoder.Generate(Tensor.Randn([n, LatentDim], gen));
        var features = Discriminator.Features(Tensor.Concat([real, reconstruction, prior], 0));
        var scores = Discriminator.Head(features);
        var (realScores, reconstructionScores, priorScores) = (scores.Narrow(0, 0, n), scores.Narrow(0, n, n), scores.Narrow(0, 2 * n, n));
        var difference = (features.Narrow(0, n, n) - features.Narrow(0, 0, n).Detach()).Reshape(n, -1);
        var llike = (difference.Square().Sum([1]) * 0.5f).Mean();
        var kl = GaussianMath.KlToStandardNormal(mean, logVar).Mean();
        var generator = GanLosses.Generator(GanLossKind.NonSaturating, reconstructionScores) + GanLosses.Generator(GanLossKind.NonSaturating, priorScores);
        var discriminator = NN.Losses.BinaryCrossEntropyWithLogits(realScores, Tensor.OnesLike(realScores))
            + NN.Losses.BinaryCrossEntropyWithLogits(reconstructionScores, Tensor.ZerosLike(reconstructionScores))
            + NN.Losses.BinaryCrossEntropyWithLogits(priorScores, Tensor.ZerosLike(priorScores));
        return new VaeGanLosses(kl + llike, llike * (float)Options.Gamma + generator, discriminator, kl, llike, generator,
            realScores.Sigmoid().Mean(), priorScores.Sigmoid().Mean());
    }

    /// <inheritdoc />
    /// <returns>"loss" (the encoder's L_prior + L_llike), "kl", "feature_reconstruction", "g_loss", "d_loss", "d_real" and "d_prior" (mean D of real images and of prior samples).</returns>
    public override IReadOnlyDictionary<string, double> TrainStep(Batch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var losses = ComputeLosses(batch.Inputs, Rng);
        var encoderGrads = Autograd.Grad([losses.Encoder], _encoderParameters, retainGraph: true);
        var decoderGrads = Autograd.Grad([losses.Decoder], _decoderParameters, retainGraph: true);
        var discriminatorGrads = Autograd.Grad([losses.Discriminator], _discriminatorParameters);
        Apply(_encoderOptimizer, _encoderParameters, encoderGrads);
        Apply(_decoderOptimizer, _decoderParameters, decoderGrads);
        Apply(_discriminatorOptimizer, _discriminatorParameters, discriminatorGrads);
        return new Dictionary<string, double>
        {
            ["loss"] = losses.Encoder.Item(),
            ["kl"] = losses.Kl.Item(),
            ["feature_reconstruction"] = losses.FeatureReconstruction.Item(),
            ["g_loss"] = losses.GeneratorAdversarial.Item(),
            ["d_loss"] = losses.Discriminator.Item(),
            ["d_real"] = losses.RealProbability.Item(),
            ["d_prior"] = losses.PriorProbability.Item(),
        };
    }

    private static void Apply(Optimizer optimizer, Tensor[] parameters, Tensor?[] grads)
    {
        for (int i = 0; i < parameters.Length; i++) parameters[i].Grad = grads[i];
        optimizer.Step();
    }

    /// <summary>Test metrics: "pixel_mse" (mean squared error per pixel of the reconstructions from posterior means, images in [0, 1]) and "kl" (per example).</summary>
    public override IReadOnlyDictionary<string, double> Evaluate(DataLoader data)
    {
        ArgumentNullException.ThrowIfNull(data);
        SetTraining(false);
        try
        {
            using var _ = Autograd.NoGrad();
            double squared = 0, kl = 0;
            long values = 0;
            int count = 0;
            foreach (var batch in data)
            {
                var (mean, logVar) = Encoder.Encode(ToModelRange(batch.Inputs));
                squared += (Decode(mean) - batch.Inputs).Square().Sum().Item();
                kl += GaussianMath.KlToStandardNormal(mean, logVar).Sum().Item();
                values += batch.Inputs.Size;
                count += batch.Size;
            }
            return new Dictionary<string, double> { ["pixel_mse"] = squared / values, ["kl"] = kl / count };
        }
        finally { SetTraining(true); }
    }

    /// <summary>Writes <c>{prefix}-samples.png</c> (64 decoded prior codes, fixed across calls) and, with a <see cref="Preview"/>, the reconstruction, interpolation and traversal grids.</summary>
    public override void WriteSamples(string directory, string prefix)
    {
        SetTraining(false);
        try
        {
            ImageGrid.Save(Sample(64, new Generator(2024)), SampleFiles.Path(directory, prefix, "samples"), columns: 8);
            if (Preview != null) LatentGrids.SavePreviewGrids(this, Preview, directory, prefix);
        }
        finally { SetTraining(true); }
    }

    private static Tensor ToModelRange(Tensor x) => x * 2f - 1f;

    private static Tensor ToDataRange(Tensor y) => ((y + 1f) * 0.5f).Clamp(0f, 1f);
}

/// <summary>The losses of one VAE-GAN step (batch means), each network's first.</summary>
/// <param name="Encoder">L_prior + L_llike.</param>
/// <param name="Decoder">γ·L_llike plus the non-saturating GAN loss of reconstructions and prior samples.</param>
/// <param name="Discriminator">The cross-entropy of D on real (1), reconstructed (0) and prior (0) images: −L_GAN.</param>
/// <param name="Kl">L_prior.</param>
/// <param name="FeatureReconstruction">L_llike.</param>
/// <param name="GeneratorAdversarial">The decoder's GAN loss alone.</param>
/// <param name="RealProbability">Mean D(x) on real images.</param>
/// <param name="PriorProbability">Mean D(x_p) on decoded prior codes.</param>
public sealed record VaeGanLosses(Tensor Encoder, Tensor Decoder, Tensor Discriminator, Tensor Kl, Tensor FeatureReconstruction,
    Tensor GeneratorAdversarial, Tensor RealProbability, Tensor PriorProbability);
