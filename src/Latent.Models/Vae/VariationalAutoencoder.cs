using Latent.Data;
using Latent.IO;
using Latent.Models.Common;
using Latent.NN;
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
public sealed class VariationalAutoencoder : OneLossModel, ILatentVariableModel, ISampler, ILikelihoodModel, IImportanceWeightedModel
{
    private int[]? _sampleShape;

    /// <summary>Creates the model; one Adam optimizes both networks.</summary>
    /// <param name="encoder">q(z | x).</param>
    /// <param name="decoder">Maps codes [B, d] to outputs shaped like the inputs (logits for Bernoulli, means for Gaussian).</param>
    /// <param name="options">Decoder distribution, β, weights, learning rate.</param>
    /// <param name="rng">The model's random stream (the reparameterization noise).</param>
    /// <exception cref="ArgumentException">The options are invalid (a Gaussian decoder needs σ &gt; 0).</exception>
    public VariationalAutoencoder(GaussianEncoder encoder, Module decoder, VaeOptions options, Generator rng)
        : base(new Dictionary<string, Module>
        {
            ["encoder"] = encoder ?? throw new ArgumentNullException(nameof(encoder)),
            ["decoder"] = decoder ?? throw new ArgumentNullException(nameof(decoder)),
        }, Validated(options).LearningRate, rng)
    {
        Encoder = encoder;
        Decoder = decoder;
        Options = options;
    }

    private static VaeOptions Validated(VaeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return options;
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
        // Under data parallelism each rank gets its rows of the noise one process draws for the global batch.
        var z = GaussianMath.Reparameterize(mean, logVar, gen != null ? Tensor.Randn(mean.Shape, gen) : DrawForBatch(x.Shape[0], n => Tensor.Randn([n, LatentDim], Rng)));
        var reconstruction = -LogLikelihood(Decoder.Forward(z), x);
        var kl = GaussianMath.KlToStandardNormal(mean, logVar);
        var loss = (reconstruction * Options.ReconstructionWeight + kl * Options.Beta).Mean();
        return new ElboTerms(loss, reconstruction, kl, mean, logVar, z);
    }

    /// <inheritdoc />
    /// <remarks>Reports "reconstruction" and "kl", each the mean over the batch of the per-example term.</remarks>
    protected override LossTerms ComputeLoss(Batch batch)
    {
        var terms = Elbo(batch.Inputs);
        return new LossTerms(terms.Loss, [("reconstruction", terms.Reconstruction.Mean()), ("kl", terms.Kl.Mean())]);
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

    /// <summary>Draws <paramref name="count"/> samples: decoder means at z ~ N(0, I), in the data's range.</summary>
    public Tensor Sample(int count, Generator gen)
    {
        ArgumentNullException.ThrowIfNull(gen);
        using var _ = Autograd.NoGrad();
        return Decode(Tensor.Randn([count, LatentDim], gen));
    }

    /// <inheritdoc />
    public int[] SampleShape => _sampleShape ??= SampleShapeOfDecoder();

    private int[] SampleShapeOfDecoder()
    {
        using var _ = Autograd.NoGrad();
        return Decoder.Forward(Tensor.Zeros(1, LatentDim)).Shape[1..];
    }

    /// <inheritdoc />
    public LikelihoodKind Kind => LikelihoodKind.LowerBound;

    /// <summary>The ELBO (β = 1, one reparameterized sample drawn from <paramref name="gen"/>) of each example, in nats: a lower bound on log p(x).</summary>
    public Tensor LogLikelihood(Tensor x, Generator gen)
    {
        ArgumentNullException.ThrowIfNull(gen);
        using var _ = Autograd.NoGrad();
        var terms = Elbo(x, gen);
        return -(terms.Reconstruction + terms.Kl);
    }

    /// <summary>
    /// log p(x | zₖ) + log p(zₖ) − log q(zₖ | x) for <paramref name="samples"/> draws zₖ ~ q(z | x) per example, as
    /// [N, K]: the weights of the importance-weighted bound.
    /// </summary>
    public Tensor LogImportanceWeights(Tensor x, int samples, Generator gen)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(gen);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(samples);
        using var _ = Autograd.NoGrad();
        var (mean, logVar) = Encoder.Encode(x);
        var columns = new Tensor[samples];
        for (int k = 0; k < samples; k++)
        {
            var (z, eps) = GaussianMath.Reparameterize(mean, logVar, gen);
            columns[k] = (LogLikelihood(Decoder.Forward(z), x) + GaussianMath.LogStandardNormal(z) - GaussianMath.LogDiagonalNormal(eps, logVar))
                .Reshape(x.Shape[0], 1);
        }
        return Tensor.Concat(columns, 1);
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
