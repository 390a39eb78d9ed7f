using Latent.Data;
using Latent.Models.Gans;
using Latent.Tensors;

namespace Latent.Tests.Models.Gans;

public class InfoGanTests
{
    [Fact]
    public void CategoricalTermIsTheCrossEntropyOfQsLogits()
    {
        float[] logits = [1f, -0.5f, 2f, 0f, 0.3f, -1f];
        int[] category = [2, 1];
        double expected = 0;
        for (int i = 0; i < 2; i++)
        {
            var row = logits.Skip(3 * i).Take(3).Select(v => (double)v).ToArray();
            double logZ = Math.Log(row.Sum(Math.Exp));
            expected += -(row[category[i]] - logZ) / 2;
        }
        Close.Assert(expected, MutualInformationBound.CategoricalNll(Tensor.FromArray(logits, 2, 3), category).Item(), atol: 1e-5, rtol: 1e-5);
    }

    [Fact]
    public void ContinuousTermIsTheGaussianNegativeLogLikelihood()
    {
        float[] mean = [0.2f, -0.4f, 1f, 0f], logStd = [0f, -1f, 0.5f, 0.1f], codes = [0.5f, -0.9f, -0.3f, 0.7f];
        double expected = 0;
        for (int i = 0; i < 4; i++)
        {
            double sigma = Math.Exp(logStd[i]);
            double density = Math.Exp(-Math.Pow(codes[i] - mean[i], 2) / (2 * sigma * sigma)) / (sigma * Math.Sqrt(2 * Math.PI));
            expected -= Math.Log(density) / 2; // two examples of two codes: summed over codes, averaged over examples
        }
        var nll = MutualInformationBound.GaussianNll(Tensor.FromArray(mean, 2, 2), Tensor.FromArray(logStd, 2, 2), Tensor.FromArray(codes, 2, 2));
        Close.Assert(expected, nll.Item(), atol: 1e-5, rtol: 1e-5);
    }

    [Fact]
    public void CodesConcatenateNoiseOneHotAndContinuousValues()
    {
        var codes = new InfoGanCodes(3, 4, 2);
        var draw = codes.Sample(5, new Generator(1));
        var input = codes.Input(draw).ToArray();
        Assert.Equal(5 * 9, input.Length);
        for (int i = 0; i < 5; i++)
        {
            Assert.Equal(Enumerable.Range(0, 4).Select(k => k == draw.Category[i] ? 1f : 0f), input.Skip(9 * i + 3).Take(4));
            Assert.All(input.Skip(9 * i + 7).Take(2), v => Assert.InRange(v, -1f, 1f));
        }
        var walk = codes.ContinuousTraversal(1, 5, 2f, new Generator(2));
        Assert.Equal([-2f, -1f, 0f, 1f, 2f], Enumerable.Range(0, 5).Select(j => walk.Values.ToArray()[2 * j + 1]));
        Assert.Equal(draw.Noise.Shape, codes.Sample(5, new Generator(1)).Noise.Shape);
        Assert.Throws<ArgumentException>(() => codes.Input(draw with { Category = [0] }));
    }

    [Fact]
    public void PaperNetworksMapCodesToImagesAndImagesTo1024Features()
    {
        var codes = new InfoGanCodes(62, 10, 2);
        var init = new Generator(11);
        var g = new InfoGanGenerator(init, codes.InputDim);
        var d = new InfoGanDiscriminator(init);
        var images = g.Generate(codes.Input(codes.Sample(4, new Generator(12))));
        Assert.Equal([4, 1, 28, 28], images.Shape);
        Assert.All(images.ToArray(), v => Assert.InRange(v, -1f, 1f));
        var features = d.Features(images);
        Assert.Equal([4, InfoGanDiscriminator.FeatureSize], features.Shape);
        Assert.Equal([4], d.Head(features).Shape);
        Assert.Equal([4, 10 + 4], new InfoGanQHead(InfoGanDiscriminator.FeatureSize, codes, init).Forward(features).Shape);
        Assert.Throws<ArgumentException>(() => d.Features(Tensor.Zeros(4, 1, 14, 14)));
    }

