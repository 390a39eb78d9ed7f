using System.Globalization;
using Latent.Data;
using Latent.IO;
using Latent.Models.Common;
using Latent.NN;
using Latent.Tensors;

namespace Latent.Models.Siamese;

/// <summary>
/// A Siamese network (F38): one shared-weight embedding compared by a distance, trained on pairs (or triplets) of
/// similar and dissimilar images by the loss of <see cref="Loss"/>, and evaluated by N-way one-shot classification of
/// classes it never saw. Each training batch supplies the anchors; <see cref="PairSampler"/> gives each a similar
/// partner from the training set and <see cref="Negatives"/> dissimilar partners from the batch.
/// </summary>
/// <example>
/// <code>
/// var net = new SiameseNetwork([1, 28, 28], embeddingDim: 32, new Generator(1));
/// var model = new SiameseModel(net, SiameseLoss.Contrastive, margin: 1f, trainImages, trainLabels, 1e-3, new Generator(2));
/// foreach (var batch in loader) model.TrainStep(batch);
/// double accuracy = model.OneShotAccuracy(unseenImages, unseenLabels, ways: 4, episodes: 500);
/// </code>
/// </example>
public sealed class SiameseModel : OneLossModel
{
    private readonly Tensor _trainImages;
    private readonly PairSampler _sampler;

    /// <summary>Creates the model.</summary>
    /// <param name="network">The shared embedding (and Koch's head).</param>
    /// <param name="loss">The training objective.</param>
    /// <param name="margin">The loss's margin (ignored by Koch's loss).</param>
    /// <param name="trainImages">The training images [N, C, H, W] the batches index into (similar partners are drawn from them).</param>
    /// <param name="trainLabels">Their classes.</param>
    /// <param name="learningRate">Adam's learning rate.</param>
    /// <param name="rng">The model's random stream (pair sampling, shifts).</param>
    /// <exception cref="ArgumentException">The labels do not match the images, or the margin is not positive for a loss that has one.</exception>
    public SiameseModel(SiameseNetwork network, SiameseLoss loss, float margin, Tensor trainImages, int[] trainLabels, double learningRate, Generator rng)
        : base(new Dictionary<string, Module> { ["network"] = network ?? throw new ArgumentNullException(nameof(network)) }, learningRate, rng)
    {
        ArgumentNullException.ThrowIfNull(trainImages);
        ArgumentNullException.ThrowIfNull(trainLabels);
        if (trainImages.Shape[0] != trainLabels.Length)
            throw new ArgumentException($"{trainLabels.Length} labels for {trainImages.Shape[0]} training images.", nameof(trainLabels));
        if (loss != SiameseLoss.Koch && !(margin > 0)) throw new ArgumentException($"The {loss} loss needs a positive margin, got {margin}.", nameof(margin));
        Network = network;
        Loss = loss;
        Margin = margin;
        _trainImages = trainImages;
        _sampler = new PairSampler(trainLabels);
    }

    /// <summary>The shared embedding.</summary>
    public SiameseNetwork Network { get; }

    /// <summary>The training objective.</summary>
    public SiameseLoss Loss { get; }

    /// <summary>The loss's margin.</summary>
    public float Margin { get; }

    /// <summary>Dissimilar pairs per similar pair.</summary>
    public int Negatives { get; init; } = 1;

    /// <summary>Take the most similar other-class batch members as dissimilar partners instead of random ones.</summary>
    public bool HardNegatives { get; init; }

    /// <summary>Random shifts of up to this many pixels applied to the training images of each pair.</summary>
    public int MaxShift { get; init; }

    /// <summary>Koch's random affine distortion of each training image of a pair (after the shift); null: none.</summary>
    public AffineDistortion? Distortion { get; init; }

    /// <summary>The N of the one-shot evaluation.</summary>
    public IReadOnlyList<int> Ways { get; init; } = [4];

    /// <summary>One-shot episodes per N.</summary>
    public int Episodes { get; init; } = 500;

    /// <summary>Images of classes never trained on, whose embedding <see cref="WriteSamples"/> plots; null skips it.</summary>
    public DataLoader? Test { get; init; }

