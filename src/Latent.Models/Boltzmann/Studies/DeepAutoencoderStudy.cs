using System.Text.Json.Nodes;
using Latent.IO;
using Latent.Models.Common;
using Latent.NN;
using Latent.Tensors;

namespace Latent.Models.Boltzmann.Studies;

/// <summary>
/// <c>latent study deep-autoencoder</c>: Hinton &amp; Salakhutdinov's (2006) deep autoencoder, a stack of RBMs
/// pre-trained greedily (the paper's 784-1000-500-250-k), unrolled into an encoder and a decoder and fine-tuned by backpropagation,
/// against PCA with k components: test reconstruction error for k = 30 and the 2-D code scatter for k = 2.
/// </summary>
public sealed class DeepAutoencoderStudy : Study
{
    /// <summary>Hidden sizes of the RBMs below the code layer.</summary>
    public int[] Layers { get; init; } = [1000, 500, 250];

    /// <summary>The code sizes compared with PCA (30 for the error, 2 for the scatter).</summary>
    public int[] CodeSizes { get; init; } = [30, 2];

    /// <summary>Training images of the pre-training, the fine-tuning and PCA.</summary>
    public int TrainImages { get; init; } = 60_000;

    /// <summary>Test images the errors are measured on.</summary>
    public int TestImages { get; init; } = 10_000;

    /// <summary>CD-1 updates of 100 images per RBM.</summary>
    public int StepsPerLayer { get; init; } = 600;

    /// <summary>Adam steps of 100 images of the fine-tuning.</summary>
    public int FineTuneSteps { get; init; } = 2500;

    /// <summary>Adam's (initial) learning rate.</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>Whether the fine-tuning's learning rate follows a cosine from <see cref="LearningRate"/> to 0 over its steps.</summary>
    public bool AnnealLearningRate { get; init; } = true;

    /// <summary>Whether the same deep autoencoder from a random initialisation is fine-tuned as well (for the first code size).</summary>
    public bool CompareRandomInit { get; init; } = true;

    /// <summary>Test images in the scatter plots.</summary>
    public int ScatterImages { get; init; } = 2000;

    /// <inheritdoc />
    public override string Name => "deep-autoencoder";

    /// <inheritdoc />
    public override string Title => "The RBM-pretrained deep autoencoder against PCA";

    /// <inheritdoc />
    public override string TypicalDuration => "10-15 minutes";

    /// <inheritdoc />
    public override string Explanation =>
        $"A stack of RBMs 784-{string.Join("-", Layers)}-k is trained greedily by CD-1 ({StepsPerLayer:N0} updates of 100 images per layer) on " +
        $"{TrainImages:N0} Fashion-MNIST images binarized at 0.5, then unrolled into an encoder (σ(Wv + c) up the stack) and a decoder " +
        "(σ(Wᵀh + b) down it) and fine-tuned end to end by backpropagation on the grey pixels' binary cross-entropy " +
        $"({FineTuneSteps:N0} Adam steps of 100 at learning rate {LearningRate}{(AnnealLearningRate ? " annealed by a cosine to 0" : "")}), as in Hinton & Salakhutdinov (2006). PCA with the same number of " +
        "components is fitted on the same images. The errors are mean squared errors per pixel on the test images; 'pretrained only' is the " +
        "unrolled stack before fine-tuning, 'random init' the same network fine-tuned from a random initialisation. As in the paper the k code " +
        "units are linear (the top RBM has Gaussian code units of unit variance, trained with a smaller learning rate); unlike it, fine-tuning " +
        "uses Adam rather than conjugate gradients, for far fewer epochs than the paper. The scatter plots show the 2-D codes of test images, coloured by class, beside the first two principal components.";

