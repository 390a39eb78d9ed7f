using Latent.Data;
using Latent.IO;
using Latent.Models.Autoencoders;
using Latent.Models.LatentSpace;
using Latent.NN;
using Latent.Optim;
using Latent.Tensors;
using Latent.Training;

namespace Latent.Models.Vae;

/// <summary>
/// A variational autoencoder (Kingma and Welling, 2014): Gaussian encoder q(z | x), prior N(0, I), decoder p(x | z)
/// (Bernoulli logits or a fixed-σ Gaussian), trained by maximizing the ELBO
/// E_q[log p(x | z)] − β·KL(q(z | x) ‖ N(0, I)) with one reparameterized sample z = μ + σ·ε drawn from the model's
/// <see cref="TrainableModel.Rng"/> and the KL in closed form. Losses are per example.
/// </summary>
/// <example>
/// <code>
/// var gen = new Generator(1);
/// var (encoder, decoder) = VaeNetworks.W1(gen);
/// var vae = new VariationalAutoencoder(encoder, decoder, new VaeOptions(), gen);
/// foreach (var batch in loader) vae.TrainStep(batch);
/// Tensor samples = vae.Sample(64, new Generator(2));
/// </code>
/// </example>
public sealed class VariationalAutoencoder : TrainableModel, ILatentVariableModel
{
    private readonly Adam _optimizer;

