using Latent.Models.Boltzmann;
using Latent.Tensors;

namespace Latent.Tests.Models.Boltzmann;

/// <summary>Networks unrolled from an RBM stack: the same maps as the DBN's mean-field passes, and fine-tuning that improves them.</summary>
public class UnrolledNetworkTests
{
    /// <summary>A trained-looking stack 36-12-5: random weights of scale 0.5 and random biases.</summary>
    private static DeepBeliefNet Stack()
    {
        var dbn = new DeepBeliefNet([36], new DbnOptions { Layers = [12, 5] }, null, 1, layerSteps: 10, new Generator(1), new Generator(2));
        var gen = new Generator(3);
        foreach (var rbm in dbn.Layers)
        {
            gen.FillNormal(rbm.Weight.Data, 0, 0.5f);
            gen.FillNormal(rbm.VisibleBias.Data, 0, 0.5f);
            gen.FillNormal(rbm.HiddenBias.Data, 0, 0.5f);
        }
        return dbn;
    }

    /// <summary>n noisy copies (5 % of pixels flipped) of 4 random binary prototypes of 36 pixels, and each one's prototype.</summary>
    private static (Tensor X, int[] Labels) Prototypes(int n, ulong seed)
    {
        var prototypes = Tensor.Bernoulli(0.5f, [4, 36], new Generator(99));
        var gen = new Generator(seed);
        var x = Tensor.Zeros(n, 36);
        var labels = new int[n];
        for (int r = 0; r < n; r++)
        {
            int k = labels[r] = gen.NextInt(4);
            for (int i = 0; i < 36; i++)
            {
                float p = prototypes.Data[k * 36 + i];
                x.Data[r * 36 + i] = gen.NextFloat() < 0.05f ? 1 - p : p;
            }
        }
        return (x, labels);
    }

    [Fact]
    public void EncoderAndDecoderAreTheDbnsMeanFieldPasses()
    {
        var dbn = Stack();
        var v = Tensor.Bernoulli(0.5f, [9, 36], new Generator(4));
        var encoder = UnrolledNetworks.Encoder(dbn.Layers, new Generator(5));
        var decoder = UnrolledNetworks.Decoder(dbn.Layers, new Generator(6));
        var up = dbn.Up(v, 2);
        var codes = BackpropFineTuning.Apply(encoder, v);
        for (int i = 0; i < up.Size; i++) Close.Assert(up.Data[i], codes.Data[i], atol: 1e-6, rtol: 1e-5, what: $"code {i}");
        var down = dbn.Down(up, 2);
        var decoded = BackpropFineTuning.Apply(decoder, codes);
        for (int i = 0; i < down.Size; i++) Close.Assert(down.Data[i], decoded.Data[i], atol: 1e-6, rtol: 1e-5, what: $"pixel {i}");
        // Fine-tuning copies: the RBMs keep their weights.
        float before = dbn.Layers[0].Weight.Data[0];
        ((Latent.NN.Linear)encoder[0]).Weight.Data[0] += 1f;
        Assert.Equal(before, dbn.Layers[0].Weight.Data[0]);
    }

    [Fact]
    public void ClassifierFineTuningLearnsTheClassesFromEitherInitialisation()
    {
        var (x, labels) = Prototypes(400, 7);
        var (test, testLabels) = Prototypes(200, 8);
        var dbn = new DeepBeliefNet([36], new DbnOptions { Layers = [16] }, null, 1, layerSteps: 200, new Generator(1), new Generator(2));
        Latent.Models.Common.InMemoryTraining.Fit(dbn, x, 200, seed: 3, batchSize: 20);
        var pretrained = UnrolledNetworks.Classifier(dbn.Layers, 4, new Generator(4));
        var random = UnrolledNetworks.RandomClassifier(UnrolledNetworks.Sizes(dbn.Layers), 4, new Generator(4));
        Assert.Equal(random.Parameters().Select(p => p.Size), pretrained.Parameters().Select(p => p.Size));
        double chance = BackpropFineTuning.Accuracy(random, test, testLabels);
        BackpropFineTuning.TrainClassifier(pretrained, x, labels, 150, 20, 1e-2, new Generator(5));
        BackpropFineTuning.TrainClassifier(random, x, labels, 150, 20, 1e-2, new Generator(5));
        double a = BackpropFineTuning.Accuracy(pretrained, test, testLabels), b = BackpropFineTuning.Accuracy(random, test, testLabels);
        Assert.True(a > 0.95 && b > 0.95, $"test accuracy {a:F3} from the DBN, {b:F3} from random weights (chance {chance:F3})");
        Assert.Throws<ArgumentException>(() => BackpropFineTuning.TrainClassifier(random, x, labels[..10], 1, 20, 1e-2, new Generator(5)));
    }