    /// <inheritdoc />
    public override JsonObject Run(StudyContext c)
    {
        ArgumentNullException.ThrowIfNull(c);
        var data = StudyData.Load(c, TrainImages, TestImages);
        int n = data.Train.Shape[0], nTest = data.Test.Shape[0];
        var train = data.Train.Reshape(n, -1);
        var test = data.Test.Reshape(nTest, -1);
        c.Report($"pre-training the RBMs 784-{string.Join("-", Layers)}");
        var dbn = GreedyPretraining.Train(data.Train, Layers, StepsPerLayer, c.Seed);
        Tensor features;
        using (Autograd.NoGrad()) features = dbn.Up(dbn.Binarize(data.Train), Layers.Length);
        var pca = Pca.Fit(train, CodeSizes.Max());
        var results = new JsonArray();
        var shown = data.Test.Narrow(0, 0, 12);
        var pictures = new List<Tensor> { shown.Reshape(12, 1, 28, 28) };
        foreach (int k in CodeSizes)
        {
            c.Report($"code size {k}: top RBM, fine-tuning, PCA");
            var code = TrainCodeLayer(features, k, StepsPerLayer, new Generator(c.Seed + (ulong)k * 31));
            var encoder = UnrolledNetworks.Encoder(dbn.Layers, new Generator(c.Seed + 3), code);
            var decoder = UnrolledNetworks.Decoder(dbn.Layers, new Generator(c.Seed + 4), code);
            double pretrainedOnly = Error(encoder, decoder, test);
            BackpropFineTuning.TrainAutoencoder(encoder, decoder, train, FineTuneSteps, 100, LearningRate, new Generator(c.Seed + 5), AnnealLearningRate);
            double fineTuned = Error(encoder, decoder, test);
            var pcaReconstruction = PcaReconstruction(pca, test, k);
            double pcaError = BackpropFineTuning.MeanSquaredError(test, pcaReconstruction);
            var row = new JsonObject
            {
                ["code_size"] = k,
                ["test_mse_deep_autoencoder"] = Math.Round(fineTuned, 5),
                ["test_mse_pretrained_only"] = Math.Round(pretrainedOnly, 5),
                ["test_mse_pca"] = Math.Round(pcaError, 5),
            };
            if (CompareRandomInit && k == CodeSizes[0])
            {
                var sizes = UnrolledNetworks.Sizes(dbn.Layers);
                var randomEncoder = UnrolledNetworks.RandomSigmoidLayers(sizes, new Generator(c.Seed + 6)).Add(new Linear(sizes[^1], k, new Generator(c.Seed + 8)));
                var randomDecoder = new Sequential(new Linear(k, sizes[^1], new Generator(c.Seed + 9)), new Sigmoid(),
                    UnrolledNetworks.RandomSigmoidLayers([.. sizes.Reverse()], new Generator(c.Seed + 7)));
                BackpropFineTuning.TrainAutoencoder(randomEncoder, randomDecoder, train, FineTuneSteps, 100, LearningRate, new Generator(c.Seed + 5), AnnealLearningRate);
                row["test_mse_random_init"] = Math.Round(Error(randomEncoder, randomDecoder, test), 5);
            }
            results.Add(row);
            if (k == CodeSizes[0])
            {
                pictures.Add(BackpropFineTuning.Apply(decoder, BackpropFineTuning.Apply(encoder, shown)).Reshape(12, 1, 28, 28));
                pictures.Add(pcaReconstruction.Narrow(0, 0, 12).Reshape(12, 1, 28, 28));
            }
            if (k == 2) Scatter(c, encoder, pca, data, Math.Min(ScatterImages, nTest));
        }
        ImageGrid.Save(Tensor.Concat([.. pictures], 0), c.Picture("deep-autoencoder-reconstructions.png",
            $"test images (top), the fine-tuned deep autoencoder's reconstructions with {CodeSizes[0]} codes, and PCA's with {CodeSizes[0]} components (bottom)"), columns: 12);
        return c.WriteJson("deep-autoencoder.json", new JsonObject
        {
            ["study"] = Name,
            ["layers"] = new JsonArray([784, .. Layers.Select(l => (JsonNode)l)]),
            ["train_images"] = n,
            ["test_images"] = nTest,
            ["steps_per_layer"] = StepsPerLayer,
            ["finetune_steps"] = FineTuneSteps,
            ["finetune_batch"] = 100,
            ["learning_rate"] = LearningRate,
            ["learning_rate_schedule"] = AnnealLearningRate ? "cosine to 0 over the fine-tuning steps" : "constant",
            ["error"] = "mean squared error per pixel on the test images (pixels in [0, 1])",
            ["seed"] = c.Seed,
            ["results"] = results,
        });
    }

    /// <summary>
    /// The linear code layer: an RBM with <paramref name="code"/> Gaussian units on the mean-field features of the layers
    /// below, trained by CD-1 with a ten times smaller learning rate than the logistic layers (0.005), as the paper does.
    /// </summary>
    private static RbmParameters TrainCodeLayer(Tensor features, int code, int steps, Generator gen)
    {
        var rbm = new RbmParameters(code, features.Shape[1], gen, units: VisibleUnits.Gaussian);
        var optimizer = ContrastiveDivergence.Optimizer(rbm, 0.005, 0.5, 2e-4);
        int n = features.Shape[0];
        using var _ = Autograd.NoGrad();
        for (int step = 0; step < steps; step++)
        {
            int start = (int)((long)step * 100 % Math.Max(1, n - 100 + 1));
            ContrastiveDivergence.UpdateLinearCode(rbm, optimizer, features.Narrow(0, start, Math.Min(100, n)), gen);
        }
        return rbm;
    }

    /// <summary>Rows reconstructed from their first <paramref name="k"/> principal coordinates, clipped to [0, 1].</summary>
    private static Tensor PcaReconstruction(Pca pca, Tensor rows, int k)
    {
        var keep = Tensor.Zeros(1, pca.ComponentCount);
        keep.Data[..k].Fill(1f);
        return pca.InverseTransform(pca.Transform(rows) * keep).Clamp(0f, 1f);
    }

    private static double Error(Module encoder, Module decoder, Tensor test)
        => BackpropFineTuning.MeanSquaredError(test, BackpropFineTuning.Apply(decoder, BackpropFineTuning.Apply(encoder, test)));

    private static void Scatter(StudyContext c, Module encoder, Pca pca, StudyData data, int count)
    {
        var images = data.Test.Narrow(0, 0, count);
        var labels = data.TestLabels[..count];
        new ScatterPlot { Title = "2-D codes of the deep autoencoder (test images)", XLabel = "code 1", YLabel = "code 2", ClassNames = StudyData.ClassNames }
            .Add(BackpropFineTuning.Apply(encoder, images), labels)
            .Save(c.Picture("deep-autoencoder-codes.svg", "the fine-tuned encoder's 2-D codes of test images, coloured by class"));
        new ScatterPlot { Title = "First two principal components (test images)", XLabel = "PC 1", YLabel = "PC 2", ClassNames = StudyData.ClassNames }
            .Add(pca.Transform(images.Reshape(count, -1)), labels)
            .Save(c.Picture("pca-codes.svg", "the same test images on PCA's first two components, coloured by class"));
    }
}