    [Fact]
    public void InformationTermIsTheCrossEntropyWithTheDrawnCodeAndReachesTheGenerator()
    {
        var options = new InfoGanOptions { NoiseDim = 6, Categories = 3, Continuous = 2, InfoWeight = 1, ContinuousWeight = 0.1 };
        var model = SmallModel(options, InfoGanNetworkKind.Dcgan, new Generator(21));
        var draw = options.Codes.Sample(5, new Generator(22));
        var features = model.Discriminator.Features(model.Generator.Generate(options.Codes.Input(draw)));
        var (loss, categorical, continuous) = model.InformationLoss(features, draw);

        // Hand-computed from Q's raw outputs: the cross-entropy against the drawn category, and with σ fixed at 1 the
        // Gaussian NLL Σ_d [½ log 2π + ½ (c_d − μ_d)²] averaged over the batch.
        float[] raw, values = draw.Values.ToArray();
        using (Autograd.NoGrad()) raw = model.Q.Forward(features).ToArray();
        double ce = 0, gauss = 0;
        for (int i = 0; i < 5; i++)
        {
            var row = raw.Skip(7 * i).Take(7).Select(v => (double)v).ToArray();
            double logZ = Math.Log(row.Take(3).Sum(Math.Exp));
            ce += -(row[draw.Category[i]] - logZ) / 5;
            for (int c = 0; c < 2; c++)
                gauss += (0.5 * Math.Log(2 * Math.PI) + 0.5 * Math.Pow(values[2 * i + c] - row[3 + c], 2)) / 5;
        }
        Close.Assert(ce, categorical.Item(), atol: 1e-5, rtol: 1e-4);
        Close.Assert(gauss, continuous.Item(), atol: 1e-5, rtol: 1e-4);
        Close.Assert(ce + 0.1 * gauss, loss.Item(), atol: 1e-5, rtol: 1e-4);

        // The generator step differentiates the term for the generator: every weighted layer of G gets a gradient.
        var weights = model.Generator.NamedParameters().Where(p => p.Name.EndsWith("weight", StringComparison.Ordinal)).Select(p => p.Tensor).ToList();
        loss.Backward(inputs: weights);
        Assert.All(weights, w => Assert.True(w.Grad != null && w.Grad.ToArray().Any(v => v != 0f), "a generator weight got no gradient from the information term"));
    }

    [Theory]
    [InlineData(InfoGanNetworkKind.Dcgan)]
    [InlineData(InfoGanNetworkKind.Paper)]
    public void TrainingTeachesQToRecoverTheCategoricalCode(InfoGanNetworkKind networks)
    {
        var options = new InfoGanOptions { NoiseDim = 8, Categories = 4, Continuous = 1, LearningRate = 1e-3, DiscriminatorLr = 1e-3 };
        var model = SmallModel(options, networks, new Generator(5));
        var heldOut = options.Codes.Sample(64, new Generator(8));
        double HeldOutBound()
        {
            using var _ = Autograd.NoGrad();
            var features = model.Discriminator.Features(model.Generator.Generate(options.Codes.Input(heldOut)));
            return Math.Log(4) - model.InformationLoss(features, heldOut).Categorical.Item();
        }
        double before = HeldOutBound();
        var data = new Generator(7);
        var bounds = new List<double>();
        for (int step = 0; step < 15; step++)
        {
            var real = Tensor.Rand([16, 1, 28, 28], data, -1f, 1f);
            var metrics = model.TrainStep(new Batch(real, null, null, Enumerable.Range(0, 16).ToArray()));
            Assert.All(metrics.Values, v => Assert.True(double.IsFinite(v)));
            bounds.Add(metrics["mi_categorical"]);
        }
        double after = HeldOutBound();
        // On codes it was not trained on, Q starts near chance (bound ≈ 0) and learns to read the code from G's images:
        // the bound log 4 − CE rises towards log 4 = 1.386.
        Assert.True(before < 0.3 && after > 0.7, $"held-out bound {before:F3} → {after:F3}; training bound: " + string.Join(", ", bounds.Select(b => b.ToString("F2"))));
        Assert.True(bounds.TakeLast(3).Average() > bounds.Take(3).Average());
    }

    /// <summary>The paper's networks, or narrow DCGAN ones (generator width 16, Q hidden 32) to keep the test fast.</summary>
    private static InfoGanModel SmallModel(InfoGanOptions options, InfoGanNetworkKind networks, Generator init)
        => networks == InfoGanNetworkKind.Paper
            ? new InfoGanModel(new InfoGanGenerator(init, options.Codes.InputDim), new InfoGanDiscriminator(init),
                new InfoGanQHead(InfoGanDiscriminator.FeatureSize, options.Codes, init), options, new Generator(6))
            : new InfoGanModel(new DcganGenerator(init, options.Codes.InputDim, width: 16), new DcganDiscriminator(init),
                new InfoGanQHead(DcganDiscriminator.FeatureSize, options.Codes, init, hidden: 32), options, new Generator(6));
}
