using Latent.Data;
using Latent.Models.Catalog;
using Latent.Models.Common;

namespace Latent.Models.Siamese;

/// <summary>The Siamese family (F38): shared-weight embeddings compared by a distance, tested one-shot on classes never seen.</summary>
public sealed class SiameseFamily : IModelFamily
{
    /// <summary>The one instance, listed in <see cref="ModelCatalog.Families"/>.</summary>
    public static SiameseFamily Instance { get; } = new();

    private SiameseFamily() { }

    /// <inheritdoc />
    public string Name => "Siamese";

    /// <inheritdoc />
    public IReadOnlyList<ModelSpec> Models { get; } =
    [
        ModelSpec.Of("siamese", "Siamese", "F38",
            "Siamese CNN: --loss contrastive, cosine, koch or triplet, balanced or hard-negative pairs; one-shot N-way accuracy on unseen classes beside nearest-neighbour on pixels",
            new SiameseOptions(), Create),
    ];

    /// <inheritdoc />
    public IReadOnlyList<Study> Studies { get; } = [new Studies.OneShotStudy(), new Studies.EmbeddingAttackStudy()];

    /// <summary>A Siamese network and its data as <paramref name="options"/> describe them.</summary>
    public static TrainingSetup Create(SiameseOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var data = SiameseData.Load(options);
        var network = new SiameseNetwork([1, 28, 28], options.EmbeddingDim, options.NewGenerator(0), options.Channels, options.Hidden);
        var test = new DataLoader(data.TestImages, data.TestLabels, batchSize: 500, shuffle: false);
        var model = new SiameseModel(network, options.Loss, (float)options.EffectiveMargin, data.TrainImages, data.TrainLabels, options.LearningRate, options.NewGenerator(2))
        {
            Negatives = options.Negatives,
            HardNegatives = options.HardNegatives,
            MaxShift = options.MaxShift,
            Distortion = options.Distort ? new AffineDistortion() : null,
            Ways = options.EffectiveWays,
            Episodes = options.Episodes,
            Test = test,
            TestDrawers = data.TestDrawers,
            TestClassNames = data.ClassNames,
        };
        var train = new DataLoader(data.TrainImages, data.TrainLabels, batchSize: options.BatchSize, shuffle: true, generator: options.NewGenerator(1));
        return new TrainingSetup(model, train, test);
    }
}
