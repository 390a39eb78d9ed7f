using System.Text.Json.Nodes;
using Latent.Data;
using Latent.IO;
using Latent.Models.Classical.Fitting;
using Latent.Models.Common;
using Latent.NN;
using Latent.Optim;
using Latent.Tensors;
using Latent.Training;

namespace Latent.Models.Classical;

/// <summary>
/// A <see cref="BernoulliMixture"/> of binarized images as a trainable model: one epoch is one EM iteration (the
/// E-step statistics streamed batch by batch, the M-step after the epoch's last example). log p(x) is the exact
/// probability of the binarized image; samples are binary images.
/// </summary>
public sealed class BernoulliMixtureModel : TrainableModel, ISampler, ILikelihoodModel, IExpectationMaximizationModel
{
    private readonly int[] _imageShape;
    private readonly EmEpochs<BernoulliMixtureStatistics> _em;

    /// <summary>Creates a mixture with Bishop's random start (means uniform in [0.25, 0.75]).</summary>
    public BernoulliMixtureModel(int[] imageShape, int components, double pseudocount, double threshold, int examplesPerEpoch, Generator rng)
        : base(rng)
    {
        ArgumentNullException.ThrowIfNull(imageShape);
        ArgumentOutOfRangeException.ThrowIfNegative(pseudocount);
        _imageShape = (int[])imageShape.Clone();
        _em = new EmEpochs<BernoulliMixtureStatistics>(examplesPerEpoch);
        Pseudocount = pseudocount;
        Threshold = threshold;
        Mixture = BernoulliMixture.Random(components, imageShape.Aggregate(1, (a, b) => a * b), rng);
    }

    /// <summary>The current mixture.</summary>
    public BernoulliMixture Mixture { get; private set; }

    /// <summary>Pseudo-counts of the M-step.</summary>
    public double Pseudocount { get; }

    /// <summary>Pixels above this count as on.</summary>
    public double Threshold { get; }

    /// <summary>The mean training log-likelihood of the mixture before each completed M-step: EM never lowers it (for pseudo-count 0).</summary>
    public IReadOnlyList<double> LogLikelihoodHistory => _em.History;

    /// <summary>log Πₖᵢ μₖᵢᵃ(1 − μₖᵢ)ᵃ, the Beta(a + 1, a + 1) prior whose MAP estimate the M-step is (up to its constant).</summary>
    public double LogPrior => Pseudocount == 0 ? 0 : Pseudocount * Mixture.Means.Sum(m => m.Sum(v => Math.Log(v) + Math.Log(1 - v)));

    /// <summary>Forgets the fit and starts again from Bishop's random means, drawn from the model's stream reseeded with <paramref name="seed"/>.</summary>
    public void Restart(ulong seed)
    {
        Rng.Reseed(seed);
        Mixture = BernoulliMixture.Random(Mixture.ComponentCount, Mixture.Dimension, Rng);
        _em.Reset();
    }

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, Module> Modules { get; } = new Dictionary<string, Module>();

    /// <summary>None: EM has closed-form steps.</summary>
    public override IReadOnlyDictionary<string, Optimizer> Optimizers { get; } = new Dictionary<string, Optimizer>();

    /// <inheritdoc />
    public int[] SampleShape => (int[])_imageShape.Clone();

    /// <summary>Exact, for the binarized image.</summary>
    public LikelihoodKind Kind => LikelihoodKind.Exact;

    private double[][] Binarize(Tensor x)
    {
        var rows = ClassicalRows.FromTensor(x);
        foreach (var r in rows)
            for (int i = 0; i < r.Length; i++) r[i] = r[i] > Threshold ? 1 : 0;
        return rows;
    }

    /// <summary>The E-step on one batch, the M-step after the epoch's last; "loss" is −log p(x) per binarized image under the current mixture.</summary>
    public override IReadOnlyDictionary<string, double> TrainStep(Batch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var rows = Binarize(batch.Inputs);
        var stats = _em.Open(() => new BernoulliMixtureStatistics(Mixture));
        double sum = 0;
        foreach (var r in rows) sum += stats.Add(r);
        if (_em.Count(rows.Length))
        {
            Mixture = stats.Maximize(Pseudocount);
            _em.Complete(stats.MeanLogLikelihood);
        }
        return new Dictionary<string, double> { ["loss"] = -sum / rows.Length };
    }

