using System.Text.Json.Nodes;
using Latent.Data;
using Latent.Models.Boltzmann;
using Latent.Models.Catalog;
using Latent.Models.Common;
using Latent.Tensors;
using Latent.Training;

namespace Latent.Tests.Models.Boltzmann;

/// <summary>CD-k and PCD training of the RBM: the update against a hand computation, improvement, checkpoints, options.</summary>
public class RbmTrainingTests
{
    /// <summary>n noisy copies (5 % of pixels flipped) of 4 random binary prototypes of 36 pixels.</summary>
    private static Tensor Prototypes(int n, ulong seed)
    {
        var gen = new Generator(99);
        var prototypes = Tensor.Bernoulli(0.5f, [4, 36], gen);
        var noise = new Generator(seed);
        var x = Tensor.Zeros(n, 36);
        for (int r = 0; r < n; r++)
        {
            int k = noise.NextInt(4);
            for (int i = 0; i < 36; i++)
            {
                float p = prototypes.Data[k * 36 + i];
                x.Data[r * 36 + i] = noise.NextFloat() < 0.05f ? 1 - p : p;
            }
        }
        return x;
    }

    private static Batch BatchOf(Tensor x) => new(x, null, null, Enumerable.Range(0, x.Shape[0]).ToArray());

    private static float Sigmoid(double x) => (float)(1 / (1 + Math.Exp(-x)));

    [Fact]
    public void Cd1UpdateEqualsAHandComputedOneForTheSameDraws()
    {
        const int nv = 6, nh = 4, n = 3;
        const double lr = 0.1;
        var model = new RestrictedBoltzmannMachine([nv], new RbmOptions { Hidden = nh, LearningRate = lr, Momentum = 0, WeightDecay = 0, InitStd = 0.5 },
            null, 1, new Generator(1), new Generator(2));
        new Generator(3).FillNormal(model.Parameters.VisibleBias.Data, 0, 0.5f);
        new Generator(4).FillNormal(model.Parameters.HiddenBias.Data, 0, 0.5f);
        var x = Tensor.Bernoulli(0.5f, [n, nv], new Generator(5));
        float[] w = model.Parameters.Weight.ToArray(), b = model.Parameters.VisibleBias.ToArray(), c = model.Parameters.HiddenBias.ToArray();
        var draws = new Generator();
        draws.SetState(model.Rng.GetState());

        float[] v0 = x.ToArray(), ph0 = new float[n * nh], h0 = new float[n * nh], pv1 = new float[n * nv], v1 = new float[n * nv], ph1 = new float[n * nh];
        void Hidden(float[] v, float[] ph)
        {
            for (int r = 0; r < n; r++)
                for (int j = 0; j < nh; j++)
                {
                    double a = c[j];
                    for (int i = 0; i < nv; i++) a += w[j * nv + i] * v[r * nv + i];
                    ph[r * nh + j] = Sigmoid(a);
                }
        }
        Hidden(v0, ph0);
        for (int t = 0; t < n * nh; t++) h0[t] = draws.NextFloat() < ph0[t] ? 1 : 0;
        for (int r = 0; r < n; r++)
            for (int i = 0; i < nv; i++)
            {
                double a = b[i];
                for (int j = 0; j < nh; j++) a += w[j * nv + i] * h0[r * nh + j];
                pv1[r * nv + i] = Sigmoid(a);
            }
        for (int t = 0; t < n * nv; t++) v1[t] = draws.NextFloat() < pv1[t] ? 1 : 0;
        Hidden(v1, ph1);

        var metrics = model.TrainStep(BatchOf(x));

        for (int j = 0; j < nh; j++)
            for (int i = 0; i < nv; i++)
            {
                double g = 0;
                for (int r = 0; r < n; r++) g += ph0[r * nh + j] * v0[r * nv + i] - ph1[r * nh + j] * v1[r * nv + i];
                Close.Assert(w[j * nv + i] + lr * g / n, model.Parameters.Weight.Data[j * nv + i], atol: 1e-6, rtol: 1e-5, what: $"W[{j},{i}]");
            }
        for (int i = 0; i < nv; i++)
        {
            double g = Enumerable.Range(0, n).Sum(r => v0[r * nv + i] - v1[r * nv + i]) / n;
            Close.Assert(b[i] + lr * g, model.Parameters.VisibleBias.Data[i], atol: 1e-6, rtol: 1e-5, what: $"b[{i}]");
        }
        for (int j = 0; j < nh; j++)
        {
            double g = Enumerable.Range(0, n).Sum(r => ph0[r * nh + j] - ph1[r * nh + j]) / n;
            Close.Assert(c[j] + lr * g, model.Parameters.HiddenBias.Data[j], atol: 1e-6, rtol: 1e-5, what: $"c[{j}]");
        }
        double error = Enumerable.Range(0, n * nv).Sum(t => (v0[t] - pv1[t]) * (double)(v0[t] - pv1[t])) / n;
        Close.Assert(error, metrics["loss"], atol: 1e-5, rtol: 1e-5, what: "reconstruction error");
        Assert.Equal(draws.GetState(), model.Rng.GetState());   // the step drew exactly these samples
    }

