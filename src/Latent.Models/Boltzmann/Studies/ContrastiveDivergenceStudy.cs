using System.Text.Json.Nodes;
using Latent.Data;
using Latent.IO;
using Latent.Models.Common;
using Latent.Tensors;

namespace Latent.Models.Boltzmann.Studies;

/// <summary>
/// <c>latent study rbm-cd</c>: RBMs with 500 hidden units on binarized Fashion-MNIST trained by CD-1, CD-25 and
/// persistent CD with the same updates and settings (the learning rate decaying linearly to 0, which PCD needs),
/// compared by their test log-likelihood through annealed importance sampling (with its ±3σ̂ interval), after
/// Salakhutdinov &amp; Murray (2008).
/// </summary>
public sealed class ContrastiveDivergenceStudy : Study
{
    /// <summary>Hidden units of every RBM.</summary>
    public int Hidden { get; init; } = 500;

    /// <summary>Training images (batches of 100 drawn from them).</summary>
    public int TrainImages { get; init; } = 60_000;

    /// <summary>Test images whose log-likelihood is estimated.</summary>
    public int TestImages { get; init; } = 10_000;

    /// <summary>Parameter updates of 100 images for every RBM: the common budget.</summary>
    public int Updates { get; init; } = 1200;

    /// <summary>The (initial) learning rate of every RBM (momentum 0.5, weight decay 2·10⁻⁴).</summary>
    public double LearningRate { get; init; } = 0.05;

    /// <summary>
    /// Whether every RBM's learning rate falls linearly to 0 over the updates (Tieleman 2008). Without it PCD's
    /// persistent chains trail a model that still moves fast at the end, and its likelihood falls below CD-1's.
    /// </summary>
    public bool DecayLearningRate { get; init; } = true;

    /// <summary>Gibbs steps of the CD-k variant compared with CD-1.</summary>
    public int LongK { get; init; } = 25;

    /// <summary>AIS inverse temperatures on Salakhutdinov &amp; Murray's schedule (exactly theirs at 14,500).</summary>
    public int AisTemperatures { get; init; } = 14_500;

    /// <summary>Parallel AIS runs.</summary>
    public int AisRuns { get; init; } = 100;

    /// <summary>Gibbs steps of the chains from noise that draw the pictured samples.</summary>
    public int SampleSteps { get; init; } = 500;

    /// <inheritdoc />
    public override string Name => "rbm-cd";

    /// <inheritdoc />
    public override string Title => "CD-1, CD-25 and persistent CD by AIS test log-likelihood";

    /// <inheritdoc />
    public override string TypicalDuration => "10-25 minutes";

    /// <inheritdoc />
    public override string Explanation =>
        $"Three RBMs with {Hidden} binary hidden units are trained on {TrainImages:N0} Fashion-MNIST images binarized at 0.5 with the same " +
        $"{Updates:N0} updates of 100 images, learning rate {LearningRate}{(DecayLearningRate ? " decaying linearly to 0" : "")}, momentum 0.5 and weight decay 2·10⁻⁴: by CD-1, by CD-{LongK} " +
        "(the negative phase after that many Gibbs steps from the data) and by persistent CD (100 chains kept across updates, one Gibbs step each). " +
        $"Their log partition functions are estimated by annealed importance sampling from the base-rate model ({AisRuns} runs, " +
        $"{AisTemperatures:N0} inverse temperatures spaced as Salakhutdinov & Murray's 14,500), and the test log-likelihood is −F(v) − log Ẑ " +
        "in nats per image, with the interval that log Ẑ ± 3σ̂ gives. Salakhutdinov & Murray's anchor on binarized MNIST (far longer " +
        "training) is CD-1 −125.5 and CD-25 −86.3 nats; the expected ordering is CD-1 below CD-25 and PCD. The pictures are 64 samples of each " +
        $"model from chains started at noise after {SampleSteps:N0} Gibbs steps, and the persistent chains of PCD.";

