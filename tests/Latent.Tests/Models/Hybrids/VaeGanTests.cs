using Latent.Data;
using Latent.Models.Common;
using Latent.Models.Hybrids;
using Latent.Tensors;

namespace Latent.Tests.Models.Hybrids;

public class VaeGanTests
{
    private static VaeGan Build(VaeGanOptions options)
    {
        var (encoder, decoder, discriminator) = HybridNetworks.VaeGan([1, 28, 28], options.LatentDim, options.Width, new Generator(1));
        return new VaeGan(encoder, decoder, discriminator, options, new Generator(2));
    }

    [Fact]
    public void LossesAreTheTermsOfLarsenEtAlRecomputedByHand()
    {
        var options = new VaeGanOptions { LatentDim = 4, Width = 8, Gamma = 0.3 };
        var model = Build(options);
        var x = Tensor.Rand([3, 1, 28, 28], new Generator(7));
        var losses = model.ComputeLosses(x, new Generator(11));

        // The same draws in the same order: reparameterization noise, then the prior codes.
        var gen = new Generator(11);
        var real = x * 2f - 1f;
        var (mean, logVar) = model.Encoder.Encode(real);
        var (z, _) = GaussianMath.Reparameterize(mean, logVar, gen);
        var reconstruction = model.Decoder.Generate(z);
        var prior = model.Decoder.Generate(Tensor.Randn([3, 4], gen));
        var features = model.Discriminator.Features(Tensor.Concat([real, reconstruction, prior], 0)).ToArray();
        var scores = model.Discriminator.Head(model.Discriminator.Features(Tensor.Concat([real, reconstruction, prior], 0))).ToArray();
        int perImage = features.Length / 9;
        double llike = 0;
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < perImage; j++)
            {
                double d = features[(3 + i) * perImage + j] - features[i * perImage + j];
                llike += 0.5 * d * d / 3;
            }
        double kl = 0;
        for (int i = 0; i < mean.Size; i++)
            kl += 0.5 * (Math.Exp(logVar.Data[i]) + mean.Data[i] * mean.Data[i] - 1 - logVar.Data[i]) / 3;
        static double Softplus(double s) => Math.Log(1 + Math.Exp(s));
        double dLoss = 0, gLoss = 0;
        for (int i = 0; i < 3; i++)
        {
            dLoss += (Softplus(-scores[i]) + Softplus(scores[3 + i]) + Softplus(scores[6 + i])) / 3;
            gLoss += (Softplus(-scores[3 + i]) + Softplus(-scores[6 + i])) / 3;
        }
        Close.Assert(llike, losses.FeatureReconstruction.Item(), rtol: 1e-4, what: "L_llike");
        Close.Assert(kl, losses.Kl.Item(), atol: 1e-5, rtol: 1e-4, what: "L_prior");
        Close.Assert(kl + llike, losses.Encoder.Item(), rtol: 1e-4, what: "encoder loss");
        Close.Assert(0.3 * llike + gLoss, losses.Decoder.Item(), rtol: 1e-4, what: "decoder loss");
        Close.Assert(dLoss, losses.Discriminator.Item(), rtol: 1e-4, what: "discriminator loss");
    }

    [Fact]
    public void EachNetworkMovesOnlyOnItsOwnLoss()
    {
        // With γ = 0 and the decoder's GAN loss the only decoder term, a step must leave the encoder exactly where
        // an Adam step on L_prior + L_llike alone puts it: compare against a twin updated by hand.
        var options = new VaeGanOptions { LatentDim = 4, Width = 8, Gamma = 0 };
        var model = Build(options);
        var twin = Build(options);
        var x = Tensor.Rand([4, 1, 28, 28], new Generator(3));
        var batch = new Batch(x, null, null, [0, 1, 2, 3]);
        model.TrainStep(batch);

        var losses = twin.ComputeLosses(x, new Generator(2));
        var encoderOnly = new Latent.Optim.Adam(twin.Encoder.Parameters(), options.LearningRate, beta1: 0.5);
        encoderOnly.ZeroGrad();
        losses.Encoder.Backward();
        encoderOnly.Step();
        var updated = model.Encoder.Parameters().ToArray();
        var expected = twin.Encoder.Parameters().ToArray();
        for (int p = 0; p < updated.Length; p++)
            for (int i = 0; i < updated[p].Size; i++)
                Close.Assert(expected[p].Data[i], updated[p].Data[i], atol: 1e-6, what: $"encoder parameter {p}[{i}]");
    }

    [SkippableFact]
    public void TrainingImprovesReconstructionsOfHeldOutImages()
    {
        var (train, test) = TestData.RequireFashionMnist();
        var model = Build(new VaeGanOptions { LatentDim = 8, Width = 16, LearningRate = 1e-3, DiscriminatorLearningRate = 1e-3 });
        var testLoader = new DataLoader(test.Take(128), 128, shuffle: false);
        double before = model.Evaluate(testLoader)["pixel_mse"];
        InMemoryTraining.Fit(model, new DataLoader(train, 32, shuffle: true, generator: new Generator(4)), 100);
        var after = model.Evaluate(testLoader);
        Assert.True(after["pixel_mse"] < 0.85 * before, $"pixel MSE of reconstructions {before} → {after["pixel_mse"]}");
        var samples = ((Latent.Models.Common.ISampler)model).Sample(8, new Generator(5));
        Assert.Equal([8, 1, 28, 28], samples.Shape);
        Assert.All(samples.ToArray(), v => Assert.InRange(v, 0f, 1f));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void OnlyADiscriminatorWithBiasesLearnsToRejectTheFlatGreyImage(bool bias)
    {
        // The flat mid-grey image is 0 in [−1, 1]; a bias-free, norm-free discriminator maps it to score 0 (D = ½)
        // whatever its weights, which is where a VAE-GAN decoder collapsed. Train D alone: real images → 1, grey → 0.
        var gen = new Generator(3);
        var d = new Latent.Models.Gans.DcganDiscriminator(gen, 1, Latent.Models.Gans.NormKind.None, bias: bias);
        var real = Tensor.Rand([8, 1, 28, 28], new Generator(4)) * 2f - 1f;
        var grey = Tensor.Zeros([8, 1, 28, 28]);
        var adam = new Latent.Optim.Adam(d.Parameters(), 1e-2);
        for (int step = 0; step < 40; step++)
        {
            adam.ZeroGrad();
            var scores = d.Score(Tensor.Concat([real, grey], 0));
            var target = Tensor.Concat([Tensor.Ones([8]), Tensor.Zeros([8])], 0);
            Latent.NN.Losses.BinaryCrossEntropyWithLogits(scores, target).Backward();
            adam.Step();
        }
        double greyProbability;
        using (Autograd.NoGrad()) greyProbability = d.Score(grey).Sigmoid().Mean().Item();
        if (bias) Assert.True(greyProbability < 0.1, $"D(grey) = {greyProbability} after training with biases");
        else Assert.Equal(0.5, greyProbability, 6);
    }

    [Fact]
    public void BadOptionsNameTheOption()
    {
        var e = Assert.Throws<ArgumentException>(() => new VaeGanOptions { Gamma = -1 }.Validate());
        Assert.Contains("--gamma", e.Message);
        e = Assert.Throws<ArgumentException>(() => HybridNetworks.VaeGan([1, 32, 32], 8, 16, new Generator(1)));
        Assert.Contains("28×28", e.Message);
    }
}
