using System.Text.Json.Nodes;
using Latent.Data;
using Latent.IO;
using Latent.Linalg;
using Latent.Models.Classical.Fitting;
using Latent.Models.Common;
using Latent.NN;
using Latent.Optim;
using Latent.Tensors;
using Latent.Training;

namespace Latent.Models.Classical;

/// <summary>
/// A Gaussian mixture as a trainable model: one epoch is one EM iteration over the training data, however it is
/// batched. <see cref="TrainStep"/> adds each batch's responsibilities to the sufficient statistics (the E-step, under
/// the current mixture) and, once the epoch's examples are all in, solves the M-step; the very first batch also seeds
/// the mixture by k-means++. On images the mixture lives on principal components (<see cref="ClassicalFeatures"/>), and
/// log p(x) adds the exact density of the residual, so the likelihood is exact in pixel space.
/// </summary>
/// <example>
/// <code>
/// var model = new GaussianMixtureModel(features, components: 8, CovarianceKind.Full, 1e-6, examplesPerEpoch: n, new Generator(1));
/// InMemoryTraining.Fit(model, points, steps: 50, seed: 1, batchSize: n);  // 50 EM iterations
/// Tensor logp = model.LogLikelihood(points, new Generator(0));
/// </code>
/// </example>
public sealed class GaussianMixtureModel : TrainableModel, ISampler, ILikelihoodModel, IExpectationMaximizationModel
{
    private readonly EmEpochs<MixtureStatistics> _em;

