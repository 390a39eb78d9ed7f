using System.Text.Json.Nodes;
using Latent.Models.Catalog;

namespace Latent.Models.Gans;

/// <summary>The GAN models known to the command line, each a <see cref="GanFactory"/> configuration with its own defaults.</summary>
public static class GanCatalog
{
    /// <summary>Every model of this family.</summary>
    public static IReadOnlyList<ModelSpec> Models { get; } =
    [
        Spec("gan", "F22 F23", "MLP GAN (minimax or non-saturating) with every training trick as a switch; 2-D toy data or flattened images",
            new() { ["data"] = "toy:ring8", ["arch"] = "mlp", ["d-norm"] = "none", ["norm"] = "none" }),
        Spec("dcgan", "F24", "DCGAN for 28×28 images (workload W2's networks), non-saturating loss",
            new() { ["data"] = "fashion-mnist" }),
        Spec("cgan", "F25", "Conditional DCGAN: class labels (one-hot or embedded) into generator and discriminator",
            new() { ["data"] = "fashion-mnist" }),
        Spec("wgan", "F26", "WGAN: critic with weight clipping, RMSProp, 5 critic steps per generator step",
            new() { ["data"] = "fashion-mnist", ["loss"] = "wasserstein", ["clip"] = 0.01, ["optimizer"] = "rmsprop", ["lr"] = 5e-5, ["d-steps"] = 5, ["d-norm"] = "none" }),
        Spec("wgan-gp", "F26", "WGAN-GP: gradient penalty on per-sample gradient norms at interpolates (workload W3)",
            new() { ["data"] = "fashion-mnist", ["loss"] = "wasserstein", ["gp"] = 10.0, ["lr"] = 1e-4, ["beta1"] = 0.0, ["beta2"] = 0.9, ["d-steps"] = 5, ["d-norm"] = "none" }),
        Spec("sngan", "F26", "Spectrally normalized discriminator with the hinge loss",
            new() { ["data"] = "fashion-mnist", ["loss"] = "hinge", ["spectral-norm"] = true, ["d-norm"] = "none" }),
        Spec("unrolled-gan", "F27", "Unrolled GAN: the generator back-propagates through k differentiable discriminator updates (MLP)",
            new() { ["data"] = "toy:ring8", ["arch"] = "mlp", ["unroll-steps"] = 5, ["lr"] = 1e-3, ["batch-size"] = 128, ["d-norm"] = "none", ["norm"] = "none" }),
    ];

    /// <summary>The options every GAN takes, with the generic defaults a model may override.</summary>
    private static ModelOption[] CommonOptions() =>
    [
        ModelOption.Text("data", "fashion-mnist", "training data: fashion-mnist, or toy:ring8, toy:grid25, toy:moons, toy:swissroll, toy:checkerboard, toy:circles"),
        ModelOption.Int("toy-samples", 20000, "points drawn from a toy distribution"),
        ModelOption.Real("lr", 2e-4, "generator learning rate (and the discriminator's unless --lr-d is set)"),
        ModelOption.Int("batch-size", 64, "examples per batch"),
        ModelOption.Text("arch", "auto", "networks: conv (DCGAN, images only), mlp, or auto (conv for images, mlp for toy data)"),
        ModelOption.Int("latent-dim", 0, "size of z (0: 100 for images, 16 for toy data)"),
        ModelOption.Int("hidden", 0, "MLP hidden width (0: 512 for images, 128 for toy data)"),
        ModelOption.Int("depth", 2, "MLP hidden layers of the generator (the discriminator has one fewer, at least one)"),
        ModelOption.Text("loss", "non-saturating", "minimax | non-saturating | wasserstein | hinge | least-squares"),
        ModelOption.Int("d-steps", 1, "discriminator steps per generator step"),
        ModelOption.Real("lr-d", 0, "discriminator learning rate (0: same as --lr)"),
        ModelOption.Text("optimizer", "adam", "adam | rmsprop"),
        ModelOption.Real("beta1", 0.5, "Adam beta1"),
        ModelOption.Real("beta2", 0.999, "Adam beta2"),
        ModelOption.Text("norm", "batch", "generator normalization: batch | instance | virtual | none"),
        ModelOption.Int("reference-batch", 64, "with --norm virtual: size of the fixed reference batch forwarded before every generator pass"),
        ModelOption.Text("d-norm", "batch", "discriminator normalization: batch | instance | none"),
        ModelOption.Real("label-smoothing", 0, "one-sided label smoothing: real targets become 1 − this (e.g. 0.1)"),
        ModelOption.Flag("feature-matching", false, "generator matches mean intermediate discriminator features"),
        ModelOption.Int("minibatch-discrimination", 0, "kernels of a minibatch-discrimination layer in the discriminator (0: off)"),
        ModelOption.Int("minibatch-kernel-dim", 3, "size of each minibatch-discrimination kernel"),
        ModelOption.Flag("minibatch-std", false, "append the minibatch standard-deviation feature in the discriminator"),
        ModelOption.Real("historical-averaging", 0, "weight of the historical-averaging penalty on both players (0: off)"),
        ModelOption.Int("replay", 0, "capacity of the replay buffer of past fakes (0: off)"),
        ModelOption.Real("replay-fraction", 0.5, "share of each fake batch drawn from the replay buffer"),
        ModelOption.Int("snapshot-swap", 0, "every this many steps snapshot G and D; half-way between, swap a past one in (0: off)"),
        ModelOption.Int("snapshot-swap-length", 5, "steps a swapped-in snapshot stays"),
        ModelOption.Flag("separate-batches", true, "score real and fake samples in separate discriminator passes"),
        ModelOption.Real("gp", 0, "WGAN-GP gradient penalty weight lambda (0: off)"),
        ModelOption.Real("r1", 0, "R1 penalty weight gamma on real data (0: off)"),
        ModelOption.Real("clip", 0, "WGAN weight clipping bound (0: off)"),
        ModelOption.Flag("spectral-norm", false, "spectrally normalize the discriminator's layers"),
        ModelOption.Int("unroll-steps", 0, "unrolled GAN: discriminator steps the generator looks through (0: off; MLP only)"),
        ModelOption.Real("unroll-lr", 1e-2, "step size of the unrolled discriminator updates"),
        ModelOption.Text("label-encoding", "one-hot", "conditional GAN: one-hot | embedding"),
        ModelOption.Int("embedding-dim", 10, "conditional GAN: size of the label embedding"),
    ];

    private static ModelSpec Spec(string name, string features, string summary, Dictionary<string, JsonNode> overrides)
    {
        var options = CommonOptions()
            .Select(o => overrides.TryGetValue(o.Name, out var v) ? o with { Default = v.AsValue() } : o)
            .ToArray();
        var unknown = overrides.Keys.Where(k => options.All(o => o.Name != k)).ToList();
        if (unknown.Count > 0) throw new InvalidOperationException($"GanCatalog: model '{name}' overrides unknown options {string.Join(", ", unknown)}.");
        return new ModelSpec(name, "GANs", features, summary, options, context => GanFactory.Create(name, options, context));
    }
}
