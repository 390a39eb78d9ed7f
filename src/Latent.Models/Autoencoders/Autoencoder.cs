using Latent.Data;
using Latent.IO;
using Latent.Models.Common;
using Latent.NN;
using Latent.Tensors;
using Latent.Training;

namespace Latent.Models.Autoencoders;

/// <summary>
/// An autoencoder x → h = f(x̃) → g(h) ≈ x with any encoder f and decoder g: undercomplete or overcomplete, with
/// squared-error or cross-entropy reconstruction, an optional sparsity penalty on h (sparse AE), and an optional
/// corruption x̃ ~ q(x̃ | x) of the input while the clean x stays the target (denoising AE). Trained with Adam; the
/// reported loss is per example (summed over the values of an example, averaged over the batch).
/// </summary>
/// <example>
/// <code>
/// var gen = new Generator(1);
/// var (encoder, decoder) = AutoencoderNetworks.Mlp([1, 28, 28], [256], latentDim: 32, CodeActivation.Relu, gen);
/// var ae = new Autoencoder(encoder, decoder, 32, new AutoencoderOptions { Noise = NoiseKind.Masking, NoiseLevel = 0.3f }, gen);
/// foreach (var batch in loader) ae.TrainStep(batch);
/// </code>
/// </example>
public class Autoencoder : OneLossModel, ILatentVariableModel
{
    /// <summary>Creates the model around its two networks; the networks' parameters are optimized by one Adam.</summary>
    /// <param name="encoder">Maps inputs [B, ...] to codes [B, latentDim] (its last layer applies the code activation).</param>
    /// <param name="decoder">Maps codes to outputs shaped like the inputs (logits for cross-entropy).</param>
    /// <param name="latentDim">The code size.</param>
    /// <param name="options">Loss, sparsity, noise and learning rate.</param>
    /// <param name="rng">The model's random stream (corruption noise).</param>
    public Autoencoder(Module encoder, Module decoder, int latentDim, AutoencoderOptions options, Generator rng)
        : base(new Dictionary<string, Module>
        {
            ["encoder"] = encoder ?? throw new ArgumentNullException(nameof(encoder)),
            ["decoder"] = decoder ?? throw new ArgumentNullException(nameof(decoder)),
        }, (options ?? throw new ArgumentNullException(nameof(options))).LearningRate, rng)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(latentDim);
        Encoder = encoder;
        Decoder = decoder;
        LatentDim = latentDim;
        Options = options;
        // The options are immutable: build the penalty and the corruption once, not at every step.
        Sparsity = options.Sparsity;
        Noise = options.Corruption;
    }

    /// <summary>The encoder f.</summary>
    public Module Encoder { get; }

    /// <summary>The decoder g.</summary>
    public Module Decoder { get; }

    /// <inheritdoc />
    public int LatentDim { get; }

    /// <summary>Loss, sparsity, noise and learning rate.</summary>
    public AutoencoderOptions Options { get; }

    /// <summary>The corruption used in training (none unless denoising).</summary>
    public NoiseModel Noise { get; }

    /// <summary>The sparsity penalty on the code, or null for none.</summary>
    public SparsityPenalty? Sparsity { get; }

    /// <summary>Held-out images that <see cref="WriteSamples"/> reconstructs and encodes; null writes nothing.</summary>
    public Tensor? Preview { get; set; }

    /// <inheritdoc />
    public Tensor Encode(Tensor x) => Encoder.Forward(x);

    /// <inheritdoc />
    public Tensor Decode(Tensor z) => Reconstruction.ToData(Decoder.Forward(z), Options.Loss);

    /// <inheritdoc />
    public Tensor Reconstruct(Tensor x) => Decode(Encode(x));

    /// <summary>The objective on clean inputs <paramref name="x"/>, corrupting them first when <paramref name="corrupt"/> and the model denoises.</summary>
    public AutoencoderLossTerms Loss(Tensor x, bool corrupt = true)
    {
        ArgumentNullException.ThrowIfNull(x);
        var input = corrupt ? Noise.Apply(x, Rng) : x;
        var code = Encoder.Forward(input);
        var reconstruction = Reconstruction.PerExample(Decoder.Forward(code), x, Options.Loss).Mean();
        var sparsity = Sparsity?.Compute(code) ?? Tensor.Scalar(0f);
        return new AutoencoderLossTerms(reconstruction + sparsity, reconstruction, sparsity, code);
    }

    /// <inheritdoc />
    /// <remarks>Reports "reconstruction", and with a sparsity penalty "sparsity" and "mean_activation" (mean |h|).</remarks>
    protected override LossTerms ComputeLoss(Batch batch)
    {
        var terms = Loss(batch.Inputs);
        List<(string, Tensor)> reported = [("reconstruction", terms.Reconstruction)];
        if (Sparsity != null)
        {
            reported.Add(("sparsity", terms.Sparsity));
            reported.Add(("mean_activation", terms.Code.Detach().Abs().Mean()));
        }
        return new LossTerms(terms.Total, reported);
    }

    /// <summary>
    /// Test metrics: "loss" (the objective on clean inputs, per example) and "reconstruction"; a denoising model adds
    /// "psnr_noisy" and "psnr_denoised" (dB, mean per image) on corrupted copies of the data.
    /// </summary>
    public override IReadOnlyDictionary<string, double> Evaluate(DataLoader data)
    {
        ArgumentNullException.ThrowIfNull(data);
        SetTraining(false);
        try
        {
            using var _ = Autograd.NoGrad();
            double loss = 0, reconstruction = 0, noisy = 0, denoised = 0;
            int count = 0;
            var noiseGen = new Generator(12345);
            foreach (var batch in data)
            {
                var terms = Loss(batch.Inputs, corrupt: false);
                loss += terms.Total.Item() * batch.Size;
                reconstruction += terms.Reconstruction.Item() * batch.Size;
                if (Noise.IsActive)
                {
                    var report = DenoisingEvaluation.Run(this, batch.Inputs, Noise, noiseGen);
                    noisy += report.PsnrNoisy * batch.Size;
                    denoised += report.PsnrDenoised * batch.Size;
                }
                count += batch.Size;
            }
            var metrics = new Dictionary<string, double> { ["loss"] = loss / count, ["reconstruction"] = reconstruction / count };
            if (Noise.IsActive)
            {
                metrics["psnr_noisy"] = noisy / count;
                metrics["psnr_denoised"] = denoised / count;
            }
            return metrics;
        }
        finally
        {
            SetTraining(true);
        }
    }

    /// <summary>
    /// Writes the preview grids of <see cref="LatentGrids.SavePreviewGrids"/> (reconstructions, interpolation,
    /// traversal), <c>{prefix}-samples.png</c> (codes drawn from a Gaussian fitted to the preview codes, decoded) and,
    /// for a denoising model, <c>{prefix}-denoising.png</c> (clean, corrupted, denoised rows) and <c>{prefix}-chain.png</c>
    /// (the denoising Markov chain from preview seeds, one chain per row).
    /// </summary>
    public override void WriteSamples(string directory, string prefix)
    {
        if (Preview == null) return;
        SetTraining(false);
        try
        {
            using var _ = Autograd.NoGrad();
            var gen = new Generator(777);
            LatentGrids.SavePreviewGrids(this, Preview, directory, prefix);
            if (Noise.IsActive)
            {
                var clean = Preview.Narrow(0, 0, Math.Min(16, Preview.Shape[0]));
                var report = DenoisingEvaluation.Run(this, clean, Noise, gen);
                ImageGrid.Save(Tensor.Concat([clean, report.Noisy.Clamp(0f, 1f), report.Denoised], 0),
                    SampleFiles.Path(directory, prefix, "denoising"), columns: clean.Shape[0]);
            }
            if (Preview.Shape[0] > LatentDim + 1)
            {
                var gaussian = LatentGaussian.Fit(LatentEncoding.Encode(this, Preview));
                ImageGrid.Save(Decode(gaussian.Sample(64, gen)), SampleFiles.Path(directory, prefix, "samples"), columns: 8);
            }
            if (Noise.IsActive)
            {
                var states = DenoisingChain.Run(this, Preview.Narrow(0, 0, Math.Min(8, Preview.Shape[0])), Noise, 9, gen);
                ImageGrid.Save(DenoisingChain.SeedMajor(states), SampleFiles.Path(directory, prefix, "chain"), columns: states.Length);
            }
        }
        finally
        {
            SetTraining(true);
        }
    }
}
