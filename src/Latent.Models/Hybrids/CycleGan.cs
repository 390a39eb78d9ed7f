using System.Text.Json.Nodes;
using Latent.Data;
using Latent.IO;
using Latent.Models.Common;
using Latent.Models.Gans;
using Latent.NN;
using Latent.Optim;
using Latent.Tensors;
using Latent.Training;

namespace Latent.Models.Hybrids;

/// <summary>
/// CycleGAN (Zhu et al., 2017): unpaired translation between domains A and B with two <see cref="ResnetGenerator"/>s,
/// G: A → B and F: B → A, and two unpaired <see cref="PatchDiscriminator"/>s, D_A and D_B. Nothing tells G which b
/// belongs to an a; the cycle-consistency terms ‖F(G(a)) − a‖₁ + ‖G(F(b)) − b‖₁ make each translation keep what it
/// needs to be undone, and the identity terms ‖G(b) − b‖₁ + ‖F(a) − a‖₁ keep a translator from changing what is
/// already in its target domain.
/// </summary>
/// <remarks>
/// Images are mapped to [−1, 1]. Each step makes one update of both generators on the least-squares adversarial loss
/// ½(D_B(G(a)) − 1)² + ½(D_A(F(b)) − 1)² + λ·cycle + λ·w_id·identity (means per pixel and patch), then one update of
/// both discriminators on ½[½(D(real) − 1)² + ½D(fake)²] each, where half of each fake batch comes from a pool of the
/// last fakes (<see cref="ReplayBuffer"/>, 50 by default) as in the paper. λ = 0 is the ablation without the cycle.
/// </remarks>
public sealed class CycleGan : TrainableModel, ISampler
{
    private readonly Adam _generatorOptimizer;
    private readonly Adam _discriminatorOptimizer;
    private readonly ReplayBuffer? _poolA;
    private readonly ReplayBuffer? _poolB;