    [Fact]
    public void AutoencoderFineTuningLowersTheReconstructionError()
    {
        var (x, _) = Prototypes(400, 9);
        var dbn = new DeepBeliefNet([36], new DbnOptions { Layers = [16, 4] }, null, 1, layerSteps: 200, new Generator(1), new Generator(2));
        Latent.Models.Common.InMemoryTraining.Fit(dbn, x, 400, seed: 3, batchSize: 20);
        var encoder = UnrolledNetworks.Encoder(dbn.Layers, new Generator(4));
        var decoder = UnrolledNetworks.Decoder(dbn.Layers, new Generator(5));
        double Error() => BackpropFineTuning.MeanSquaredError(x, BackpropFineTuning.Apply(decoder, BackpropFineTuning.Apply(encoder, x)));
        double before = Error();
        BackpropFineTuning.TrainAutoencoder(encoder, decoder, x, 300, 20, 1e-2, new Generator(6));
        double after = Error();
        Assert.True(after < 0.5 * before && after < 0.05, $"mean squared error per pixel {before:F4} → {after:F4}");
    }

    [Fact]
    public void LinearCodeLayerEndsTheEncoderAndStartsTheDecoder()
    {
        var dbn = Stack();
        var code = new RbmParameters(3, 5, new Generator(7), initStd: 0.5, units: VisibleUnits.Gaussian);
        new Generator(8).FillNormal(code.VisibleBias.Data, 0, 0.5f);
        new Generator(9).FillNormal(code.HiddenBias.Data, 0, 0.5f);
        var v = Tensor.Bernoulli(0.5f, [6, 36], new Generator(4));
        var top = dbn.Up(v, 2);
        var z = BackpropFineTuning.Apply(UnrolledNetworks.Encoder(dbn.Layers, new Generator(5), code), v);
        var expected = code.VisibleMean(top);                       // b + Wᵀh: linear, unbounded codes
        Assert.Equal([6, 3], z.Shape);
        for (int i = 0; i < z.Size; i++) Close.Assert(expected.Data[i], z.Data[i], atol: 1e-5, rtol: 1e-5, what: $"code {i}");
        var decoded = BackpropFineTuning.Apply(UnrolledNetworks.Decoder(dbn.Layers, new Generator(6), code), z);
        var down = dbn.Down(code.HiddenProbabilities(z), 2);        // σ(c + Wz), then down the stack
        for (int i = 0; i < down.Size; i++) Close.Assert(down.Data[i], decoded.Data[i], atol: 1e-5, rtol: 1e-5, what: $"pixel {i}");
        var e = Assert.Throws<ArgumentException>(() => UnrolledNetworks.Encoder(dbn.Layers, new Generator(5), new RbmParameters(3, 4, new Generator(1), units: VisibleUnits.Gaussian)));
        Assert.Contains("stack's top has 5", e.Message);
    }

    [Fact]
    public void LinearCodeLayerTrainingLowersItsReconstructionError()
    {
        var (x, _) = Prototypes(400, 10);
        var code = new RbmParameters(4, 36, new Generator(1), units: VisibleUnits.Gaussian);
        var optimizer = ContrastiveDivergence.Optimizer(code, 0.01, 0.5, 0);
        var gen = new Generator(2);
        double first = 0, last = 0;
        for (int step = 0; step < 400; step++)
        {
            double error = ContrastiveDivergence.UpdateLinearCode(code, optimizer, x.Narrow(0, step % 20 * 20, 20), gen);
            if (step < 20) first += error / 20;
            if (step >= 380) last += error / 20;
        }
        Assert.True(last < 0.7 * first, $"reconstruction error {first:F3} → {last:F3} per example");
        Assert.Throws<ArgumentException>(() => ContrastiveDivergence.UpdateLinearCode(new RbmParameters(4, 36, new Generator(1)), optimizer, x, gen));
    }

    [Fact]
    public void MismatchedStacksAreRejected()
    {
        var a = new RbmParameters(10, 6, new Generator(1));
        var b = new RbmParameters(5, 3, new Generator(2));
        var e = Assert.Throws<ArgumentException>(() => UnrolledNetworks.Encoder([a, b], new Generator(3)));
        Assert.Contains("layer 1 has 5 visible units", e.Message);
        Assert.Throws<ArgumentException>(() => UnrolledNetworks.Encoder([], new Generator(3)));
        Assert.Throws<ArgumentException>(() => UnrolledNetworks.Decoder([new RbmParameters(4, 2, new Generator(1), units: VisibleUnits.Gaussian)], new Generator(3)));
    }
}
