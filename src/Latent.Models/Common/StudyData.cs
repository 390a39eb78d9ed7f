using Latent.Data;
using Latent.Tensors;

namespace Latent.Models.Common;

/// <summary>The first images of each Fashion-MNIST split as tensors [N, 1, 28, 28] in [0, 1], with their labels.</summary>
public sealed record StudyData(Tensor Train, int[] TrainLabels, Tensor Test, int[] TestLabels)
{
    /// <summary>Loads the first <paramref name="trainCount"/> training and <paramref name="testCount"/> test images.</summary>
    /// <exception cref="DatasetNotFoundException">Fashion-MNIST is not installed (the message gives the apt-get command).</exception>
    public static StudyData Load(StudyContext context, int trainCount, int testCount)
    {
        var train = FashionMnist.Load(DatasetSplit.Train, context.DataDir);
        var test = FashionMnist.Load(DatasetSplit.Test, context.DataDir);
        train = train.Take(Math.Min(trainCount, train.Count));
        test = test.Take(Math.Min(testCount, test.Count));
        return new StudyData(train.ToTensor(), train.Labels.ToArray(), test.ToTensor(), test.Labels.ToArray());
    }

    /// <summary>The ten class names.</summary>
    public static IReadOnlyList<string> ClassNames => FashionMnist.ClassNames;
}
