using Latent.Data;
using Latent.Models.Common;
using Latent.Tensors;

namespace Latent.Models.Hybrids;

/// <summary>
/// The two domains of a <see cref="CycleDomains"/> choice as tensors in [0, 1]: the training batches pair each row
/// of A with an unrelated row of B (the loader's <c>Inputs</c> are A, its <c>Targets</c> B), the test set keeps true
/// pairs where the domains have them (<see cref="TestPaired"/>).
/// </summary>
/// <param name="Train">Shuffled training batches: A as inputs, B as targets, from disjoint images.</param>
/// <param name="Test">Test batches in order: A as inputs, B as targets.</param>
/// <param name="TestPaired">Whether each test row of B is the true translation of its row of A (edges ↔ items).</param>
/// <param name="NameA">What domain A holds.</param>
/// <param name="NameB">What domain B holds.</param>
public sealed record UnpairedDomains(DataLoader Train, DataLoader Test, bool TestPaired, string NameA, string NameB)
{
    /// <summary>Loads Fashion-MNIST and builds the domains of <paramref name="options"/>.</summary>
    /// <exception cref="ArgumentException">The training set is too small to give each domain a batch.</exception>
    public static UnpairedDomains Load(CycleGanOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var data = FashionMnistData.Load(options);
        var (trainA, trainB) = Split(options.Domains, data.Train, pairedSplit: false);
        var (testA, testB) = Split(options.Domains, data.Test, pairedSplit: true);
        if (trainA.Shape[0] < options.BatchSize)
            throw new ArgumentException($"CycleGAN: the training set gives domain A only {trainA.Shape[0]} images, fewer than one batch of {options.BatchSize}; raise --train-size.");
        var train = new DataLoader(trainA, trainB, options.BatchSize, shuffle: true, generator: options.NewGenerator(1));
        var test = new DataLoader(testA, testB, 250, shuffle: false);
        var (nameA, nameB) = Names(options.Domains);
        return new UnpairedDomains(train, test, options.Domains == CycleDomains.EdgesItems, nameA, nameB);
    }

    /// <summary>What domains A and B hold.</summary>
    public static (string A, string B) Names(CycleDomains domains) => domains switch
    {
        CycleDomains.EdgesItems => ("edge maps", "items"),
        CycleDomains.SneakerBoot => ("sneakers", "ankle boots"),
        CycleDomains.TshirtShirt => ("T-shirts", "shirts"),
        _ => throw new ArgumentOutOfRangeException(nameof(domains), domains, "Unknown CycleGAN domains."),
    };

    /// <summary>
    /// Domains A and B of <paramref name="images"/>, equal in size. Edges ↔ items: with <paramref name="pairedSplit"/>
    /// every image gives its edges to A and itself to B (true pairs, for scoring); otherwise the first half gives A
    /// its edges and the second half gives B its items. Class domains: the images of each class, cut to the smaller count.
    /// </summary>
    public static (Tensor A, Tensor B) Split(CycleDomains domains, ImageDataset images, bool pairedSplit)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (domains == CycleDomains.EdgesItems)
        {
            if (pairedSplit)
            {
                var all = images.ToTensor();
                return (PairedTasks.Input(TranslationTask.Edges, all), all);
            }
            int half = images.Count / 2;
            return (PairedTasks.Input(TranslationTask.Edges, images.ToTensor(0, half)), images.ToTensor(half, half));
        }
        var (a, b) = domains == CycleDomains.SneakerBoot ? (7, 9) : (0, 6);
        var labels = images.Labels.ToArray();
        var ofA = Enumerable.Range(0, labels.Length).Where(i => labels[i] == a).ToArray();
        var ofB = Enumerable.Range(0, labels.Length).Where(i => labels[i] == b).ToArray();
        int n = Math.Min(ofA.Length, ofB.Length);
        return (images.ToTensor(ofA.AsSpan(0, n)), images.ToTensor(ofB.AsSpan(0, n)));
    }
}
