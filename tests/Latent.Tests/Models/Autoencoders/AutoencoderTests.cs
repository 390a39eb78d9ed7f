using Latent.Models.Catalog;
using Latent.Data;
using Latent.Models.Autoencoders;
using Latent.Linalg;
using Latent.Models.Common;
using Latent.Models.Metrics;
using Latent.Tensors;

namespace Latent.Tests.Models.Autoencoders;

public class AutoencoderTests
{
    /// <summary>Mean training loss over the first and the last <paramref name="window"/> steps.</summary>
    internal static (double First, double Last) Train(Latent.Training.TrainableModel model, Tensor x, int steps, int batch = 64, int window = 5)
    {
        var loader = new DataLoader(x, batchSize: batch, generator: new Generator(11));
        var losses = new List<double>();
        while (losses.Count < steps)
            foreach (var b in loader)
            {
                if (losses.Count >= steps) break;
                losses.Add(model.TrainStep(b)["loss"]);
            }
        return (losses.Take(window).Average(), losses.TakeLast(window).Average());
    }

    private static Autoencoder Mlp(AutoencoderOptions options, int latent = 16, CodeActivation code = CodeActivation.Identity, int[]? hidden = null)
    {
        var gen = new Generator(1);
        var (e, d) = AutoencoderNetworks.Mlp([1, 28, 28], hidden ?? [128], latent, code, gen, options.Loss == ReconstructionLoss.SquaredError);
        return new Autoencoder(e, d, latent, options, new Generator(2));
    }

    [SkippableFact]
    public void UndercompleteAutoencoderWithCrossEntropyLearnsFashionMnist()
    {
        var data = TestData.RequireFashionMnist();
        var model = Mlp(new AutoencoderOptions { Loss = ReconstructionLoss.BinaryCrossEntropy });
        var (first, last) = Train(model, data.Train.ToTensor(0, 512), 60);
        Assert.True(last < 0.75 * first, $"BCE loss {first:F1} → {last:F1}");
        var eval = model.Evaluate(new DataLoader(data.Test.ToTensor(0, 256), batchSize: 128, shuffle: false));
        Assert.InRange(eval["reconstruction"], 0, first);
    }

    [Fact]
    public void SquaredErrorAutoencoderReducesItsLoss()
    {
        var (x, _) = TestData.LowRank(512, 784, [3, 2, 1, 0.5], 0.02, seed: 3);
        var model = Mlp(new AutoencoderOptions { Loss = ReconstructionLoss.SquaredError, LearningRate = 1e-3 });
        var xs = (x.Reshape(512, 1, 28, 28) * 0.05f).Clamp(0f, 1f);
        var (first, last) = Train(model, xs, 60);
        Assert.True(last < 0.5 * first, $"squared error {first:F3} → {last:F3}");
    }

    [Fact]
    public void ReconstructionLossesMatchTheirFormulas()
    {
        var logits = Tensor.FromArray([2f, -1f, 0.5f, 0f], 2, 2);
        var x = Tensor.FromArray([1f, 0f, 0.3f, 1f], 2, 2);
        var bce = Reconstruction.PerExample(logits, x, ReconstructionLoss.BinaryCrossEntropy).ToArray();
        static double Bce(double l, double y) { double p = 1 / (1 + Math.Exp(-l)); return -(y * Math.Log(p) + (1 - y) * Math.Log(1 - p)); }
        Close.Assert(Bce(2, 1) + Bce(-1, 0), bce[0], atol: 1e-5);
        Close.Assert(Bce(0.5, 0.3) + Bce(0, 1), bce[1], atol: 1e-5);
        var se = Reconstruction.PerExample(logits, x, ReconstructionLoss.SquaredError).ToArray();
        Close.Assert(1 + 1, se[0], atol: 1e-6);
        Close.Assert(0.04 + 1, se[1], atol: 1e-6);
        Assert.Throws<ArgumentException>(() => Reconstruction.PerExample(logits, Tensor.Zeros(4), ReconstructionLoss.SquaredError));
    }

    [Fact]
    public void SparsityPenaltiesMatchTheirFormulas()
    {
        var h = Tensor.FromArray([0.1f, 0.5f, 0.3f, 0.1f], 2, 2);      // row |h| sums (0.6, 0.4); unit means ρ̂ = (0.2, 0.3)
        Close.Assert(0.5 * (0.6 + 0.4) / 2, new SparsityPenalty(SparsityKind.L1, 0.5f).Compute(h).Item(), atol: 1e-6);
        Close.Assert(0.25, new SparsityPenalty(SparsityKind.L1, 0.5f).Compute(-h).Item(), atol: 1e-6);
        static double Kl(double rho, double r) => rho * Math.Log(rho / r) + (1 - rho) * Math.Log((1 - rho) / (1 - r));
        double expected = 2 * (Kl(0.05, 0.2) + Kl(0.05, 0.3));
        Close.Assert(expected, new SparsityPenalty(SparsityKind.KlDivergence, 2f, 0.05f).Compute(h).Item(), atol: 1e-5);
        Close.Assert(0, new SparsityPenalty(SparsityKind.KlDivergence, 1f, 0.25f).Compute(Tensor.Full(0.25f, 3, 4)).Item(), atol: 1e-6);
        Assert.Throws<ArgumentException>(() => new SparsityPenalty(SparsityKind.KlDivergence, 1f, 1.5f).Compute(h));
    }

