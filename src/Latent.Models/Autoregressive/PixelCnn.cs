using Latent.Data;
using Latent.IO;
using Latent.Models.Common;
using Latent.NN;
using Latent.Tensors;
using Latent.Training;

namespace Latent.Models.Autoregressive;

/// <summary>
/// PixelCNN (van den Oord et al., 2016): p(x) = Πᵢ p(xᵢ | x₍&lt;ᵢ₎) over the pixels in raster order, each conditional
/// a softmax over the pixel levels (256 for 8-bit images) given by a stack of masked convolutions. Training minimizes
/// the exact negative log-likelihood (cross-entropy, in nats per dimension); sampling draws one pixel at a time.
/// </summary>
/// <example>
/// <code>
/// var options = new PixelCnnOptions();
/// var model = new PixelCnn(new PixelCnnNetwork(options, new Generator(1)), options, [1, 28, 28], new Generator(2));
/// foreach (var batch in loader) model.TrainStep(batch);
/// Tensor samples = model.Sample(16, new Generator(3));        // [16, 1, 28, 28] in [0, 1]
/// Tensor logP = model.LogLikelihood(images, new Generator(0)); // nats per image, exact
/// </code>
/// </example>
public sealed class PixelCnn : OneLossModel, ISampler, ILikelihoodModel
{
    private readonly int[] _imageShape;

    /// <summary>Creates the model; one Adam optimizes the network.</summary>
    /// <param name="network">The masked-convolution network.</param>
    /// <param name="options">Learning rate and levels (must match the network's).</param>
    /// <param name="imageShape">The shape of one image, [1, H, W].</param>
    /// <param name="rng">The model's random stream.</param>
    /// <exception cref="ArgumentException">The image is not single-channel, or the levels of options and network differ.</exception>
    public PixelCnn(PixelCnnNetwork network, PixelCnnOptions options, int[] imageShape, Generator rng)
        : base(new Dictionary<string, Module> { ["network"] = network ?? throw new ArgumentNullException(nameof(network)) },
            Validated(options).LearningRate, rng)
    {
        ArgumentNullException.ThrowIfNull(imageShape);
        if (imageShape.Length != 3 || imageShape[0] != 1)
            throw new ArgumentException($"PixelCNN: images must be [1, H, W], got {ShapeText.Format(imageShape)}.", nameof(imageShape));
        if (network.Levels != options.Levels)
            throw new ArgumentException($"PixelCNN: the network has {network.Levels} levels but the options say {options.Levels}.");
        Network = network;
        Options = options;
        _imageShape = (int[])imageShape.Clone();
    }

    private static PixelCnnOptions Validated(PixelCnnOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return options;
    }

    /// <summary>The masked-convolution network.</summary>
    public PixelCnnNetwork Network { get; }

    /// <summary>The options it was built with.</summary>
    public PixelCnnOptions Options { get; }

    /// <summary>Pixel levels.</summary>
    public int Levels => Network.Levels;

    /// <summary>Held-out images whose lower halves <see cref="WriteSamples"/> completes; null skips the completions.</summary>
    public Tensor? Preview { get; set; }

    /// <inheritdoc />
    public int[] SampleShape => (int[])_imageShape.Clone();

