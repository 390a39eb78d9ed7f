using Latent.Data;
using Latent.IO;
using Latent.Models.Common;
using Latent.Models.Gans;
using Latent.Models.Metrics;
using Latent.NN;
using Latent.Optim;
using Latent.Tensors;
using Latent.Training;

namespace Latent.Models.Hybrids;

/// <summary>
/// pix2pix (Isola et al., 2017): paired image-to-image translation with a <see cref="UNet"/> generator G and a
/// <see cref="PatchDiscriminator"/> D on (input, output) pairs. The input of each training image is computed from it
/// by the <see cref="TranslationTask"/>, so the loader yields plain images (the targets).
/// </summary>
/// <remarks>
/// With input a and target b mapped to [−1, 1] and G(a) = tanh(UNet(a)), each step makes one D update on
/// ½[BCE(D(a, b), 1) + BCE(D(a, G(a)), 0)] (mean over patches) and one G update on the non-saturating loss
/// −log D(a, G(a)) + λ·‖G(a) − b‖₁ (mean per pixel). Dropout in the U-Net is the only noise and stays on when
/// translating, as in pix2pix; translations for metrics and pictures draw its masks from a fixed or given seed, so
/// they do not disturb the training stream.
/// </remarks>
public sealed class Pix2Pix : TrainableModel, ISampler
{
    private readonly Adam _generatorOptimizer;
    private readonly Adam _discriminatorOptimizer;