    /// <summary>"nll": −log p(x) in nats per held-out binarized image, and "bic".</summary>
    public override IReadOnlyDictionary<string, double> Evaluate(DataLoader data)
    {
        ArgumentNullException.ThrowIfNull(data);
        double sum = 0;
        int count = 0;
        foreach (var batch in data)
        {
            foreach (var r in Binarize(batch.Inputs)) sum += Mixture.LogDensity(r);
            count += batch.Size;
        }
        return new Dictionary<string, double> { ["nll"] = -sum / count, ["bic"] = -2 * sum + Mixture.ParameterCount * Math.Log(count) };
    }

    /// <inheritdoc />
    public Tensor LogLikelihood(Tensor x, Generator gen)
    {
        var rows = Binarize(x);
        var result = Tensor.Zeros(rows.Length);
        for (int i = 0; i < rows.Length; i++) result.Data[i] = (float)Mixture.LogDensity(rows[i]);
        return result;
    }

    /// <summary>Binary images drawn from the mixture.</summary>
    public Tensor Sample(int count, Generator gen) => ClassicalRows.ToTensor(Mixture.Sample(count, gen).Points).Reshape([count, .. _imageShape]);

    /// <summary><c>{prefix}-means.png</c>: every component's mean image (heaviest first); <c>{prefix}-samples.png</c>: 64 binary samples.</summary>
    public override void WriteSamples(string directory, string prefix)
    {
        var order = Enumerable.Range(0, Mixture.ComponentCount).OrderByDescending(k => Mixture.Weights[k]).ToArray();
        var means = ClassicalRows.ToTensor(order.Select(k => Mixture.Means[k]).ToArray()).Reshape([order.Length, .. _imageShape]);
        ImageGrid.Save(means, SampleFiles.Path(directory, prefix, "means"), columns: Math.Min(10, order.Length));
        ImageGrid.Save(Sample(64, new Generator(7)), SampleFiles.Path(directory, prefix, "samples"), columns: 8);
    }

    /// <inheritdoc />
    public override void SaveExtraState(IDictionary<string, Tensor> tensors, JsonObject state)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        ArgumentNullException.ThrowIfNull(state);
        _em.Save(tensors, state, "bmm");
        ExactState.Put(tensors, "bmm_weights", Mixture.Weights.ToArray());
        ExactState.Put(tensors, "bmm_means", Mixture.Means.SelectMany(m => m).ToArray());
        if (_em.Statistics is not { } stats) return;
        state["bmm_statistics_count"] = stats.Count;
        ExactState.Put(tensors, "bmm_stat_mass", stats.Mass);
        ExactState.Put(tensors, "bmm_stat_ones", stats.Ones.SelectMany(m => m).ToArray());
        ExactState.Put(tensors, "bmm_stat_loglik", [stats.LogLikelihood]);
    }

    /// <inheritdoc />
    public override void LoadExtraState(IReadOnlyDictionary<string, Tensor> tensors, JsonObject state)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        ArgumentNullException.ThrowIfNull(state);
        bool hasStatistics = _em.Load(tensors, state, "bmm");
        var weights = ExactState.Get(tensors, "bmm_weights");
        var flat = ExactState.Get(tensors, "bmm_means");
        int k = weights.Length, d = flat.Length / k;
        Mixture = new BernoulliMixture(weights, Enumerable.Range(0, k).Select(c => flat.AsSpan(c * d, d).ToArray()).ToArray());
        if (!hasStatistics) return;
        var stats = new BernoulliMixtureStatistics(Mixture) { LogLikelihood = ExactState.Get(tensors, "bmm_stat_loglik")[0], Count = state["bmm_statistics_count"]!.GetValue<long>() };
        ExactState.Get(tensors, "bmm_stat_mass").CopyTo(stats.Mass, 0);
        var ones = ExactState.Get(tensors, "bmm_stat_ones");
        for (int c = 0; c < k; c++) ones.AsSpan(c * d, d).CopyTo(stats.Ones[c]);
        _em.Statistics = stats;
    }
}