    /// <inheritdoc />
    public LikelihoodKind Kind => LikelihoodKind.Exact;

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
            if (!(v >= 0f && v <= 1f)) throw new ArgumentException($"PixelCNN: pixel values must be in [0, 1], got {v} at index {i}.", nameof(x));
            values[i] = MathF.Round(v * top);
        }
        return Tensor.FromArray(values, x.Shape);
    }

    /// <summary>−log p(xᵢ | x₍&lt;ᵢ₎) of every pixel, [N, H, W], in nats (recorded on the graph unless under no-grad).</summary>
    public Tensor PixelNll(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Rank != 4 || !x.Shape[1..].SequenceEqual(_imageShape))
            throw new ArgumentException($"PixelCNN: expected images [N, {string.Join(", ", _imageShape)}], got {ShapeText.Format(x.Shape)}.", nameof(x));
        var levels = LevelsOf(x);
        var logits = Network.ClassLastLogits(levels * (1f / (Levels - 1)));
        var targets = new int[levels.Size];
        var data = levels.Data;
        for (int i = 0; i < targets.Length; i++) targets[i] = (int)data[i];
        return Losses.CrossEntropy(logits, targets, reduction: Reduction.None).Reshape(x.Shape[0], x.Shape[2], x.Shape[3]);
    }

    /// <inheritdoc />
    /// <remarks>The loss is the mean NLL per dimension in nats; also reports "bits_per_dim".</remarks>
    protected override LossTerms ComputeLoss(Batch batch)
    {
        var loss = PixelNll(batch.Inputs).Mean();
        return new LossTerms(loss, [("bits_per_dim", loss * (float)(1 / Math.Log(2)))]);
    }

    /// <summary>Test metrics: "nll" (nats per image, exact) and "bits_per_dim".</summary>
    public override IReadOnlyDictionary<string, double> Evaluate(DataLoader data)
    {
        ArgumentNullException.ThrowIfNull(data);
        SetTraining(false);
        try
        {
            double total = 0;
            long images = 0;
            foreach (var batch in data)
            {
                foreach (float v in LogLikelihood(batch.Inputs, Rng).Data) total -= v;
                images += batch.Size;
            }
            int dims = _imageShape[1] * _imageShape[2];
            return new Dictionary<string, double>
            {
                ["nll"] = total / images,
                ["bits_per_dim"] = total / images / dims / Math.Log(2),
            };
        }
        finally
        {
            SetTraining(true);
        }
    }

    /// <summary>The exact log p(x) of each image, in nats, [N] (pixels are first quantized to the levels).</summary>
    /// <param name="x">Images [N, 1, H, W] in [0, 1].</param>
    /// <param name="gen">Unused: the likelihood is exact.</param>
    public Tensor LogLikelihood(Tensor x, Generator gen)
    {
        ArgumentNullException.ThrowIfNull(x);
        using var _ = Autograd.NoGrad();
        return -PixelNll(x).Reshape(x.Shape[0], -1).Sum(1);
    }

    /// <summary>Draws <paramref name="count"/> images pixel by pixel in raster order, in [0, 1] (multiples of 1/(levels − 1)).</summary>
    public Tensor Sample(int count, Generator gen)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        return Complete(Tensor.Zeros([count, .. _imageShape]), firstRow: 0, gen);
    }

    /// <summary>
    /// Keeps the rows of <paramref name="images"/> above <paramref name="firstRow"/> and draws every later pixel from
    /// the model's conditionals given the pixels before it: completion with the learned prior. Returns new images
    /// [N, 1, H, W] in [0, 1]; the kept rows are the inputs quantized to the levels.
    /// </summary>
    /// <exception cref="ArgumentException">The images do not have the model's shape, or the row is outside them.</exception>
    public Tensor Complete(Tensor images, int firstRow, Generator gen)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(gen);
        if (images.Rank != 4 || !images.Shape[1..].SequenceEqual(_imageShape))
            throw new ArgumentException($"PixelCNN: expected images [N, {string.Join(", ", _imageShape)}], got {ShapeText.Format(images.Shape)}.", nameof(images));
        int n = images.Shape[0], height = _imageShape[1], width = _imageShape[2];
        if (firstRow < 0 || firstRow > height) throw new ArgumentOutOfRangeException(nameof(firstRow), $"PixelCNN: row {firstRow} is outside 0..{height}.");
        bool training = Network.IsTraining;
        SetTraining(false);
        try
        {
            using var _ = Autograd.NoGrad();
            float scale = 1f / (Levels - 1);
            var x = LevelsOf(images) * scale;
            var data = x.Data;
            for (int r = firstRow; r < height; r++)
                for (int c = 0; c < width; c++)
                {
                    var probs = Network.LogitsAt(x, r, c).Softmax(1);
                    var drawn = Tensor.Multinomial(probs, 1, gen).Data;
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
    /// Writes <c>{prefix}-samples.png</c> (64 samples from a fixed seed) and, with a <see cref="Preview"/>,
    /// <c>{prefix}-completions.png</c>: 8 test images, their upper halves, and three completions of each lower half.
    /// </summary>
    public override void WriteSamples(string directory, string prefix)
    {
        ImageGrid.Save(Sample(64, new Generator(2024)), SampleFiles.Path(directory, prefix, "samples"), columns: 8);
        if (Preview != null) ImageGrid.Save(CompletionGrid(Preview.Narrow(0, 0, Math.Min(8, Preview.Shape[0])), 3, new Generator(2025)),
            SampleFiles.Path(directory, prefix, "completions"), columns: Math.Min(8, Preview.Shape[0]));
    }

    /// <summary>
    /// Rows of a completion picture for <paramref name="images"/> [n, 1, H, W]: the originals, the upper halves (lower
    /// half grey), then <paramref name="draws"/> completions of the lower half; [(2 + draws)·n, 1, H, W].
    /// </summary>
    public Tensor CompletionGrid(Tensor images, int draws, Generator gen)
    {
        ArgumentNullException.ThrowIfNull(images);
        int half = _imageShape[1] / 2;
        var rows = new List<Tensor> { images, HideBelow(images, half) };
        for (int d = 0; d < draws; d++) rows.Add(Complete(images, half, gen));
        return Tensor.Concat([.. rows], 0);
    }

    /// <summary><paramref name="images"/> with every row from <paramref name="firstRow"/> on set to 0.5 (mid grey).</summary>
    public static Tensor HideBelow(Tensor images, int firstRow)
    {
        ArgumentNullException.ThrowIfNull(images);
        var hidden = images.Clone();
        int height = images.Shape[2], width = images.Shape[3];
        var data = hidden.Data;
        for (int i = 0; i < images.Shape[0] * images.Shape[1]; i++)
            data.Slice(i * height * width + firstRow * width, (height - firstRow) * width).Fill(0.5f);
        return hidden;
    }
}