    [SkippableFact]
    public void OvercompleteSparseAutoencoderReducesLossAndActivity()
    {
        var data = TestData.RequireFashionMnist();
        var penalty = new SparsityPenalty(SparsityKind.KlDivergence, 1f, 0.05f);
        var model = Mlp(new AutoencoderOptions { Penalty = penalty.Kind, SparsityWeight = penalty.Weight, Rho = penalty.Target, LearningRate = 2e-3 }, latent: 1024, code: CodeActivation.Sigmoid, hidden: []);
        var x = data.Train.ToTensor(0, 512);
        double before = model.Loss(x, corrupt: false).Code.Mean().Item();
        var (first, last) = Train(model, x, 40);
        Assert.True(last < 0.8 * first, $"sparse AE loss {first:F1} → {last:F1}");
        double after = model.Loss(x, corrupt: false).Code.Mean().Item();
        Assert.True(after < before && after < 0.2, $"mean activation {before:F3} → {after:F3} (target 0.05)");
    }

    [Fact]
    public void NoiseModelsCorruptAsSpecified()
    {
        var x = Tensor.Full(0.5f, 100, 100);
        var gaussian = new NoiseModel(NoiseKind.Gaussian, 0.2f).Apply(x, new Generator(1)) - x;
        Close.Assert(0, gaussian.Mean().Item(), atol: 0.01);
        Close.Assert(0.2, gaussian.Std().Item(), rtol: 0.03);
        var masked = new NoiseModel(NoiseKind.Masking, 0.3f).Apply(x, new Generator(2)).ToArray();
        Assert.All(masked, v => Assert.True(v == 0f || v == 0.5f));
        Close.Assert(0.3, masked.Count(v => v == 0f) / 10000.0, atol: 0.02);
        Assert.Same(x, NoiseModel.None.Apply(x, new Generator(3)));
        Assert.Equal(0.5f, x.Data[0]);
        Assert.Throws<ArgumentException>(() => ModelCatalog.Find("dae")!.Bind(new System.Text.Json.Nodes.JsonObject { ["noise"] = "salt" }));
        Assert.Throws<ArgumentException>(() => new NoiseModel(NoiseKind.Masking, 1.5f).Apply(x, new Generator(4)));
    }

    [SkippableFact]
    public void DenoisingAutoencoderLearnsToDenoiseAndRunsItsChain()
    {
        var data = TestData.RequireFashionMnist();
        var noise = new NoiseModel(NoiseKind.Masking, 0.5f);
        var model = Mlp(new AutoencoderOptions { Noise = noise.Kind, NoiseLevel = noise.Level, LearningRate = 2e-3 }, latent: 64, code: CodeActivation.Relu, hidden: [256]);
        var (first, last) = Train(model, data.Train.ToTensor(0, 1024), 80);
        Assert.True(last < 0.75 * first, $"DAE loss {first:F1} → {last:F1}");
        var report = DenoisingEvaluation.Run(model, data.Test.ToTensor(0, 128), noise, new Generator(5));
        Assert.True(report.PsnrDenoised > report.PsnrNoisy + 3, $"PSNR {report.PsnrNoisy:F1} → {report.PsnrDenoised:F1} dB");
        var states = DenoisingChain.Run(model, data.Test.ToTensor(0, 3), noise, 4, new Generator(6));
        Assert.Equal(5, states.Length);
        Assert.All(states[1..], s => Assert.All(s.ToArray(), v => Assert.InRange(v, 0f, 1f)));
        Assert.Equal([15, 1, 28, 28], DenoisingChain.SeedMajor(states).Shape);
        var dir = Directory.CreateTempSubdirectory("latent-dae");
        try
        {
            model.Preview = data.Test.ToTensor(0, 100);
            model.WriteSamples(dir.FullName, "e1");
            foreach (var name in new[] { "reconstructions", "interpolation", "traversal", "samples", "denoising", "chain" })
                Assert.True(File.Exists(Path.Combine(dir.FullName, $"e1-{name}.png")), name);
        }
        finally
        {
            dir.Delete(true);
        }
    }

    [Fact]
    public void LinearAutoencoderSpansThePrincipalSubspace()
    {
        // 20-D data with three dominant directions: the decoder of a 3-unit linear AE must span them (small principal angles).
        var (x, _) = TestData.LowRank(1024, 20, [3, 2, 1.5], 0.05, seed: 8);
        var gen = new Generator(4);
        var (e, d) = AutoencoderNetworks.Linear([20], 3, gen);
        var model = new Autoencoder(e, d, 3, new AutoencoderOptions { Loss = ReconstructionLoss.SquaredError, LearningRate = 1e-2 }, new Generator(5));
        var (first, last) = Train(model, x, 400, batch: 128);
        Assert.True(last < 0.1 * first, $"linear AE loss {first:F2} → {last:F2}");
        var pca = Pca.Fit(x, 3);
        double largest = LinearAutoencoderSubspace.AnglesToPca(model, pca).Max() * 180 / Math.PI;
        Assert.True(largest < 3, $"largest principal angle {largest:F2}°");
        var fourth = Pca.Fit(x, 4);
        var angles = PrincipalAngles.Between(LinearAutoencoderSubspace.DecoderBasis(model), fourth.Components);
        Assert.True(angles.Max() < 0.06, "the decoder's span lies inside the top-4 subspace too");
    }
}