    [Theory]
    [InlineData(1, false, 0.1)]
    [InlineData(5, false, 0.1)]
    [InlineData(1, true, 0.03)]
    public void ShortTrainingImprovesReconstructionPseudoLikelihoodAndExactLikelihood(int k, bool persistent, double lr)
    {
        var train = Prototypes(512, seed: 1);
        var test = Prototypes(256, seed: 2);
        var options = new RbmOptions { Hidden = 16, CdK = k, Persistent = persistent, LearningRate = lr, Momentum = 0.5, BatchSize = 32 };
        var model = new RestrictedBoltzmannMachine([36], options, train.Mean(0), train.Shape[0], new Generator(3), new Generator(4))
        {
            MonitorTrain = train,
        };
        var testLoader = new DataLoader(test, batchSize: 128, shuffle: false);
        var before = model.Evaluate(testLoader);
        double llBefore = model.LogLikelihood(test, new Generator(0)).Mean().Item();
        var (first, last) = InMemoryTraining.Fit(model, train, steps: 400, seed: 5, batchSize: 32);
        var after = model.Evaluate(testLoader);
        double llAfter = model.LogLikelihood(test, new Generator(0)).Mean().Item();

        Assert.True(last < 0.6 * first, $"training reconstruction error {first:F3} → {last:F3}");
        Assert.True(after["reconstruction_error"] < 0.6 * before["reconstruction_error"],
            $"held-out reconstruction error {before["reconstruction_error"]:F3} → {after["reconstruction_error"]:F3}");
        Assert.True(after["pseudo_log_likelihood"] > before["pseudo_log_likelihood"] + 5,
            $"pseudo-log-likelihood {before["pseudo_log_likelihood"]:F3} → {after["pseudo_log_likelihood"]:F3}");
        // Four prototypes with 5 % noise: the entropy per image is about log 4 + 36·H(0.05) ≈ 8.4 nats.
        Assert.True(llAfter > llBefore + 5 && llAfter > -14, $"exact test log-likelihood {llBefore:F3} → {llAfter:F3}");
        Assert.True(Math.Abs(after["free_energy_gap"]) < 2, $"same distribution, free-energy gap {after["free_energy_gap"]:F3}");
        Assert.Equal(persistent, model.Chains != null);
    }