    /// <summary>
    /// Who drew each image of <see cref="Test"/> (for the fonts: its font); when set, <see cref="Evaluate"/> on
    /// <see cref="Test"/> runs Koch's episodes (supports by one drawer, queries by another,
    /// <see cref="OneShotEvaluation.AccuracyAcrossDrawers"/>); null draws support and query of each class at random.
    /// </summary>
    public int[]? TestDrawers { get; init; }

    /// <summary>The names of the test classes, for the plot's legend.</summary>
    public IReadOnlyList<string>? TestClassNames { get; init; }

    /// <summary>The embeddings [B, D] of images [B, C, H, W] in evaluation mode, computed in batches without a graph.</summary>
    public Tensor Embed(Tensor images)
    {
        ArgumentNullException.ThrowIfNull(images);
        bool wasTraining = Network.IsTraining;
        Network.Train(false);
        try
        {
            using (Autograd.NoGrad()) return LatentEncoding.MapInBatches(images, Network.Forward);
        }
        finally
        {
            Network.Train(wasTraining);
        }
    }

    /// <summary>
    /// How alike the pairs of embeddings [P, D] are, higher meaning more alike: −‖a − b‖ for the contrastive and
    /// triplet losses, cos(a, b) for the cosine loss, Koch's logit Σ αₖ|aₖ − bₖ| + b for his.
    /// </summary>
    public Tensor Score(Tensor a, Tensor b) => Loss switch
    {
        SiameseLoss.Cosine => Functional.CosineSimilarity(a, b),
        SiameseLoss.Koch => Losses.WeightedL1Logits(a, b, Network.L1Weight, Network.L1Bias),
        _ => -((a - b).Square().Sum(-1) + 1e-12f).Sqrt(),
    };

    /// <summary>
    /// The score at and above which a pair counts as "the same": distance below m/2 for the contrastive loss (similar
    /// pairs are pulled to 0, dissimilar ones pushed beyond m), below m for the triplet loss, a cosine of at least the
    /// margin for the cosine loss (the zone its dissimilar pairs are pushed out of), probability ½ (logit 0) for Koch's.
    /// </summary>
    public float SameThreshold => Loss switch
    {
        SiameseLoss.Contrastive => -Margin / 2,
        SiameseLoss.Triplet => -Margin,
        SiameseLoss.Cosine => Margin,
        _ => 0f,
    };

    /// <summary>The N-way one-shot accuracy on <paramref name="images"/> of classes <paramref name="labels"/> (see <see cref="OneShotEvaluation"/>); with <paramref name="drawers"/>, Koch's two-drawer episodes.</summary>
    public double OneShotAccuracy(Tensor images, int[] labels, int ways, int episodes, ulong seed = 12345, int[]? drawers = null)
    {
        using (Autograd.NoGrad()) return OneShotScore(Embed(images), labels, drawers, ways, episodes, Score, seed);
    }

    private static double OneShotScore(Tensor features, int[] labels, int[]? drawers, int ways, int episodes, Func<Tensor, Tensor, Tensor> score, ulong seed) => drawers == null
        ? OneShotEvaluation.Accuracy(features, labels, ways, episodes, score, seed)
        : OneShotEvaluation.AccuracyAcrossDrawers(features, labels, drawers, ways, episodes, score, seed);

