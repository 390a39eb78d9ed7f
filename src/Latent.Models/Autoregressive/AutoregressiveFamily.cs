using Latent.Data;
using Latent.Models.Autoregressive.Studies;
using Latent.Tensors;
using Latent.Models.Catalog;
using Latent.Models.Common;

namespace Latent.Models.Autoregressive;

/// <summary>The Autoregressive family (F34, F37): models that generate one value at a time with an exact likelihood.</summary>
public sealed class AutoregressiveFamily : IModelFamily
{
    /// <summary>(Declared before <see cref="Instance"/>, whose models read it.) The deeper PixelCNN for quality: 12 residual type B layers of 96 maps and a hidden 1×1 layer of 256.</summary>
    public static PixelCnnOptions Deep { get; } = new() { Channels = 96, Layers = 12, Residual = true, HeadHidden = 256 };

    /// <summary>The one instance, listed in <see cref="ModelCatalog.Families"/>.</summary>
    public static AutoregressiveFamily Instance { get; } = new();

    private AutoregressiveFamily() { }

    /// <inheritdoc />
    public string Name => "Autoregressive";

    /// <inheritdoc />
    public IReadOnlyList<ModelSpec> Models { get; } =
    [
        ModelSpec.Of("pixelcnn", "Autoregressive", "F34", "PixelCNN, 256-way softmax per pixel (the defaults are workload W4: masked conv A 1→64 k7, 5 × B 64→64 k3, 1×1 to 256; Adam 1e-3, batch 32)",
            new PixelCnnOptions(), Create),
        ModelSpec.Of("pixelcnn-deep", "Autoregressive", "F34", "PixelCNN for quality: 12 residual masked conv B layers of 96 maps, hidden 1×1 layer of 256, 256-way softmax",
            Deep, Create),
        ModelSpec.Of("gated-pixelcnn", "Autoregressive", "F34", "Gated PixelCNN: vertical and horizontal stacks without the blind spot, gated tanh·σ units, residuals, optional class conditioning (--conditional), softmax or logistic-mixture output",
            new GatedPixelCnnOptions(), Create),
        ModelSpec.Of("pixelrnn", "Autoregressive", "F34", "PixelRNN with Row LSTM layers: masked conv A, then LSTMs over the rows (masked 1xk input-to-state, 1x3 state-to-state along the row above), residuals; softmax or logistic-mixture output",
            new PixelRnnOptions(), Create),
        ModelSpec.Of("wavenet", "Autoregressive", "F34", "WaveNet on spoken digits synthesised with espeak-ng (8 kHz, cached under --data-dir or ~/.cache/latent): dilated causal convolutions 1..512 in stacks, gated units, residual and skip connections, 256 mu-law classes, optional digit conditioning (--conditional)",
            new WaveNetOptions(), Create),
    ];

    /// <inheritdoc />
    public IReadOnlyList<Study> Studies { get; } = [new CompletionStudy()];

    /// <summary>A PixelCNN on Fashion-MNIST as <paramref name="options"/> describe it.</summary>
    public static TrainingSetup Create(PixelCnnOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var data = FashionMnistData.Load(options);
        var network = new PixelCnnNetwork(options, options.NewGenerator(0));
        var model = new PixelCnn(network, options, data.ImageShape, options.NewGenerator(2)) { Preview = data.Preview };
        return new TrainingSetup(model, data.TrainLoader, data.TestLoader);
    }

    /// <summary>A PixelRNN (Row LSTM) on Fashion-MNIST as <paramref name="options"/> describe it.</summary>
    public static TrainingSetup Create(PixelRnnOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var data = FashionMnistData.Load(options);
        var model = new PixelRnn(new PixelRnnNetwork(options, options.NewGenerator(0)), options, data.ImageShape, options.NewGenerator(2)) { Preview = data.Preview };
        return new TrainingSetup(model, data.TrainLoader, data.TestLoader);
    }

    /// <summary>A WaveNet on the spoken digits (synthesised on first use), clips cut or padded to --clip-length samples.</summary>
    /// <exception cref="DatasetNotFoundException">The clips are not cached and espeak-ng is not installed.</exception>
    public static TrainingSetup Create(WaveNetOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var digits = SpokenDigits.Load(SpokenDigits.DirectoryUnder(options.DataDir));
        var (train, trainLabels) = digits.Split(DatasetSplit.Train, options.ClipLength);
        var (test, testLabels) = digits.Split(DatasetSplit.Test, options.ClipLength);
        if (options.TrainSize is int n)
        {
            if (n > train.Length) throw new ArgumentException($"Option --train-size is {n:N0}, but there are only {train.Length:N0} training clips.");
            (train, trainLabels) = (train[..n], trainLabels[..n]);
        }
        var network = new WaveNetNetwork(options, options.NewGenerator(0), SpokenDigits.Words.Count);
        // One test clip of each digit, shown beside the samples.
        var firstOfEach = Enumerable.Range(0, SpokenDigits.Words.Count).Select(d => Array.IndexOf(testLabels, d)).Where(i => i >= 0).Select(i => test[i]).ToArray();
        var model = new WaveNet(network, options, options.NewGenerator(2)) { Reference = firstOfEach.Length > 0 ? Clips(firstOfEach) : null };
        var trainLoader = new DataLoader(Clips(train), trainLabels, options.BatchSize, shuffle: true, generator: options.NewGenerator(1));
        return new TrainingSetup(model, trainLoader, new DataLoader(Clips(test), testLabels, 16, shuffle: false));
    }

    private static Tensor Clips(float[][] clips) => Tensor.FromArray([.. clips.SelectMany(c => c)], clips.Length, 1, clips[0].Length);

    /// <summary>A gated PixelCNN on Fashion-MNIST as <paramref name="options"/> describe it (conditioned on its 10 classes with --conditional).</summary>
    public static TrainingSetup Create(GatedPixelCnnOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var data = FashionMnistData.Load(options);
        var network = new GatedPixelCnnNetwork(options, options.NewGenerator(0), data.Train.ClassNames.Count);
        var model = new GatedPixelCnn(network, options, data.ImageShape, options.NewGenerator(2))
        {
            Preview = data.Preview,
            PreviewLabels = data.Test.Labels[..data.Preview.Shape[0]].ToArray(),
        };
        return new TrainingSetup(model, data.TrainLoader, data.TestLoader);
    }
}