    /// <summary>Creates the model.</summary>
    /// <param name="generator">The U-Net (its dropout should draw from <paramref name="rng"/>).</param>
    /// <param name="discriminator">The PatchGAN.</param>
    /// <param name="options">Task, λ and learning rates.</param>
    /// <param name="rng">The model's random stream (the U-Net's dropout masks).</param>
    /// <exception cref="ArgumentException">The networks' channels do not match.</exception>
    public Pix2Pix(UNet generator, PatchDiscriminator discriminator, Pix2PixOptions options, Generator rng) : base(rng)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Generator = generator ?? throw new ArgumentNullException(nameof(generator));
        Discriminator = discriminator ?? throw new ArgumentNullException(nameof(discriminator));
        if (generator.InChannels != generator.OutChannels || discriminator.Channels != generator.OutChannels)
            throw new ArgumentException($"Pix2Pix: the U-Net maps {generator.InChannels} to {generator.OutChannels} channels and the discriminator takes pairs of {discriminator.Channels}; all must agree.");
        Options = options;
        _generatorOptimizer = new Adam(generator.Parameters(), options.LearningRate, beta1: 0.5);
        _discriminatorOptimizer = new Adam(discriminator.Parameters(), options.DiscriminatorLearningRate, beta1: 0.5);
    }

    /// <summary>The U-Net generator (logits of the output; <see cref="Translate"/> applies tanh and maps to [0, 1]).</summary>
    public UNet Generator { get; }

    /// <summary>The PatchGAN discriminator.</summary>
    public PatchDiscriminator Discriminator { get; }

    /// <summary>The training settings.</summary>
    public Pix2PixOptions Options { get; }

    /// <summary>Held-out images for the inputs | outputs | targets grid of <see cref="WriteSamples"/>; null skips it.</summary>
    public Tensor? Preview { get; set; }

    /// <summary>Held-out images whose task inputs <see cref="Sample"/> translates; null until set.</summary>
    public Tensor? SampleSource { get; set; }

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, Module> Modules => new Dictionary<string, Module>
    {
        ["generator"] = Generator,
        ["discriminator"] = Discriminator,
    };

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, Optimizer> Optimizers => new Dictionary<string, Optimizer>
    {
        ["generator"] = _generatorOptimizer,
        ["discriminator"] = _discriminatorOptimizer,
    };

    /// <summary>The task input of each image [N, C, H, W] in [0, 1].</summary>
    public Tensor InputOf(Tensor images) => PairedTasks.Input(Options.Task, images);

    /// <summary>
    /// G's outputs in [0, 1] for task inputs in [0, 1], without a graph; the dropout masks are drawn from a stream
    /// seeded by <paramref name="noise"/> (the model's own stream is left where it was).
    /// </summary>
    public Tensor Translate(Tensor inputs, Generator noise)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(noise);
        var saved = Rng.GetState();
        bool training = Generator.IsTraining;
        Rng.Reseed(noise.NextUInt64());
        Generator.Train(Options.Dropout > 0);
        try
        {
            return LatentEncoding.MapInBatches(inputs, a => (Generator.Forward(a * 2f - 1f).Tanh() + 1f) * 0.5f, 256);
        }
        finally
        {
            Generator.Train(training);
            Rng.SetState(saved);
        }
    }

    /// <inheritdoc />
    /// <returns>"loss" (G's total), "g_adversarial", "l1" (mean |G(a) − b| in the data's [0, 1] units), "d_loss", "d_real" and "d_fake" (mean patch logits).</returns>
    public override IReadOnlyDictionary<string, double> TrainStep(Batch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var target = batch.Inputs * 2f - 1f;
        var input = InputOf(batch.Inputs) * 2f - 1f;
        var fake = Generator.Forward(input).Tanh();

        _discriminatorOptimizer.ZeroGrad();
        var realScores = Discriminator.Score(input, target);
        var fakeScores = Discriminator.Score(input, fake.Detach());
        var dLoss = GanLosses.Discriminator(GanLossKind.NonSaturating, realScores, fakeScores) * 0.5f;
        dLoss.Backward();
        _discriminatorOptimizer.Step();

        _generatorOptimizer.ZeroGrad();
        var adversarial = GanLosses.Generator(GanLossKind.NonSaturating, Discriminator.Score(input, fake));
        var l1 = (fake - target).Abs().Mean();
        var loss = adversarial + l1 * (float)Options.L1Weight;
        loss.Backward();
        _generatorOptimizer.Step();
        return new Dictionary<string, double>
        {
            ["loss"] = loss.Item(),
            ["g_adversarial"] = adversarial.Item(),
            ["l1"] = l1.Item() * 0.5,
            ["d_loss"] = dLoss.Item(),
            ["d_real"] = realScores.Mean().Item(),
            ["d_fake"] = fakeScores.Mean().Item(),
        };
    }

    /// <summary>
    /// Scores translations of the first <see cref="ImageTranslationOptions.EvalSize"/> images of <paramref name="data"/> against
    /// the images themselves: "psnr" (dB, mean per image), "ssim" (<see cref="Ssim"/>, mean per image) and "l1" (mean
    /// absolute error per pixel), with dropout masks from a fixed seed.
    /// </summary>
    public override IReadOnlyDictionary<string, double> Evaluate(DataLoader data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var parts = new List<Tensor>();
        int count = 0;
        foreach (var batch in data)
        {
            if (count >= Options.EvalSize) break;
            int take = Math.Min(batch.Size, Options.EvalSize - count);
            parts.Add(batch.Inputs.Narrow(0, 0, take));
            count += take;
        }
        var targets = Tensor.Concat([.. parts], 0);
        return Score(Translate(InputOf(targets), new Generator(4242)), targets);
    }

    /// <summary>"psnr", "ssim" and "l1" of <paramref name="outputs"/> against <paramref name="targets"/> (both in [0, 1]).</summary>
    public static IReadOnlyDictionary<string, double> Score(Tensor outputs, Tensor targets)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        ArgumentNullException.ThrowIfNull(targets);
        using var _ = Autograd.NoGrad();
        return new Dictionary<string, double>
        {
            ["psnr"] = Psnr.MeanPerImage(outputs, targets),
            ["ssim"] = Ssim.MeanPerImage(outputs, targets),
            ["l1"] = (outputs - targets).Abs().Mean().Item(),
        };
    }

    /// <summary>Translates the task inputs of <paramref name="count"/> images of <see cref="SampleSource"/> picked by <paramref name="gen"/> (which also draws the dropout masks).</summary>
    /// <exception cref="InvalidOperationException"><see cref="SampleSource"/> is not set.</exception>
    public Tensor Sample(int count, Generator gen)
    {
        ArgumentNullException.ThrowIfNull(gen);
        var source = SampleSource ?? throw new InvalidOperationException("Pix2Pix: set SampleSource (held-out images) before sampling; translations need inputs.");
        var indices = Enumerable.Range(0, count).Select(_ => gen.NextInt(source.Shape[0])).ToArray();
        return Translate(InputOf(source.IndexSelect(0, indices)), gen);
    }

    /// <inheritdoc />
    public int[] SampleShape => (SampleSource ?? Preview)?.Shape[1..]
        ?? throw new InvalidOperationException("Pix2Pix: set SampleSource (held-out images) to know the sample shape.");

    /// <summary>Writes <c>{prefix}-translations.png</c>: 16 preview images' task inputs (top row), G's outputs (middle) and the true images (bottom).</summary>
    public override void WriteSamples(string directory, string prefix)
    {
        if (Preview == null) return;
        var targets = Preview.Narrow(0, 0, Math.Min(16, Preview.Shape[0]));
        var inputs = InputOf(targets);
        var grid = Tensor.Concat([inputs, Translate(inputs, new Generator(2024)), targets], 0);
        ImageGrid.Save(grid, SampleFiles.Path(directory, prefix, "translations"), columns: targets.Shape[0]);
    }
}