    /// <inheritdoc />
    /// <remarks>Reports "pair_accuracy": the fraction of the batch's pairs on the right side of <see cref="SameThreshold"/>.</remarks>
    protected override LossTerms ComputeLoss(Batch batch)
    {
        var labels = batch.Labels ?? throw new ArgumentException("SiameseModel: batches need labels.");
        int b = batch.Size;
        var partners = _trainImages.IndexSelect(0, _sampler.Positives(batch.Indices, Rng));
        var images = Tensor.Concat([batch.Inputs, partners]);
        if (MaxShift > 0) images = Augmentations.RandomShift(images, MaxShift, Rng);
        if (Distortion != null) images = Distortion.Apply(images, Rng);
        var embeddings = Network.Forward(images);
        var anchors = embeddings.Narrow(0, 0, b);
        var positives = embeddings.Narrow(0, b, b);
        var negatives = PairSampler.Negatives(labels, Negatives, Rng, HardNegatives ? Similarities(anchors) : null);
        int[] negAnchor = [.. negatives.Select(p => p.Anchor)], negPartner = [.. negatives.Select(p => p.Partner)];
        var x1 = Tensor.Concat([anchors, anchors.IndexSelect(0, negAnchor)]);
        var x2 = Tensor.Concat([positives, anchors.IndexSelect(0, negPartner)]);
        var same = Tensor.Concat([Tensor.Ones(b), Tensor.Zeros(negatives.Count)]);
        var loss = Loss switch
        {
            SiameseLoss.Contrastive => Losses.Contrastive(x1, x2, same, Margin),
            SiameseLoss.Cosine => Losses.CosineMargin(x1, x2, same, Margin),
            SiameseLoss.Koch => Losses.WeightedL1Pair(x1, x2, same, Network.L1Weight, Network.L1Bias),
            _ => negatives.Count > 0
                ? Losses.TripletMargin(anchors.IndexSelect(0, negAnchor), positives.IndexSelect(0, negAnchor), anchors.IndexSelect(0, negPartner), Margin)
                : throw new ArgumentException("SiameseModel: the triplet loss needs batches with at least two classes."),
        };
        Tensor scores;
        using (Autograd.NoGrad()) scores = Score(x1, x2);
        float agree = 0;
        var s = scores.Data;
        var y = same.Data;
        for (int i = 0; i < s.Length; i++) if ((s[i] >= SameThreshold) == (y[i] > 0.5f)) agree++;
        return new LossTerms(loss, [("pair_accuracy", Tensor.Scalar(agree / s.Length))]);
    }

    /// <summary>
    /// Held-out "oneshot_Nway" accuracies on the batches of <paramref name="data"/> (classes never trained on), with the
    /// nearest-neighbour-on-pixels baseline "pixel_nn_Nway" on the same trials; on <see cref="Test"/> with
    /// <see cref="TestDrawers"/> set, the trials are Koch's two-drawer episodes.
    /// </summary>
    public override IReadOnlyDictionary<string, double> Evaluate(DataLoader data)
    {
        var (images, labels) = LabelledImages.Collect(data);
        var drawers = ReferenceEquals(data, Test) && TestDrawers?.Length == labels.Length ? TestDrawers : null;
        var metrics = new Dictionary<string, double>();
        var pixels = images.Reshape(images.Shape[0], -1);
        Tensor embeddings = Embed(images);
        foreach (int n in Ways)
        {
            string key = n.ToString(CultureInfo.InvariantCulture) + "way";
            metrics["oneshot_" + key] = OneShotScore(embeddings, labels, drawers, n, Episodes, Score, 12345);
            metrics["pixel_nn_" + key] = OneShotScore(pixels, labels, drawers, n, Episodes, OneShotEvaluation.NegativeDistance, 12345);
        }
        return metrics;
    }

    /// <summary>
    /// Writes <c>&lt;prefix&gt;-embedding.svg</c>, the embeddings of the test classes (their first two principal
    /// components), and <c>&lt;prefix&gt;-test-images.png</c>, the first test images (one row per class when the test
    /// set is ordered by class, as the fonts are: a row is one character in every font).
    /// </summary>
    public override void WriteSamples(string directory, string prefix)
    {
        if (Test == null) return;
        var (images, labels) = LabelledImages.Collect(Test, limit: 2000);
        int run = Math.Min(20, labels.TakeWhile(l => l == labels[0]).Count());
        int columns = run >= 4 ? run : 16;
        ImageGrid.Save(images.Narrow(0, 0, Math.Min(labels.Length, columns * 10)), Path.Combine(directory, prefix + "-test-images.png"), columns: columns);
        LatentEncoding.SaveScatter(Embed(images), labels, TestClassNames, Path.Combine(directory, prefix + "-embedding.svg"),
            $"Siamese embedding ({Loss}) of classes never seen in training");
    }

    private float[,] Similarities(Tensor anchors)
    {
        int b = anchors.Shape[0], d = anchors.Shape[1];
        using (Autograd.NoGrad())
        {
            var a = anchors.Detach();
            var left = a.Unsqueeze(1).Expand(b, b, d).Reshape(b * b, d);
            var right = a.Unsqueeze(0).Expand(b, b, d).Reshape(b * b, d);
            var s = Score(left, right).Data;
            var matrix = new float[b, b];
            for (int i = 0; i < b; i++) for (int j = 0; j < b; j++) matrix[i, j] = s[i * b + j];
            return matrix;
        }
    }
}