    /// <summary>Creates an unfitted model.</summary>
    /// <param name="features">The map from examples to the mixture's coordinates.</param>
    /// <param name="components">K.</param>
    /// <param name="covariance">The covariance form.</param>
    /// <param name="regularization">λ added to every variance.</param>
    /// <param name="examplesPerEpoch">The number of training examples: an M-step follows each of these many.</param>
    /// <param name="rng">The model's stream (k-means++ seeding).</param>
    public GaussianMixtureModel(ClassicalFeatures features, int components, CovarianceKind covariance, double regularization, int examplesPerEpoch, Generator rng)
        : base(rng)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(components);
        ArgumentOutOfRangeException.ThrowIfNegative(regularization);
        Features = features;
        ComponentCount = components;
        Covariance = covariance;
        Regularization = regularization;
        _em = new EmEpochs<MixtureStatistics>(examplesPerEpoch);
    }

    /// <summary>The map from examples to coordinates.</summary>
    public ClassicalFeatures Features { get; }

    /// <summary>The number of components K.</summary>
    public int ComponentCount { get; }

    /// <summary>The covariance form.</summary>
    public CovarianceKind Covariance { get; }

    /// <summary>λ added to every variance.</summary>
    public double Regularization { get; }

    /// <summary>The current mixture on the coordinates, or null before the first batch.</summary>
    public GaussianMixture? Mixture { get; private set; }

    /// <summary>The mean log-likelihood per training example on the coordinates, of the mixture before each completed M-step: EM never lowers it.</summary>
    public IReadOnlyList<double> LogLikelihoodHistory => _em.History;

    /// <summary>0: the mixture is a maximum-likelihood fit (the variance ridge is no prior).</summary>
    public double LogPrior => 0;

    /// <summary>Forgets the mixture; the next batch seeds a new one by k-means++ from the model's stream, reseeded with <paramref name="seed"/>.</summary>
    public void Restart(ulong seed)
    {
        Rng.Reseed(seed);
        Mixture = null;
        _em.Reset();
    }

    /// <summary>Up to 2,000 training examples drawn under the fitted ellipses (toy data) by <see cref="WriteSamples"/>.</summary>
    public Tensor? Preview { get; set; }

    /// <summary>The BIC of every candidate K on the training coordinates, when K was chosen by BIC (<c>--choose-components</c>).</summary>
    public IReadOnlyDictionary<int, double>? BicByComponents { get; init; }

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, Module> Modules { get; } = new Dictionary<string, Module>();

    /// <summary>None: EM has closed-form steps.</summary>
    public override IReadOnlyDictionary<string, Optimizer> Optimizers { get; } = new Dictionary<string, Optimizer>();

    /// <inheritdoc />
    public int[] SampleShape => (int[])Features.ExampleShape.Clone();

    /// <summary>Exact: the mixture density times the residual's Gaussian density.</summary>
    public LikelihoodKind Kind => LikelihoodKind.Exact;

    /// <summary>
    /// The E-step on one batch; the M-step after the epoch's last batch. "loss" is −log p(x) per example of the batch
    /// under the current mixture, in nats in the data's space: every batch of an epoch is scored by the same mixture,
    /// so the epoch's mean loss is the training negative log-likelihood that EM never raises.
    /// </summary>
    public override IReadOnlyDictionary<string, double> TrainStep(Batch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var (z, residual) = Features.Map(batch.Inputs);
        Mixture ??= GaussianMixture.Initialize(z, ComponentCount, Covariance, Regularization, Rng);
        var mixture = Mixture;
        var stats = _em.Open(() => new MixtureStatistics(mixture));
        double sum = 0;
        for (int i = 0; i < z.Length; i++) sum += stats.Add(z[i]) + residual[i];
        if (_em.Count(z.Length))
        {
            Mixture = stats.Maximize(Regularization);
            _em.Complete(stats.MeanLogLikelihood);
        }
        return new Dictionary<string, double> { ["loss"] = -sum / z.Length };
    }

    /// <summary>"nll": −log p(x) in nats per held-out example (exact), and "bic" of the held-out set on the coordinates.</summary>
    public override IReadOnlyDictionary<string, double> Evaluate(DataLoader data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (Mixture == null) return new Dictionary<string, double>();
        double sum = 0, coordinates = 0;
        int count = 0;
        foreach (var batch in data)
        {
            var (z, residual) = Features.Map(batch.Inputs);
            for (int i = 0; i < z.Length; i++)
            {
                double lp = Mixture.LogDensity(z[i]);
                coordinates += lp;
                sum += lp + residual[i];
            }
            count += z.Length;
        }
        double bic = -2 * coordinates + Mixture.ParameterCount * Math.Log(count);
        return new Dictionary<string, double> { ["nll"] = -sum / count, ["bic"] = bic, ["components"] = ComponentCount };
    }

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">The model has not seen a batch yet.</exception>
    public Tensor LogLikelihood(Tensor x, Generator gen)
    {
        var mixture = Mixture ?? throw new InvalidOperationException("Gaussian mixture: not fitted yet.");
        var (z, residual) = Features.Map(x);
        var result = Tensor.Zeros(z.Length);
        for (int i = 0; i < z.Length; i++) result.Data[i] = (float)(mixture.LogDensity(z[i]) + residual[i]);
        return result;
    }

    /// <summary>Draws from the mixture; images are the subspace points μ + V·z clamped to [0, 1] (the residual's white noise is not added).</summary>
    /// <exception cref="InvalidOperationException">The model has not seen a batch yet.</exception>
    public Tensor Sample(int count, Generator gen)
    {
        var mixture = Mixture ?? throw new InvalidOperationException("Gaussian mixture: not fitted yet.");
        return Features.ToExamples(mixture.Sample(count, gen).Points);
    }

    /// <summary>
    /// Toy data: <c>{prefix}-mixture.svg</c>, the preview points with each component's 1σ and 2σ ellipses and 500
    /// samples. Images: <c>{prefix}-samples.png</c>, 64 samples.
    /// </summary>
    public override void WriteSamples(string directory, string prefix)
    {
        if (Mixture == null) return;
        if (BicByComponents is { Count: > 1 } candidates)
            new LinePlot { Title = $"BIC of the training data against K (chosen: K = {ComponentCount})", XLabel = "K", YLabel = "BIC" }
                .Add("BIC", candidates.Keys.Select(k => (double)k).ToArray(), candidates.Values.ToArray())
                .Save(Path.ChangeExtension(SampleFiles.Path(directory, prefix, "bic"), ".svg"));
        var gen = new Generator(7);
        if (Features.IsImage)
        {
            ImageGrid.Save(Sample(64, gen), SampleFiles.Path(directory, prefix, "samples"), columns: 8);
            return;
        }
        if (Mixture.Dimension != 2) return;
        var plot = new ScatterPlot { Title = $"Gaussian mixture, K = {ComponentCount} ({Covariance}), {_em.History.Count} EM iterations", PointRadius = 1.2 };
        if (Preview != null) plot.Add(Preview, name: "data");
        plot.Add(Sample(500, gen), name: "samples");
        plot.Add(Ellipses(Mixture, [1, 2], 120), name: "1σ and 2σ ellipses");
        plot.Save(Path.ChangeExtension(SampleFiles.Path(directory, prefix, "mixture"), ".svg"));
    }

    /// <summary>Points on the ellipses (x − μₖ)ᵀΣₖ⁻¹(x − μₖ) = r² of every component of a 2-D mixture, for each radius r: [K·radii·points, 2].</summary>
    public static Tensor Ellipses(GaussianMixture mixture, double[] radii, int points)
    {
        ArgumentNullException.ThrowIfNull(mixture);
        ArgumentNullException.ThrowIfNull(radii);
        if (mixture.Dimension != 2) throw new ArgumentException($"Ellipses need a 2-D mixture, got D = {mixture.Dimension}.", nameof(mixture));
        var result = Tensor.Zeros(mixture.ComponentCount * radii.Length * points, 2);
        int row = 0;
        foreach (var c in mixture.Components)
        {
            var eig = SymmetricEigen.Decompose(c.Covariance);
            foreach (double r in radii)
                for (int p = 0; p < points; p++)
                {
                    double t = 2 * Math.PI * p / points;
                    double a = r * Math.Sqrt(Math.Max(eig.Values[0], 0)) * Math.Cos(t), b = r * Math.Sqrt(Math.Max(eig.Values[1], 0)) * Math.Sin(t);
                    result.Data[2 * row] = (float)(c.Mean[0] + eig.Vectors[0, 0] * a + eig.Vectors[0, 1] * b);
                    result.Data[2 * row + 1] = (float)(c.Mean[1] + eig.Vectors[1, 0] * a + eig.Vectors[1, 1] * b);
                    row++;
                }
        }
        return result;
    }

    /// <inheritdoc />
    public override void SaveExtraState(IDictionary<string, Tensor> tensors, JsonObject state)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        ArgumentNullException.ThrowIfNull(state);
        _em.Save(tensors, state, "gmm");
        state["gmm_fitted"] = Mixture != null;
        if (Mixture == null) return;
        ExactState.Put(tensors, "gmm_weights", Mixture.Weights.ToArray());
        ExactState.Put(tensors, "gmm_means", Mixture.Components.SelectMany(c => c.Mean).ToArray());
        ExactState.Put(tensors, "gmm_covariances", Mixture.Components.SelectMany(c => c.Covariance.Cast<double>()).ToArray());
        if (_em.Statistics is not { } stats) return;
        state["gmm_statistics_count"] = stats.Count;
        ExactState.Put(tensors, "gmm_stat_mass", stats.Mass);
        ExactState.Put(tensors, "gmm_stat_first", stats.FirstMoments.SelectMany(m => m).ToArray());
        ExactState.Put(tensors, "gmm_stat_second", stats.SecondMoments.SelectMany(m => m).ToArray());
        ExactState.Put(tensors, "gmm_stat_loglik", [stats.LogLikelihood]);
    }

    /// <inheritdoc />
    public override void LoadExtraState(IReadOnlyDictionary<string, Tensor> tensors, JsonObject state)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        ArgumentNullException.ThrowIfNull(state);
        bool hasStatistics = _em.Load(tensors, state, "gmm");
        Mixture = null;
        if (state["gmm_fitted"]?.GetValue<bool>() != true) return;
        var weights = ExactState.Get(tensors, "gmm_weights");
        var means = ExactState.Get(tensors, "gmm_means");
        var covariances = ExactState.Get(tensors, "gmm_covariances");
        int k = weights.Length, d = means.Length / k;
        var components = new Gaussian[k];
        for (int c = 0; c < k; c++)
        {
            var mean = means.AsSpan(c * d, d).ToArray();
            var cov = new double[d, d];
            for (int i = 0; i < d; i++)
                for (int j = 0; j < d; j++) cov[i, j] = covariances[c * d * d + i * d + j];
            components[c] = Covariance == CovarianceKind.Full
                ? Gaussian.Full(mean, cov)
                : Gaussian.Diagonal(mean, Enumerable.Range(0, d).Select(i => cov[i, i]).ToArray());
        }
        Mixture = new GaussianMixture(weights, components, Covariance);
        if (!hasStatistics) return;
        _em.Statistics = MixtureStatistics.Restore(Mixture, ExactState.Get(tensors, "gmm_stat_mass"), ExactState.Get(tensors, "gmm_stat_first"),
            ExactState.Get(tensors, "gmm_stat_second"), ExactState.Get(tensors, "gmm_stat_loglik")[0], state["gmm_statistics_count"]!.GetValue<long>());
    }
}
