using Latent.Data;
using Latent.NN;
using Latent.Optim;
using Latent.Tensors;

namespace Latent.Models.Autoencoders;

/// <summary>Test accuracies of the same classifier trained from pre-trained and from random encoder weights.</summary>
/// <param name="PretrainedAccuracy">Accuracy with the encoder initialized by unsupervised pre-training.</param>
/// <param name="RandomInitAccuracy">Accuracy with a randomly initialized encoder.</param>
public sealed record ClassifierComparison(double PretrainedAccuracy, double RandomInitAccuracy);

/// <summary>A classifier made of an encoder and a linear softmax head, trained end to end with Adam on labelled data.</summary>
public static class EncoderClassifier
{
    /// <summary>Trains encoder + Linear(features → classes) with cross-entropy and returns the test accuracy.</summary>
    /// <exception cref="ArgumentException">Labels do not match the data.</exception>
    public static double TrainAndScore(Module encoder, int features, int classes, Tensor x, int[] labels, Tensor test, int[] testLabels,
        int steps, double learningRate, ulong headSeed, ulong orderSeed, int batchSize = 64)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(test);
        ArgumentNullException.ThrowIfNull(testLabels);
        if (testLabels.Length != test.Shape[0]) throw new ArgumentException($"EncoderClassifier: {testLabels.Length} labels for {test.Shape[0]} test rows.", nameof(testLabels));
        var model = new Sequential(encoder, new Linear(features, classes, new Generator(headSeed)));
        var optimizer = new Adam(model.Parameters(), learningRate);
        var loader = new DataLoader(x, labels, batchSize: batchSize, generator: new Generator(orderSeed));
        for (int step = 0; step < steps;)
            foreach (var batch in loader)
            {
                if (step++ >= steps) break;
                optimizer.ZeroGrad();
                Losses.CrossEntropy(model.Forward(batch.Inputs), batch.Labels!).Backward();
                optimizer.Step();
            }
        using var _ = Autograd.NoGrad();
        var predicted = Common.LatentEncoding.MapInBatches(test, model.Forward).Argmax(1).Data;
        int correct = 0;
        for (int i = 0; i < testLabels.Length; i++)
            if ((int)predicted[i] == testLabels[i]) correct++;
        return correct / (double)testLabels.Length;
    }
}
