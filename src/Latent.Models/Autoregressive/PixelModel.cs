using Latent.Data;
using Latent.IO;
using Latent.Models.Common;
using Latent.Tensors;
using Latent.Training;

namespace Latent.Models.Autoregressive;

/// <summary>
/// What every pixel-by-pixel image model shares (PixelCNN, gated PixelCNN, PixelRNN): p(x) = Πᵢ p(xᵢ | x₍&lt;ᵢ₎) over
/// the pixels in raster order, each conditional a <see cref="PixelDistribution"/> whose parameters a
/// <see cref="PixelNetwork"/> computes. Training minimizes the exact negative log-likelihood (nats per dimension);
/// sampling and completion draw one pixel at a time. A conditional network makes it a class-conditional sampler,
/// and its likelihood is then the exact marginal log Σ_y p(y) p(x | y) under uniform class probabilities.
/// </summary>
public abstract class PixelModel : OneLossModel, IConditionalSampler, ILikelihoodModel
{
    private readonly int[] _imageShape;

    /// <summary>Creates the model; one Adam optimizes the network.</summary>
    /// <param name="network">The causal network.</param>
    /// <param name="options">Learning rate, levels and output distribution (the network's outputs must fit the distribution).</param>
    /// <param name="imageShape">The shape of one image, [1, H, W].</param>
    /// <param name="rng">The model's random stream.</param>
    /// <exception cref="ArgumentException">The image is not single-channel, or the network's outputs do not fit the distribution.</exception>
    protected PixelModel(PixelNetwork network, PixelModelOptions options, int[] imageShape, Generator rng)
        : base(new Dictionary<string, Latent.NN.Module> { ["network"] = network ?? throw new ArgumentNullException(nameof(network)) },
            Validated(options).LearningRate, rng)
    {
        ArgumentNullException.ThrowIfNull(imageShape);
        if (imageShape.Length != 3 || imageShape[0] != 1)
            throw new ArgumentException($"{GetType().Name}: images must be [1, H, W], got {ShapeText.Format(imageShape)}.", nameof(imageShape));
        Distribution = options.NewDistribution();
        if (network.Outputs != Distribution.Channels)
            throw new ArgumentException($"{GetType().Name}: the network outputs {network.Outputs} parameters per pixel but the {options.Output} distribution needs {Distribution.Channels}.");
        PixelNetwork = network;
        _imageShape = (int[])imageShape.Clone();
    }

    private static PixelModelOptions Validated(PixelModelOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return options;
    }

    /// <summary>The causal network.</summary>
    public PixelNetwork PixelNetwork { get; }

    /// <summary>The distribution of a pixel given the network's output there.</summary>
    public PixelDistribution Distribution { get; }

    /// <summary>Pixel levels.</summary>
    public int Levels => Distribution.Levels;

    /// <inheritdoc />
    public int Classes => PixelNetwork.Classes;

    /// <summary>Held-out images whose lower halves <see cref="WriteSamples"/> completes; null skips the completions.</summary>
    public Tensor? Preview { get; set; }

    /// <summary>The labels of <see cref="Preview"/>, used when the model is conditional (ignored otherwise).</summary>
    public int[]? PreviewLabels { get; set; }

    /// <inheritdoc />
    public int[] SampleShape => (int[])_imageShape.Clone();

    /// <inheritdoc />
    public LikelihoodKind Kind => LikelihoodKind.Exact;

    private int Height => _imageShape[1];

    private int Width => _imageShape[2];

    /// <summary>The level index round(x·(levels − 1)) of every pixel of <paramref name="x"/> (values in [0, 1]), as whole-number floats.</summary>
    /// <exception cref="ArgumentException">A value is NaN or outside [0, 1].</exception>
    public Tensor LevelsOf(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        var values = new float[x.Size];
        var data = x.Data;
        int top = Levels - 1;
        for (int i = 0; i < values.Length; i++)
        {
            float v = data[i];
            if (!(v >= 0f && v <= 1f)) throw new ArgumentException($"{GetType().Name}: pixel values must be in [0, 1], got {v} at index {i}.", nameof(x));
            values[i] = MathF.Round(v * top);
        }
        return Tensor.FromArray(values, x.Shape);
    }