    [Fact]
    public void PersistentChainsAndMomentumResumeBitExactlyFromACheckpoint()
    {
        var x = Prototypes(80, seed: 6);
        var batches = Enumerable.Range(0, 10).Select(i => BatchOf(x.Narrow(0, 8 * i, 8))).ToArray();
        var options = new RbmOptions { Hidden = 6, Persistent = true, Chains = 5, CdK = 2, Momentum = 0.9, LearningRate = 0.05 };
        RestrictedBoltzmannMachine Make(ulong seed) => new([36], options, x.Mean(0), 80, new Generator(seed), new Generator(seed + 1));

        var a = Make(1);
        foreach (var batch in batches[..5]) a.TrainStep(batch);
        var chainsAtSave = a.Chains!.ToArray();
        string dir = Path.Combine(Path.GetTempPath(), "latent-rbm-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            string stem = Path.Combine(dir, "ckpt");
            TrainingCheckpoint.Save(stem, a, new TrainingPosition(5, 0, 5, [1, 2, 3, 4]));
            foreach (var batch in batches[5..]) a.TrainStep(batch);

            var b = Make(50);     // other weights, other stream, no chains: everything must come from the checkpoint
            TrainingCheckpoint.Load(stem, b);
            Assert.Equal(chainsAtSave, b.Chains!.ToArray());
            Assert.Equal(5, b.Updates);
            foreach (var batch in batches[5..]) b.TrainStep(batch);
            Assert.Equal(a.Parameters.Weight.ToArray(), b.Parameters.Weight.ToArray());
            Assert.Equal(a.Parameters.HiddenBias.ToArray(), b.Parameters.HiddenBias.ToArray());
            Assert.Equal(a.Chains!.ToArray(), b.Chains!.ToArray());
            Assert.NotEqual(chainsAtSave, a.Chains!.ToArray());
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void LearningRateDecaysLinearlyToZeroAtTheFinalUpdate()
    {
        var x = Prototypes(40, seed: 2);
        var options = new RbmOptions { Hidden = 5, Persistent = true, LearningRate = 0.1, Momentum = 0, LrDecay = true };
        var model = new RestrictedBoltzmannMachine([36], options, x.Mean(0), 40, new Generator(1), new Generator(2)) { FinalUpdate = 4 };
        var rates = new List<double>();
        for (int u = 0; u < 4; u++)
        {
            model.TrainStep(BatchOf(x.Narrow(0, 8 * u, 8)));
            rates.Add(model.Optimizers["sgd"].ParamGroups.Select(g => g.Lr).Distinct().Single());
        }
        Assert.Equal([0.1, 0.075, 0.05, 0.025], rates.Select(r => Math.Round(r, 12)));
        var weights = model.Parameters.Weight.ToArray();
        model.TrainStep(BatchOf(x.Narrow(0, 32, 8)));   // past the final update the rate is 0 (and momentum is off): nothing moves
        Assert.Equal(weights, model.Parameters.Weight.ToArray());

        var unplanned = new RestrictedBoltzmannMachine([36], options, x.Mean(0), 40, new Generator(1), new Generator(2));
        Assert.Contains("--lr-decay", Assert.Throws<InvalidOperationException>(() => unplanned.TrainStep(BatchOf(x.Narrow(0, 0, 8)))).Message);
    }

    [Fact]
    public void SamplesAreImagesInTheUnitIntervalAndReproducible()
    {
        var train = Prototypes(256, seed: 1);
        var model = new RestrictedBoltzmannMachine([1, 6, 6], new RbmOptions { Hidden = 16, LearningRate = 0.1, SampleSteps = 200 },
            train.Mean(0), 256, new Generator(3), new Generator(4));
        InMemoryTraining.Fit(model, train, steps: 200, seed: 5, batchSize: 32);
        var s = model.Sample(10, new Generator(8));
        Assert.Equal([10, 1, 6, 6], s.Shape);
        Assert.All(s.ToArray(), p => Assert.InRange(p, 0f, 1f));
        Assert.Equal(s.ToArray(), model.Sample(10, new Generator(8)).ToArray());
        // Long chains settle near the training prototypes: most pixels are decided.
        double decided = s.ToArray().Count(p => p < 0.2f || p > 0.8f) / (double)s.Size;
        Assert.True(decided > 0.8, $"only {decided:P0} of sample pixels are confidently on or off");
    }

    [Fact]
    public void BadOptionsGiveClearErrors()
    {
        var spec = ModelCatalog.Find("rbm")!;
        void Fails(JsonObject config, string expected)
        {
            var e = Assert.Throws<ArgumentException>(() => spec.Create(config));
            Assert.Contains(expected, e.Message);
        }
        Fails(new JsonObject { ["hidden"] = 0 }, "--hidden must be positive");
        Fails(new JsonObject { ["cd-k"] = 0 }, "--cd-k must be at least 1");
        Fails(new JsonObject { ["chains"] = 10 }, "--chains needs --persistent");
        Fails(new JsonObject { ["momentum"] = 1.0 }, "--momentum must lie in [0, 1)");
        Fails(new JsonObject { ["threshold"] = 1.5 }, "--threshold must lie in (0, 1)");
        Fails(new JsonObject { ["weight-decay"] = -1.0 }, "--weight-decay must not be negative");
        Fails(new JsonObject { ["ais-temperatures"] = 3 }, "--ais-temperatures");
        Fails(new JsonObject { ["binarize"] = "coin" }, "threshold");
    }

    [SkippableFact]
    public void CatalogEntryTrainsOnFashionMnistAndImprovesReconstruction()
    {
        TestData.RequireFashionMnist();
        var setup = ModelCatalog.Find("rbm")!.Create(new JsonObject { ["train-size"] = 1000, ["hidden"] = 100, ["epochs"] = 3 });
        var model = Assert.IsType<RestrictedBoltzmannMachine>(setup.Model);
        Assert.Equal(LikelihoodKind.Estimate, new RestrictedBoltzmannMachine([784], new RbmOptions(), null, 1, new Generator(0), new Generator(1)).Kind);
        var steps = InMemoryTraining.Fit(model, setup.Train, steps: 30);
        double first = steps.Take(3).Average(m => m["loss"]), last = steps.TakeLast(3).Average(m => m["loss"]);
        Assert.True(last < 0.8 * first, $"reconstruction error {first:F2} → {last:F2}");
        Assert.Equal([1, 28, 28], model.SampleShape);
    }
}