    /// <summary>Creates the model.</summary>
    /// <param name="toB">G: A → B.</param>
    /// <param name="toA">F: B → A.</param>
    /// <param name="judgeA">D_A, scoring images of domain A.</param>
    /// <param name="judgeB">D_B, scoring images of domain B.</param>
    /// <param name="options">Weights, learning rates and the pool size.</param>
    /// <param name="rng">The model's random stream (the pools' draws).</param>
    /// <exception cref="ArgumentException">The networks' channels do not agree or a discriminator scores pairs.</exception>
    public CycleGan(ResnetGenerator toB, ResnetGenerator toA, PatchDiscriminator judgeA, PatchDiscriminator judgeB, CycleGanOptions options, Generator rng)
        : base(rng)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        ToB = toB ?? throw new ArgumentNullException(nameof(toB));
        ToA = toA ?? throw new ArgumentNullException(nameof(toA));
        JudgeA = judgeA ?? throw new ArgumentNullException(nameof(judgeA));
        JudgeB = judgeB ?? throw new ArgumentNullException(nameof(judgeB));
        if (judgeA.Paired || judgeB.Paired)
            throw new ArgumentException("CycleGan: the discriminators must score single images (PatchDiscriminator with paired: false).");
        if (toB.Channels != toA.Channels || judgeA.Channels != toA.Channels || judgeB.Channels != toB.Channels)
            throw new ArgumentException($"CycleGan: the generators map {toB.Channels} and {toA.Channels} channels and the discriminators take {judgeA.Channels} and {judgeB.Channels}; all must agree.");
        Options = options;
        _generatorOptimizer = new Adam([.. toB.Parameters(), .. toA.Parameters()], options.LearningRate, beta1: 0.5);
        _discriminatorOptimizer = new Adam([.. judgeA.Parameters(), .. judgeB.Parameters()], options.DiscriminatorLearningRate, beta1: 0.5);
        if (options.Pool > 0)
        {
            _poolA = new ReplayBuffer(options.Pool);
            _poolB = new ReplayBuffer(options.Pool);
        }
    }

    /// <summary>G: A → B (outputs in [−1, 1]).</summary>
    public ResnetGenerator ToB { get; }

    /// <summary>F: B → A (outputs in [−1, 1]).</summary>
    public ResnetGenerator ToA { get; }

    /// <summary>D_A: patch logits for images of domain A.</summary>
    public PatchDiscriminator JudgeA { get; }

    /// <summary>D_B: patch logits for images of domain B.</summary>
    public PatchDiscriminator JudgeB { get; }

    /// <summary>The training settings.</summary>
    public CycleGanOptions Options { get; }

    /// <summary>Held-out (A, B) rows for the sample grids of <see cref="WriteSamples"/>; null skips them.</summary>
    public (Tensor A, Tensor B)? Preview { get; set; }

    /// <summary>Whether each preview/test row of B is the true translation of its row of A (then grids show it as the target).</summary>
    public bool Paired { get; set; }

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, Module> Modules => new Dictionary<string, Module>
    {
        ["to_b"] = ToB,
        ["to_a"] = ToA,
        ["judge_a"] = JudgeA,
        ["judge_b"] = JudgeB,
    };

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, Optimizer> Optimizers => new Dictionary<string, Optimizer>
    {
        ["generators"] = _generatorOptimizer,
        ["discriminators"] = _discriminatorOptimizer,
    };

    /// <summary>The mean absolute difference of two batches: the cycle and identity terms (0 for identical batches).</summary>
    public static Tensor L1(Tensor x, Tensor y) => (x - y).Abs().Mean();

    /// <inheritdoc />
    /// <returns>
    /// "loss" (the generators' total), "g_adversarial", "cycle" and "identity" (mean L1 in [−1, 1] units; the cycle is
    /// measured without a graph when its weight is 0), "d_loss", "d_a_real", "d_a_fake", "d_b_real", "d_b_fake" (mean patch scores).
    /// </returns>
    /// <exception cref="ArgumentException">The batch has no domain-B targets.</exception>
    public override IReadOnlyDictionary<string, double> TrainStep(Batch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Targets is null) throw new ArgumentException("CycleGan: a batch needs domain-A inputs and domain-B targets.", nameof(batch));
        var a = batch.Inputs * 2f - 1f;
        var b = batch.Targets * 2f - 1f;
        float lambda = (float)Options.CycleWeight, identityWeight = (float)(Options.CycleWeight * Options.IdentityWeight);

        _generatorOptimizer.ZeroGrad();
        var fakeB = ToB.Forward(a);
        var fakeA = ToA.Forward(b);
        var adversarial = GanLosses.Generator(GanLossKind.LeastSquares, JudgeB.Score(fakeB))
                        + GanLosses.Generator(GanLossKind.LeastSquares, JudgeA.Score(fakeA));
        Tensor cycle;
        var loss = adversarial;
        if (lambda > 0)
        {
            cycle = L1(ToA.Forward(fakeB), a) + L1(ToB.Forward(fakeA), b);
            loss = loss + cycle * lambda;
        }
        else
        {
            using var _ = Autograd.NoGrad();
            cycle = L1(ToA.Forward(fakeB), a) + L1(ToB.Forward(fakeA), b);
        }
        double identity = double.NaN;
        if (identityWeight > 0)
        {
            var same = L1(ToB.Forward(b), b) + L1(ToA.Forward(a), a);
            loss = loss + same * identityWeight;
            identity = same.Item();
        }
        loss.Backward();
        _generatorOptimizer.Step();

        _discriminatorOptimizer.ZeroGrad();
        var poolB = _poolB?.MixAndPush(fakeB, Rng) ?? fakeB.Detach();
        var poolA = _poolA?.MixAndPush(fakeA, Rng) ?? fakeA.Detach();
        var realA = JudgeA.Score(a);
        var realB = JudgeB.Score(b);
        var scoredA = JudgeA.Score(poolA);
        var scoredB = JudgeB.Score(poolB);
        var dLoss = (GanLosses.Discriminator(GanLossKind.LeastSquares, realA, scoredA)
                   + GanLosses.Discriminator(GanLossKind.LeastSquares, realB, scoredB)) * 0.5f;
        dLoss.Backward();
        _discriminatorOptimizer.Step();

        var metrics = new Dictionary<string, double>
        {
            ["loss"] = loss.Item(),
            ["g_adversarial"] = adversarial.Item(),
            ["cycle"] = cycle.Item(),
            ["d_loss"] = dLoss.Item(),
            ["d_a_real"] = realA.Mean().Item(),
            ["d_a_fake"] = scoredA.Mean().Item(),
            ["d_b_real"] = realB.Mean().Item(),
            ["d_b_fake"] = scoredB.Mean().Item(),
        };
        if (!double.IsNaN(identity)) metrics["identity"] = identity;
        return metrics;
    }

    /// <summary>G's translations of domain-A images in [0, 1] to domain B in [0, 1], without a graph.</summary>
    public Tensor TranslateToB(Tensor a) => Translate(ToB, a);

    /// <summary>F's translations of domain-B images in [0, 1] to domain A in [0, 1], without a graph.</summary>
    public Tensor TranslateToA(Tensor b) => Translate(ToA, b);

    private static Tensor Translate(ResnetGenerator generator, Tensor images)
    {
        ArgumentNullException.ThrowIfNull(images);
        using var _ = Autograd.NoGrad();
        return LatentEncoding.MapInBatches(images, x => (generator.Forward(x * 2f - 1f) + 1f) * 0.5f, 250);
    }

    /// <summary>
    /// Scores the first <see cref="ImageTranslationOptions.EvalSize"/> test rows: "cycle_a" and "cycle_b" (mean |F(G(a)) − a|
    /// and |G(F(b)) − b| in [0, 1] units) and, where the test rows are true pairs, "psnr", "ssim" and "l1" of G(a) against b.
    /// </summary>
    public override IReadOnlyDictionary<string, double> Evaluate(DataLoader data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var (a, b) = Rows(data, Options.EvalSize);
        var toB = TranslateToB(a);
        var toA = TranslateToA(b);
        using var _ = Autograd.NoGrad();
        var metrics = new Dictionary<string, double>
        {
            ["cycle_a"] = L1(TranslateToA(toB), a).Item(),
            ["cycle_b"] = L1(TranslateToB(toA), b).Item(),
        };
        if (Paired)
            foreach (var (key, value) in Pix2Pix.Score(toB, b)) metrics[key] = value;
        return metrics;
    }

    /// <summary>The first <paramref name="limit"/> (A, B) rows of a loader whose inputs are A and targets B.</summary>
    public static (Tensor A, Tensor B) Rows(DataLoader data, int limit)
    {
        ArgumentNullException.ThrowIfNull(data);
        var a = new List<Tensor>();
        var b = new List<Tensor>();
        int count = 0;
        foreach (var batch in data)
        {
            if (count >= limit) break;
            if (batch.Targets is null) throw new ArgumentException("CycleGan: the loader needs domain-A inputs and domain-B targets.", nameof(data));
            int take = Math.Min(batch.Size, limit - count);
            a.Add(batch.Inputs.Narrow(0, 0, take));
            b.Add(batch.Targets.Narrow(0, 0, take));
            count += take;
        }
        return (Tensor.Concat([.. a], 0), Tensor.Concat([.. b], 0));
    }

    /// <summary>Held-out domain-A images whose translations <see cref="Sample"/> returns; null until set.</summary>
    public Tensor? SampleSource { get; set; }

    /// <summary>G's translations of <paramref name="count"/> held-out domain-A images picked by <paramref name="gen"/>: samples of domain B.</summary>
    /// <exception cref="InvalidOperationException"><see cref="SampleSource"/> is not set.</exception>
    public Tensor Sample(int count, Generator gen)
    {
        ArgumentNullException.ThrowIfNull(gen);
        var source = SampleSource ?? throw new InvalidOperationException("CycleGan: set SampleSource (held-out domain-A images) before sampling; translations need inputs.");
        var indices = Enumerable.Range(0, count).Select(_ => gen.NextInt(source.Shape[0])).ToArray();
        return TranslateToB(source.IndexSelect(0, indices));
    }

    /// <inheritdoc />
    public int[] SampleShape => (SampleSource ?? Preview?.A)?.Shape[1..]
        ?? throw new InvalidOperationException("CycleGan: set SampleSource (held-out domain-A images) to know the sample shape.");

    /// <summary>
    /// Writes <c>{prefix}-a-to-b.png</c> (rows: 16 preview images of A, G(a), F(G(a)), and the true b where the domains
    /// are paired) and <c>{prefix}-b-to-a.png</c> (rows: b, F(b), G(F(b))).
    /// </summary>
    public override void WriteSamples(string directory, string prefix)
    {
        if (Preview is not var (previewA, previewB)) return;
        int n = Math.Min(16, previewA.Shape[0]);
        var a = previewA.Narrow(0, 0, n);
        var b = previewB.Narrow(0, 0, n);
        var toB = TranslateToB(a);
        Tensor[] rowsA = Paired ? [a, toB, TranslateToA(toB), b] : [a, toB, TranslateToA(toB)];
        ImageGrid.Save(Tensor.Concat(rowsA, 0), SampleFiles.Path(directory, prefix, "a-to-b"), columns: n);
        var toA = TranslateToA(b);
        ImageGrid.Save(Tensor.Concat([b, toA, TranslateToB(toA)], 0), SampleFiles.Path(directory, prefix, "b-to-a"), columns: n);
    }

    /// <inheritdoc />
    public override void SaveExtraState(IDictionary<string, Tensor> tensors, JsonObject state)
    {
        if (_poolA is { Count: > 0 }) tensors["pool_a"] = _poolA.Contents();
        if (_poolB is { Count: > 0 }) tensors["pool_b"] = _poolB.Contents();
    }

    /// <inheritdoc />
    public override void LoadExtraState(IReadOnlyDictionary<string, Tensor> tensors, JsonObject state)
    {
        if (_poolA != null && tensors.TryGetValue("pool_a", out var a)) _poolA.Load(a);
        if (_poolB != null && tensors.TryGetValue("pool_b", out var b)) _poolB.Load(b);
    }
}