    /// <summary>−log p(xᵢ | x₍&lt;ᵢ₎[, y]) of every pixel, [N, H, W], in nats (recorded on the graph unless under no-grad).</summary>
    /// <param name="x">Images [N, 1, H, W] in [0, 1].</param>
    /// <param name="labels">One class per image for a conditional model, else null.</param>
    public Tensor PixelNll(Tensor x, int[]? labels = null)
    {
        CheckImages(x);
        var levels = LevelsOf(x);
        var outputs = PixelNetwork.ClassLastOutputs(levels * (1f / (Levels - 1)), labels);
        var targets = new int[levels.Size];
        var data = levels.Data;
        for (int i = 0; i < targets.Length; i++) targets[i] = (int)data[i];
        return Distribution.Nll(outputs, targets).Reshape(x.Shape[0], x.Shape[2], x.Shape[3]);
    }

    private void CheckImages(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Rank != 4 || !x.Shape[1..].SequenceEqual(_imageShape))
            throw new ArgumentException($"{GetType().Name}: expected images [N, {string.Join(", ", _imageShape)}], got {ShapeText.Format(x.Shape)}.", nameof(x));
    }

    private int[]? LabelsOf(Batch batch)
    {
        if (Classes == 0) return null;
        return batch.Labels ?? throw new InvalidOperationException($"{GetType().Name}: the model is conditioned on {Classes} classes, but the batch has no labels.");
    }

    /// <inheritdoc />
    /// <remarks>The loss is the mean NLL per dimension in nats (given the labels, when conditional); also reports "bits_per_dim".</remarks>
    protected override LossTerms ComputeLoss(Batch batch)
    {
        var loss = PixelNll(batch.Inputs, LabelsOf(batch)).Mean();
        return new LossTerms(loss, [("bits_per_dim", loss * (float)(1 / Math.Log(2)))]);
    }

    /// <summary>
    /// Test metrics: "nll" (nats per image, exact) and "bits_per_dim"; a conditional model adds "nll_given_label" and
    /// "bits_per_dim_given_label" (log p(x | y) with the true labels), while "nll" is the marginal over the classes.
    /// </summary>
    public override IReadOnlyDictionary<string, double> Evaluate(DataLoader data)
    {
        ArgumentNullException.ThrowIfNull(data);
        bool training = PixelNetwork.IsTraining;
        SetTraining(false);
        try
        {
            double total = 0, given = 0;
            long images = 0;
            foreach (var batch in data)
            {
                foreach (float v in LogLikelihood(batch.Inputs, Rng).Data) total -= v;
                if (Classes > 0) foreach (float v in LogLikelihood(batch.Inputs, LabelsOf(batch)!).Data) given -= v;
                images += batch.Size;
            }
            double dims = Height * Width, bits = Math.Log(2);
            var metrics = new Dictionary<string, double> { ["nll"] = total / images, ["bits_per_dim"] = total / images / dims / bits };
            if (Classes > 0)
            {
                metrics["nll_given_label"] = given / images;
                metrics["bits_per_dim_given_label"] = given / images / dims / bits;
            }
            return metrics;
        }
        finally
        {
            SetTraining(training);
        }
    }

    /// <summary>The exact log p(x) of each image, in nats, [N] (pixels are first quantized to the levels); for a conditional model the marginal log (1/K) Σ_y p(x | y).</summary>
    /// <param name="x">Images [N, 1, H, W] in [0, 1].</param>
    /// <param name="gen">Unused: the likelihood is exact.</param>
    public Tensor LogLikelihood(Tensor x, Generator gen)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (Classes == 0) return LogLikelihood(x, (int[]?)null);
        return ClassMarginal.LogLikelihood(Classes, x.Shape[0], labels => LogLikelihood(x, labels));
    }

    /// <summary>The exact log p(x | y) of each image given its label (or log p(x) when <paramref name="labels"/> is null for an unconditional model), [N].</summary>
    /// <remarks>Runs in chunks of <see cref="EvaluationChunk"/> images, so that a large batch needs the memory of a small one.</remarks>
    public Tensor LogLikelihood(Tensor x, int[]? labels)
    {
        ArgumentNullException.ThrowIfNull(x);
        using var _ = Autograd.NoGrad();
        int n = x.Shape[0];
        var parts = new List<Tensor>();
        for (int start = 0; start < n; start += EvaluationChunk)
        {
            int count = Math.Min(EvaluationChunk, n - start);
            parts.Add(-PixelNll(x.Narrow(0, start, count), labels?[start..(start + count)]).Reshape(count, -1).Sum(1));
        }
        return parts.Count == 1 ? parts[0] : Tensor.Concat([.. parts], 0);
    }

    /// <summary>Images per forward pass when scoring (<see cref="LogLikelihood(Tensor, int[])"/>, <see cref="Evaluate"/>).</summary>
    public const int EvaluationChunk = 64;

    /// <summary>Draws <paramref name="count"/> images pixel by pixel in raster order, in [0, 1]; a conditional model cycles through the classes.</summary>
    public Tensor Sample(int count, Generator gen)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        int[]? labels = Classes > 0 ? [.. Enumerable.Range(0, count).Select(i => i % Classes)] : null;
        return Complete(Tensor.Zeros([count, .. _imageShape]), CompletionMask.Below(Height, Width, 0), gen, labels);
    }

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">The model is not conditional.</exception>
    public Tensor Sample(int[] labels, Generator gen)
    {
        ArgumentNullException.ThrowIfNull(labels);
        if (Classes == 0) throw new InvalidOperationException($"{GetType().Name}: this model is not conditional (train it with --conditional).");
        return Complete(Tensor.Zeros([labels.Length, .. _imageShape]), CompletionMask.Below(Height, Width, 0), gen, labels);
    }

    /// <summary>Keeps the rows above <paramref name="firstRow"/> and draws the rest: see <see cref="Complete(Tensor, CompletionMask, Generator, int[], int)"/>.</summary>
    public Tensor Complete(Tensor images, int firstRow, Generator gen, int[]? labels = null)
        => Complete(images, CompletionMask.Below(Height, Width, firstRow), gen, labels);

    /// <summary>
    /// Completion with the learned prior: keeps the visible pixels of <paramref name="images"/> and draws each hidden
    /// pixel, in raster order, from the model's conditional given every pixel before it. Visible pixels after a hidden
    /// one cannot steer those draws; with <paramref name="candidates"/> &gt; 1, that many completions are drawn per image
    /// and one is chosen with probability proportional to the likelihood of the visible pixels after the hole
    /// (sampling–importance–resampling towards p(hole | every visible pixel)). Returns new images [N, 1, H, W] in [0, 1];
    /// visible pixels are the inputs quantized to the levels.
    /// </summary>
    /// <exception cref="ArgumentException">The images or mask do not have the model's shape, or the labels do not fit.</exception>
    public Tensor Complete(Tensor images, CompletionMask mask, Generator gen, int[]? labels = null, int candidates = 1)
    {
        CheckImages(images);
        ArgumentNullException.ThrowIfNull(mask);
        ArgumentNullException.ThrowIfNull(gen);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(candidates);
        if (mask.Height != Height || mask.Width != Width)
            throw new ArgumentException($"{GetType().Name}: the mask is {mask.Height}×{mask.Width} but the images are {Height}×{Width}.", nameof(mask));
        if (candidates == 1 || mask.First < 0) return CompleteOnce(images, mask, gen, labels);
        int n = images.Shape[0], pixels = Height * Width;
        var drawn = Enumerable.Range(0, candidates).Select(_ => CompleteOnce(images, mask, gen, labels)).ToArray();
        var weights = new double[candidates, n];
        for (int k = 0; k < candidates; k++)
        {
            Tensor nll;
            using (Autograd.NoGrad()) nll = PixelNll(drawn[k], labels);
            var data = nll.Data;
            for (int i = 0; i < n; i++)
                for (int p = mask.First + 1; p < pixels; p++)
                    if (!mask.IsHidden(p / Width, p % Width)) weights[k, i] -= data[i * pixels + p];
        }
        var result = drawn[0].Clone();
        for (int i = 0; i < n; i++)
        {
            double max = Enumerable.Range(0, candidates).Max(k => weights[k, i]);
            var probs = Tensor.FromArray([.. Enumerable.Range(0, candidates).Select(k => (float)Math.Exp(weights[k, i] - max))], 1, candidates);
            int chosen = (int)Tensor.Multinomial(probs, 1, gen).Data[0];
            drawn[chosen].Data.Slice(i * pixels, pixels).CopyTo(result.Data.Slice(i * pixels, pixels));
        }
        return result;
    }

    private Tensor CompleteOnce(Tensor images, CompletionMask mask, Generator gen, int[]? labels)
    {
        int n = images.Shape[0], height = Height, width = Width;
        bool training = PixelNetwork.IsTraining;
        SetTraining(false);
        try
        {
            using var _ = Autograd.NoGrad();
            float scale = 1f / (Levels - 1);
            var x = LevelsOf(images) * scale;
            var data = x.Data;
            for (int i = 0; i < n; i++)
                for (int p = 0; p < height * width; p++)
                    if (mask.IsHidden(p / width, p % width)) data[i * height * width + p] = 0f;
            if (mask.First < 0) return x;
            var stepper = PixelNetwork.Start(x, labels);
            for (int p = mask.First; p < height * width; p++)
            {
                int r = p / width, c = p % width;
                if (!mask.IsHidden(r, c)) continue;
                var drawn = Distribution.Sample(stepper.At(r, c), gen);
                for (int i = 0; i < n; i++) data[(i * height + r) * width + c] = drawn[i] * scale;
            }
            return x;
        }
        finally
        {
            SetTraining(training);
        }
    }

    /// <summary>
    /// Writes <c>{prefix}-samples.png</c> (64 samples from a fixed seed; a conditional model's rows cycle through the
    /// classes) and, with a <see cref="Preview"/>, <c>{prefix}-completions.png</c>: 8 test images, their upper halves,
    /// and three completions of each lower half.
    /// </summary>
    public override void WriteSamples(string directory, string prefix)
    {
        ImageGrid.Save(Sample(64, new Generator(2024)), SampleFiles.Path(directory, prefix, "samples"), columns: 8);
        if (Preview == null) return;
        int n = Math.Min(8, Preview.Shape[0]);
        if (Classes > 0 && PreviewLabels == null) return;
        ImageGrid.Save(CompletionGrid(Preview.Narrow(0, 0, n), 3, new Generator(2025), Classes > 0 ? PreviewLabels![..n] : null),
            SampleFiles.Path(directory, prefix, "completions"), columns: n);
    }

    /// <summary>
    /// Rows of a completion picture for <paramref name="images"/> [n, 1, H, W]: the originals, the upper halves (lower
    /// half grey), then <paramref name="draws"/> completions of the lower half; [(2 + draws)·n, 1, H, W].
    /// </summary>
    public Tensor CompletionGrid(Tensor images, int draws, Generator gen, int[]? labels = null)
    {
        ArgumentNullException.ThrowIfNull(images);
        var mask = CompletionMask.Below(Height, Width, Height / 2);
        var rows = new List<Tensor> { images, Hide(images, mask) };
        for (int d = 0; d < draws; d++) rows.Add(Complete(images, mask, gen, labels));
        return Tensor.Concat([.. rows], 0);
    }

    /// <summary><paramref name="images"/> [N, C, H, W] with every hidden pixel of <paramref name="mask"/> set to 0.5 (mid grey).</summary>
    public static Tensor Hide(Tensor images, CompletionMask mask)
    {
        ArgumentNullException.ThrowIfNull(mask);
        return mask.Hide(images);
    }
}
