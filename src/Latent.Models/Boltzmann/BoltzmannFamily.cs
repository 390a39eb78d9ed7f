using Latent.Models.Catalog;
using Latent.Models.Boltzmann.Studies;
using Latent.Models.Common;
using Latent.Tensors;

namespace Latent.Models.Boltzmann;

/// <summary>The Boltzmann family (F35): energy-based models with binary units, trained by Gibbs sampling.</summary>
public sealed class BoltzmannFamily : IModelFamily
{
    /// <summary>Training images whose mean free energy is compared with the held-out one each epoch.</summary>
    public const int MonitorImages = 2000;

    /// <summary>The one instance, listed in <see cref="ModelCatalog.Families"/>.</summary>
    public static BoltzmannFamily Instance { get; } = new();

    private BoltzmannFamily() { }

    /// <inheritdoc />
    public string Name => "Boltzmann";

    /// <inheritdoc />
    public IReadOnlyList<ModelSpec> Models { get; } =
    [
        ModelSpec.Of("rbm", "Boltzmann", "F35", "RBM (binary, or --visible gaussian on standardised pixels) trained with CD-k or persistent CD; log-likelihood by AIS",
            new RbmOptions(), CreateRbm),
        ModelSpec.Of("dbn", "Boltzmann", "F35", "Deep belief net: a stack of RBMs trained greedily layer by layer, sampled top-down",
            new DbnOptions(), CreateDbn),
        ModelSpec.Of("rbm-autoencoder", "Boltzmann", "F35", "Hinton & Salakhutdinov's deep autoencoder: RBMs pre-trained by CD-1 and a linear code layer, unrolled and fine-tuned by backpropagation",
            new RbmAutoencoderOptions(), CreateRbmAutoencoder),
    ];

    /// <inheritdoc />
    public IReadOnlyList<Study> Studies { get; } = [new ContrastiveDivergenceStudy(), new DbnClassifierStudy(), new DeepAutoencoderStudy()];

    /// <summary>
    /// An RBM on Fashion-MNIST as <paramref name="options"/> describe it: binary visible units on binarized pixels with
    /// visible biases and the AIS base rate from the binarized training means, or Gaussian ones on pixels standardised
    /// by the training set's μ and σ (biases and base rate at their mean, 0); AIS after the run's last update when asked for.
    /// </summary>
    public static TrainingSetup CreateRbm(RbmOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var data = FashionMnistData.Load(options);
        RestrictedBoltzmannMachine model;
        if (options.Visible == VisibleUnits.Gaussian)
        {
            // Standardised by the training set's own moments, the visible means are exactly 0.
            var standardization = PixelMoments(data.Train);
            model = new RestrictedBoltzmannMachine(data.ImageShape, options, Tensor.Zeros(data.Train.ImageSize), data.Train.Count,
                options.NewGenerator(0), options.NewGenerator(2), standardization);
        }
        else
            model = new RestrictedBoltzmannMachine(data.ImageShape, options, BinaryMeans(data.Train, options), data.Train.Count, options.NewGenerator(0), options.NewGenerator(2));
        model.Preview = data.Preview;
        model.MonitorTrain = data.Train.ToTensor(0, Math.Min(MonitorImages, data.Train.Count));
        model.FinalUpdate = RunSteps(options, data.TrainLoader);
        return new TrainingSetup(model, data.TrainLoader, data.TestLoader);
    }

    /// <summary>A deep belief net on Fashion-MNIST binarized at the threshold; the run's steps are divided evenly among the layers unless --layer-steps says otherwise.</summary>
    public static TrainingSetup CreateDbn(DbnOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var data = FashionMnistData.Load(options);
        var means = BinaryMeans(data.Train, new RbmOptions { Threshold = options.Threshold });
        long total = RunSteps(options, data.TrainLoader);
        long layerSteps = options.LayerSteps ?? Math.Max(1, (total + options.Layers.Length - 1) / options.Layers.Length);
        var model = new DeepBeliefNet(data.ImageShape, options, means, data.Train.Count, layerSteps, options.NewGenerator(0), options.NewGenerator(2))
        {
            Preview = data.Preview,
        };
        return new TrainingSetup(model, data.TrainLoader, data.TestLoader);
    }

    /// <summary>
    /// The deep autoencoder on Fashion-MNIST: the first RBM's visible biases from the binarized training means; each RBM
    /// gets --layer-steps CD-1 updates (or an even share of --pretrain-share of the run), the rest of the run fine-tunes.
    /// </summary>
    public static TrainingSetup CreateRbmAutoencoder(RbmAutoencoderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var data = FashionMnistData.Load(options);
        var means = BinaryMeans(data.Train, new RbmOptions { Threshold = options.Threshold });
        long total = RunSteps(options, data.TrainLoader);
        int rbms = options.Layers.Length + 1;
        long layerSteps = options.LayerSteps ?? Math.Max(1, (long)(options.PretrainShare * total / rbms));
        var model = new RbmAutoencoder(data.ImageShape, options, means, data.Train.Count, layerSteps, total, options.NewGenerator(0), options.NewGenerator(2))
        {
            Preview = data.Preview,
        };
        return new TrainingSetup(model, data.TrainLoader, data.TestLoader);
    }

    /// <summary>The updates a run of <paramref name="options"/> takes: its epochs over <paramref name="loader"/>, or --max-steps if fewer.</summary>
    private static long RunSteps(ModelOptions options, Data.DataLoader loader)
    {
        long planned = (long)options.Epochs * loader.BatchesPerEpoch;
        return options.MaxSteps is long max ? Math.Min(max, planned) : planned;
    }

    /// <summary>The per-pixel μ and σ of <paramref name="images"/> (σ floored at <see cref="PixelStandardization.MinStd"/>), accumulated in double over chunks.</summary>
    public static PixelStandardization PixelMoments(Data.ImageDataset images)
    {
        ArgumentNullException.ThrowIfNull(images);
        using var _ = Autograd.NoGrad();
        int size = images.ImageSize;
        var sum = new double[size];
        var squares = new double[size];
        for (int start = 0; start < images.Count; start += 5000)
        {
            var x = images.ToTensor(start, Math.Min(5000, images.Count - start)).Data;
            for (int i = 0; i < x.Length; i++)
            {
                double value = x[i];
                sum[i % size] += value;
                squares[i % size] += value * value;
            }
        }
        var standardization = new PixelStandardization(size);
        for (int i = 0; i < size; i++)
        {
            double mean = sum[i] / images.Count;
            standardization.Mean.Data[i] = (float)mean;
            standardization.Std.Data[i] = (float)Math.Max(PixelStandardization.MinStd, Math.Sqrt(Math.Max(0, squares[i] / images.Count - mean * mean)));
        }
        return standardization;
    }

    /// <summary>The mean [V] of the binarized images: the fraction above the threshold, or the mean intensity when binarization samples.</summary>
    public static Tensor BinaryMeans(Data.ImageDataset images, RbmOptions options)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(options);
        using var _ = Autograd.NoGrad();
        var sum = Tensor.Zeros(images.ImageSize);
        for (int start = 0; start < images.Count; start += 5000)
        {
            var x = images.ToTensor(start, Math.Min(5000, images.Count - start)).Reshape(-1, images.ImageSize);
            sum += (options.Binarize == Binarization.Threshold ? x.Gt((float)options.Threshold) : x).Sum(0);
        }
        return sum / images.Count;
    }
}
