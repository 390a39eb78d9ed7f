using Latent.Data;
using Latent.Tensors;

namespace Latent.Models.Metrics;

/// <summary>
/// The real data every model is compared with, in one feature space: the features of a random subset of the
/// training images (the reference of FID, KID and precision/recall), the test images with their features and
/// posteriors (the floor row and the likelihood set), and the training set's pixel statistics (the trivial rows).
/// </summary>
public sealed class EvaluationReference
{
    private EvaluationReference(IFeatureNetwork network, EvaluationSettings settings, Tensor trainFeatures, Tensor testImages,
        int[] testLabels, Tensor testFeatures, Tensor? testProbabilities, float[] pixelMean, float[] pixelStd, int[] imageShape)
    {
        Network = network;
        Settings = settings;
        TrainFeatures = trainFeatures;
        TestImages = testImages;
        TestLabels = testLabels;
        TestFeatures = testFeatures;
        TestProbabilities = testProbabilities;
        PixelMean = pixelMean;
        PixelStd = pixelStd;
        ImageShape = imageShape;
        TrainGaussian = settings.Metrics.Contains(EvaluationMetric.Fid) ? FeatureGaussian.Fit(trainFeatures) : null;
    }

    /// <summary>The feature network.</summary>
    public IFeatureNetwork Network { get; }

    /// <summary>The settings it was built with.</summary>
    public EvaluationSettings Settings { get; }

    /// <summary>Features [N, D] of N training images drawn without replacement (seeded).</summary>
    public Tensor TrainFeatures { get; }

    /// <summary>The squared k-NN radii of <see cref="TrainFeatures"/> (k = <see cref="EvaluationSettings.Neighbours"/>), computed once for every row.</summary>
    public double[] TrainSquaredRadii => _trainRadii ??= PrecisionRecall.KthNeighbourSquaredRadii(TrainFeatures, Settings.Neighbours);

    private double[]? _trainRadii;

    /// <summary>The Gaussian fitted to <see cref="TrainFeatures"/> (null when FID is not asked for).</summary>
    public FeatureGaussian? TrainGaussian { get; }

    /// <summary>The first N test images [N, C, H, W].</summary>
    public Tensor TestImages { get; }

    /// <summary>Their labels.</summary>
    public int[] TestLabels { get; }

    /// <summary>Their features [N, D].</summary>
    public Tensor TestFeatures { get; }

    /// <summary>Their posteriors [N, K] when the network is a classifier.</summary>
    public Tensor? TestProbabilities { get; }

    /// <summary>The per-pixel mean of the training images.</summary>
    public float[] PixelMean { get; }

    /// <summary>The per-pixel standard deviation of the training images.</summary>
    public float[] PixelStd { get; }

    /// <summary>The shape of one image, [C, H, W].</summary>
    public int[] ImageShape { get; }

    /// <summary>Builds the reference from the two splits: min(Samples, count) images of each.</summary>
    /// <exception cref="ArgumentException">The splits' image shapes differ.</exception>
    public static EvaluationReference Create(IFeatureNetwork network, ImageDataset train, ImageDataset test, EvaluationSettings settings)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        if (train.Channels != test.Channels || train.Height != test.Height || train.Width != test.Width)
            throw new ArgumentException($"Training images {train.Channels}×{train.Height}×{train.Width} and test images {test.Channels}×{test.Height}×{test.Width} differ.");
        var gen = new Generator((ulong)settings.Seed * 7919UL + 17);
        int nTrain = Math.Min(settings.Samples, train.Count), nTest = Math.Min(settings.Samples, test.Count);
        var trainIndices = Tensor.PermutationIndices(train.Count, gen)[..nTrain];
        var trainFeatures = FeatureExtraction.Features(network, train.ToTensor(trainIndices), settings.BatchSize);
        var testImages = test.ToTensor(0, nTest);
        Tensor testFeatures;
        Tensor? testProbabilities = null;
        if (network is IClassifierNetwork classifier)
            (testFeatures, testProbabilities) = FeatureExtraction.FeaturesAndProbabilities(classifier, testImages, settings.BatchSize);
        else
            testFeatures = FeatureExtraction.Features(network, testImages, settings.BatchSize);
        var (mean, std) = PixelMoments(train);
        return new EvaluationReference(network, settings, trainFeatures, testImages, test.Labels[..nTest].ToArray(), testFeatures,
            testProbabilities, mean, std, [train.Channels, train.Height, train.Width]);
    }

    private static (float[] Mean, float[] Std) PixelMoments(ImageDataset data)
    {
        int size = data.ImageSize;
        var sum = new double[size];
        var squares = new double[size];
        var pixels = data.Pixels;
        for (int i = 0; i < data.Count; i++)
            for (int j = 0; j < size; j++)
            {
                double v = pixels[i * size + j] / 255.0;
                sum[j] += v;
                squares[j] += v * v;
            }
        var mean = new float[size];
        var std = new float[size];
        for (int j = 0; j < size; j++)
        {
            double m = sum[j] / data.Count;
            mean[j] = (float)m;
            std[j] = (float)Math.Sqrt(Math.Max(0, squares[j] / data.Count - m * m));
        }
        return (mean, std);
    }
}