    /// <inheritdoc />
    public override JsonObject Run(StudyContext c)
    {
        ArgumentNullException.ThrowIfNull(c);
        var data = StudyData.Load(c, TrainImages, TestImages);
        (string Name, int K, bool Persistent)[] variants = [("cd1", 1, false), ($"cd{LongK}", LongK, false), ("pcd", 1, true)];
        var results = new JsonArray();
        var trainMeans = GreedyPretraining.BinarizedMeans(data.Train, 0.5);
        foreach (var (name, k, persistent) in variants)
        {
            c.Report($"{name}: {Updates} updates, then AIS");
            var options = new RbmOptions
            {
                Hidden = Hidden, CdK = k, Persistent = persistent, LearningRate = LearningRate, LrDecay = DecayLearningRate, AisTemperatures = AisTemperatures,
                AisRuns = AisRuns, SampleSteps = SampleSteps, Seed = (long)c.Seed,
            };
            var model = new RestrictedBoltzmannMachine([1, 28, 28], options, trainMeans, data.Train.Shape[0], options.NewGenerator(0), options.NewGenerator(2))
            {
                MonitorTrain = data.Train.Narrow(0, 0, Math.Min(BoltzmannFamily.MonitorImages, data.Train.Shape[0])),
                FinalUpdate = Updates,
            };
            InMemoryTraining.Fit(model, data.Train, Updates, c.Seed + 3, batchSize: 100);
            var metrics = model.Evaluate(new DataLoader(data.Test, batchSize: 1000, shuffle: false));
            double testFree = metrics["free_energy"], logZ = metrics["ais_log_z"];
            var row = new JsonObject
            {
                ["variant"] = name,
                ["cd_k"] = k,
                ["persistent"] = persistent,
                ["test_log_likelihood"] = Math.Round(metrics["ais_log_likelihood"], 2),
                // log p = −F − log Z: the upper end of log Z gives the lower end of the log-likelihood.
                ["test_log_likelihood_low"] = Math.Round(-testFree - metrics["ais_log_z_high"], 2),
                ["test_log_likelihood_high"] = metrics.TryGetValue("ais_log_z_low", out double low) ? Math.Round(-testFree - low, 2) : null,
                ["train_log_likelihood"] = Math.Round(-metrics["free_energy_train"] - logZ, 2),
                ["ais_log_z"] = Math.Round(logZ, 3),
                ["ais_log_z_interval_width"] = metrics.TryGetValue("ais_log_z_low", out double lowZ) ? Math.Round(metrics["ais_log_z_high"] - lowZ, 3) : null,
                ["ais_log_weight_std"] = Math.Round(metrics["ais_log_weight_std"], 3),
                ["test_pseudo_log_likelihood"] = Math.Round(metrics["pseudo_log_likelihood"], 2),
                ["test_reconstruction_error"] = Math.Round(metrics["reconstruction_error"], 2),
                ["free_energy_gap"] = Math.Round(metrics["free_energy_gap"], 3),
            };
            results.Add(row);
            ImageGrid.Save(model.Sample(64, new Generator(c.Seed + 7)), c.Picture($"rbm-{name}-samples.png",
                $"{name}: 64 samples, chains from noise after {SampleSteps} Gibbs steps (the last p(v | h))"), columns: 8);
            if (model.Chains is { } chains)
                ImageGrid.Save(chains.Narrow(0, 0, Math.Min(64, chains.Shape[0])).Reshape(-1, 1, 28, 28),
                    c.Picture($"rbm-{name}-chains.png", $"{name}: the persistent chains' visible states after the last update"), columns: 8);
        }
        return c.WriteJson("rbm-cd.json", new JsonObject
        {
            ["study"] = Name,
            ["hidden"] = Hidden,
            ["train_images"] = data.Train.Shape[0],
            ["test_images"] = data.Test.Shape[0],
            ["updates"] = Updates,
            ["batch"] = 100,
            ["learning_rate"] = LearningRate,
            ["learning_rate_schedule"] = DecayLearningRate ? "linear decay to 0 over the updates" : "constant",
            ["momentum"] = 0.5,
            ["weight_decay"] = 2e-4,
            ["binarization"] = "threshold 0.5",
            ["ais"] = $"{AisRuns} runs, {AisTemperatures} inverse temperatures (Salakhutdinov & Murray's schedule scaled: evenly spaced in [0, 0.5], [0.5, 0.9], [0.9, 1] with 500/14,500, 4,000/14,500 and 10,000/14,500 of them), base-rate model from the training means",
            ["anchor_mnist_salakhutdinov_murray_2008"] = new JsonObject { ["cd1"] = -125.53, ["cd25"] = -86.34, ["data"] = "binarized MNIST, 500 hidden, long training" },
            ["seed"] = c.Seed,
            ["results"] = results,
        });
    }
}