    /// <summary>Creates the model; one Adam optimizes both networks.</summary>
    /// <param name="encoder">q(z | x).</param>
    /// <param name="decoder">Maps codes [B, d] to outputs shaped like the inputs (logits for Bernoulli, means for Gaussian).</param>
    /// <param name="options">Decoder distribution, β, weights, learning rate.</param>
    /// <param name="rng">The model's random stream (the reparameterization noise).</param>
    public VariationalAutoencoder(GaussianEncoder encoder, Module decoder, VaeOptions options, Generator rng) : base(rng)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        ArgumentNullException.ThrowIfNull(decoder);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Decoder == DecoderDistribution.Gaussian && !(options.DecoderStd > 0))
            throw new ArgumentException($"VAE: the Gaussian decoder's σ must be positive, got {options.DecoderStd}.", nameof(options));
        Encoder = encoder;
        Decoder = decoder;
        Options = options;
        _optimizer = new Adam(encoder.Parameters().Concat(decoder.Parameters()), options.LearningRate);
        Modules = new Dictionary<string, Module> { ["encoder"] = encoder, ["decoder"] = decoder };
        Optimizers = new Dictionary<string, Optimizer> { ["adam"] = _optimizer };
    }

    /// <summary>q(z | x).</summary>
    public GaussianEncoder Encoder { get; }

    /// <summary>The decoder network of p(x | z).</summary>
    public Module Decoder { get; }

    /// <summary>Decoder distribution, β, weights and learning rate.</summary>
    public VaeOptions Options { get; }

    /// <inheritdoc />
    public int LatentDim => Encoder.LatentDim;

    /// <summary>Held-out images used by <see cref="WriteSamples"/> for reconstructions, interpolations and traversals; null skips them.</summary>
    public Tensor? Preview { get; set; }

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, Module> Modules { get; }

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, Optimizer> Optimizers { get; }

    /// <summary>The posterior mean μ(x).</summary>
    public Tensor Encode(Tensor x) => Encoder.Forward(x);

    /// <summary>The mean of p(x | z): sigmoid of the logits (Bernoulli) or the Gaussian mean.</summary>
    public Tensor Decode(Tensor z)
    {
        var output = Decoder.Forward(z);
        return Options.Decoder == DecoderDistribution.Bernoulli ? output.Sigmoid() : output;
    }

    /// <inheritdoc />
    public Tensor Reconstruct(Tensor x) => Decode(Encode(x));

    /// <summary>log p(x | z) per example [B] from the decoder output for codes z.</summary>
    public Tensor LogLikelihood(Tensor decoderOutput, Tensor x)
    {
        if (Options.Decoder == DecoderDistribution.Bernoulli)
            return -Reconstruction.PerExample(decoderOutput, x, ReconstructionLoss.BinaryCrossEntropy);
        double sigma = Options.DecoderStd;
        var squared = Reconstruction.SumPerExample((decoderOutput - x).Square());
        int values = x.Size / x.Shape[0];
        return squared * (float)(-0.5 / (sigma * sigma)) - (float)(0.5 * values * (GaussianMath.LogTwoPi + 2 * Math.Log(sigma)));
    }

    /// <summary>The objective's terms on <paramref name="x"/>, with the reparameterization noise drawn from <paramref name="gen"/> (the model's stream when null).</summary>
    public ElboTerms Elbo(Tensor x, Generator? gen = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        var (mean, logVar) = Encoder.Encode(x);
        var (z, _) = GaussianMath.Reparameterize(mean, logVar, gen ?? Rng);
        var reconstruction = -LogLikelihood(Decoder.Forward(z), x);
        var kl = GaussianMath.KlToStandardNormal(mean, logVar);
        var loss = (reconstruction * Options.ReconstructionWeight + kl * Options.Beta).Mean();
        return new ElboTerms(loss, reconstruction, kl, mean, logVar, z);
    }

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, double> TrainStep(Batch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        _optimizer.ZeroGrad();
        var terms = Elbo(batch.Inputs);
        terms.Loss.Backward();
        _optimizer.Step();
        return new Dictionary<string, double>
        {
            ["loss"] = terms.Loss.Item(),
            ["reconstruction"] = terms.Reconstruction.Mean().Item(),
            ["kl"] = terms.Kl.Mean().Item(),
        };
    }

    /// <summary>Test metrics per example: "nelbo" (−ELBO with β = 1, one sample, fixed evaluation noise), "reconstruction", "kl".</summary>
    public override IReadOnlyDictionary<string, double> Evaluate(DataLoader data)
    {
        ArgumentNullException.ThrowIfNull(data);
        SetTraining(false);
        try
        {
            using var _ = Autograd.NoGrad();
            var gen = new Generator(4242);
            double reconstruction = 0, kl = 0;
            int count = 0;
            foreach (var batch in data)
            {
                var terms = Elbo(batch.Inputs, gen);
                reconstruction += terms.Reconstruction.Sum().Item();
                kl += terms.Kl.Sum().Item();
                count += batch.Size;
            }
            return new Dictionary<string, double>
            {
                ["nelbo"] = (reconstruction + kl) / count,
                ["reconstruction"] = reconstruction / count,
                ["kl"] = kl / count,
            };
        }
        finally
        {
            SetTraining(true);
        }
    }

    /// <summary>Draws <paramref name="count"/> samples: decoder means at z ~ N(0, I).</summary>
    public Tensor Sample(int count, Generator gen)
    {
        ArgumentNullException.ThrowIfNull(gen);
        using var _ = Autograd.NoGrad();
        return Decode(Tensor.Randn([count, LatentDim], gen));
    }

    /// <summary>Prior samples as images in [0, 1] (decoder means, clamped), drawn from the model's generator.</summary>
    public override Tensor? SampleImages(int count)
    {
        var x = Sample(count, Rng);
        int pixels = x.Size / count;
        int side = (int)Math.Round(Math.Sqrt(pixels));
        var images = x.Rank == 4 ? x : side * side == pixels ? x.Reshape(count, 1, side, side) : null;
        return images?.Clamp(0f, 1f);
    }

    /// <summary>
    /// Writes <c>{prefix}-samples.png</c> (64 prior samples from fixed codes, comparable across calls) and, with a
    /// <see cref="Preview"/>, <c>{prefix}-reconstructions.png</c>, <c>{prefix}-interpolation.png</c> and
    /// <c>{prefix}-traversal.png</c>.
    /// </summary>
    public override void WriteSamples(string directory, string prefix)
    {
        SetTraining(false);
        try
        {
            ImageGrid.Save(Sample(64, new Generator(2024)), SampleFiles.Path(directory, prefix, "samples"), columns: 8);
            if (Preview != null) LatentGrids.SavePreviewGrids(this, Preview, directory, prefix);
        }
        finally
        {
            SetTraining(true);
        }
    }
}
