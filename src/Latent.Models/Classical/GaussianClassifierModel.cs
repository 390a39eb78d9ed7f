using System.Text.Json.Nodes;
using Latent.Data;
using Latent.IO;
using Latent.Models.Common;
using Latent.NN;
using Latent.Optim;
using Latent.Tensors;
using Latent.Training;

namespace Latent.Models.Classical;

/// <summary>
/// A <see cref="GaussianClassifier"/> as a trainable model: one epoch accumulates the per-class statistics batch by
/// batch and the closed form is solved from what has been seen after every batch, so the classifier after the
/// epoch's last batch is the maximum-likelihood fit to the whole training set. As a generative model it samples a
/// class's Gaussian (<see cref="IConditionalSampler"/>) and gives the exact log p(x) = log Σₖ πₖ p(x | Cₖ).
/// </summary>
public sealed class GaussianClassifierModel : TrainableModel, IConditionalSampler, ILikelihoodModel
{
    private readonly int _examplesPerEpoch;
    private MixtureStatistics? _stats;
    private int _seen;

    /// <summary>Creates an unfitted classifier.</summary>
    /// <param name="features">The map from examples to the classifier's coordinates.</param>
    /// <param name="classes">K.</param>
    /// <param name="covariance">Shared, per-class or naive-Bayes covariances.</param>
    /// <param name="shrinkage">Shrinkage α towards (tr Σ / D)·I.</param>
    /// <param name="varSmoothing">ε relative to the largest feature variance.</param>
    /// <param name="examplesPerEpoch">The number of training examples.</param>
    /// <param name="rng">The model's stream (unused by the closed form; kept for the trainer).</param>
    public GaussianClassifierModel(ClassicalFeatures features, int classes, ClassCovariance covariance, double shrinkage, double varSmoothing,
        int examplesPerEpoch, Generator rng)
        : base(rng)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 2);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(examplesPerEpoch);
        Features = features;
        Classes = classes;
        Covariance = covariance;
        Shrinkage = shrinkage;
        VarSmoothing = varSmoothing;
        _examplesPerEpoch = examplesPerEpoch;
    }

    /// <summary>The map from examples to coordinates.</summary>
    public ClassicalFeatures Features { get; }

    /// <inheritdoc />
    public int Classes { get; }

    /// <summary>How the covariances are shared.</summary>
    public ClassCovariance Covariance { get; }

    /// <summary>Shrinkage α.</summary>
    public double Shrinkage { get; }

    /// <summary>ε relative to the largest feature variance.</summary>
    public double VarSmoothing { get; }

    /// <summary>The fitted classifier, or null before the first batch.</summary>
    public GaussianClassifier? Classifier { get; private set; }

    /// <summary>Names of the classes for pictures, when known.</summary>
    public IReadOnlyList<string>? ClassNames { get; set; }

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, Module> Modules { get; } = new Dictionary<string, Module>();

    /// <summary>None: the fit is closed-form.</summary>
    public override IReadOnlyDictionary<string, Optimizer> Optimizers { get; } = new Dictionary<string, Optimizer>();

    /// <inheritdoc />
    public int[] SampleShape => (int[])Features.ExampleShape.Clone();

    /// <summary>Exact: a mixture of the class Gaussians (times the residual's density for PCA features).</summary>
    public LikelihoodKind Kind => LikelihoodKind.Exact;

    /// <summary>
    /// Adds the batch to the class statistics and solves the closed form from everything seen in this epoch. "loss" is
    /// −log p(x, y) per example of the batch under the new fit (nats, in the coordinates), "accuracy" its accuracy.
    /// </summary>
    /// <exception cref="ArgumentException">The batch has no labels or a label is outside [0, K).</exception>
    public override IReadOnlyDictionary<string, double> TrainStep(Batch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var labels = batch.Labels ?? throw new ArgumentException("Gaussian classifier: batches need class labels.", nameof(batch));
        var (z, _) = Features.Map(batch.Inputs);
        if (_seen >= _examplesPerEpoch || _stats == null)
        {
            _stats = new MixtureStatistics(Classes, Features.Dimension, Covariance == ClassCovariance.NaiveBayes ? CovarianceKind.Diagonal : CovarianceKind.Full);
            _seen = 0;
        }
        GaussianClassifier.Add(_stats, z, labels);
        _seen += z.Length;
        // Until every class has been seen the previous fit (if any) stays.
        if (_stats.Mass.All(m => m > 0)) Classifier = GaussianClassifier.Fit(_stats, Covariance, Shrinkage, VarSmoothing);
        if (Classifier == null) return new Dictionary<string, double> { ["loss"] = 0, ["accuracy"] = 0 };
        var (loss, accuracy) = Classifier.Score(z, labels);
        return new Dictionary<string, double> { ["loss"] = loss, ["accuracy"] = accuracy };
    }

    /// <summary>"accuracy" on held-out data, "nll" = −log p(x, y) per example and "nll_x" = −log p(x), exact in the data's space.</summary>
    public override IReadOnlyDictionary<string, double> Evaluate(DataLoader data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (Classifier == null) return new Dictionary<string, double>();
        double joint = 0, marginal = 0;
        int right = 0, count = 0;
        var buffer = new double[Classes];
        foreach (var batch in data)
        {
            var labels = batch.Labels ?? throw new ArgumentException("Gaussian classifier: held-out batches need class labels.", nameof(data));
            var (z, residual) = Features.Map(batch.Inputs);
            for (int i = 0; i < z.Length; i++)
            {
                double lse = Classifier.LogJoint(z[i], buffer);
                joint += buffer[labels[i]] + residual[i];
                marginal += lse + residual[i];
                int arg = 0;
                for (int c = 1; c < Classes; c++)
                    if (buffer[c] > buffer[arg]) arg = c;
                if (arg == labels[i]) right++;
            }
            count += z.Length;
        }
        return new Dictionary<string, double> { ["accuracy"] = right / (double)count, ["nll"] = -joint / count, ["nll_x"] = -marginal / count };
    }

    /// <summary>Predicted classes of examples [N, ...].</summary>
    /// <exception cref="InvalidOperationException">Not fitted yet.</exception>
    public int[] Predict(Tensor x)
    {
        var classifier = Classifier ?? throw new InvalidOperationException("Gaussian classifier: not fitted yet.");
        return Features.Map(x).Coordinates.Select(z => classifier.Predict(z)).ToArray();
    }

    /// <inheritdoc />
    public Tensor LogLikelihood(Tensor x, Generator gen)
    {
        var classifier = Classifier ?? throw new InvalidOperationException("Gaussian classifier: not fitted yet.");
        var (z, residual) = Features.Map(x);
        var buffer = new double[Classes];
        var result = Tensor.Zeros(z.Length);
        for (int i = 0; i < z.Length; i++) result.Data[i] = (float)(classifier.LogJoint(z[i], buffer) + residual[i]);
        return result;
    }

    /// <summary>Draws classes from the priors, then examples from their Gaussians.</summary>
    public Tensor Sample(int count, Generator gen)
    {
        ArgumentNullException.ThrowIfNull(gen);
        var classifier = Classifier ?? throw new InvalidOperationException("Gaussian classifier: not fitted yet.");
        var labels = new int[count];
        for (int i = 0; i < count; i++) labels[i] = GaussianMixture.Categorical(classifier.Priors, gen.NextDouble());
        return Sample(labels, gen);
    }

    /// <summary>One example of each class in <paramref name="labels"/> from p(x | C); images are subspace points clamped to [0, 1].</summary>
    public Tensor Sample(int[] labels, Generator gen)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var classifier = Classifier ?? throw new InvalidOperationException("Gaussian classifier: not fitted yet.");
        return Features.ToExamples(labels.Select(l => classifier.Sample(l, gen)).ToArray());
    }

    /// <summary>Images: <c>{prefix}-class-samples.png</c>, one row of 8 samples per class. Toy points: <c>{prefix}-class-samples.svg</c>.</summary>
    public override void WriteSamples(string directory, string prefix)
    {
        if (Classifier == null) return;
        var gen = new Generator(7);
        if (Features.IsImage)
        {
            var labels = Enumerable.Range(0, Classes * 8).Select(i => i / 8).ToArray();
            ImageGrid.Save(Sample(labels, gen), SampleFiles.Path(directory, prefix, "class-samples"), columns: 8);
            return;
        }
        if (Features.Dimension != 2) return;
        var perClass = Enumerable.Range(0, Classes * 200).Select(i => i / 200).ToArray();
        new ScatterPlot { Title = $"Gaussian classifier ({Covariance}): samples of each class", PointRadius = 1.2, ClassNames = ClassNames }
            .Add(Sample(perClass, gen), perClass)
            .Save(Path.ChangeExtension(SampleFiles.Path(directory, prefix, "class-samples"), ".svg"));
    }

    /// <inheritdoc />
    public override void SaveExtraState(IDictionary<string, Tensor> tensors, JsonObject state)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        ArgumentNullException.ThrowIfNull(state);
        state["classifier_seen"] = _seen;
        state["classifier_statistics"] = _stats != null;
        if (_stats == null) return;
        state["classifier_count"] = _stats.Count;
        ExactState.Put(tensors, "classifier_mass", _stats.Mass);
        ExactState.Put(tensors, "classifier_first", _stats.FirstMoments.SelectMany(m => m).ToArray());
        ExactState.Put(tensors, "classifier_second", _stats.SecondMoments.SelectMany(m => m).ToArray());
    }

    /// <summary>Restores the statistics and re-solves the closed form from them.</summary>
    public override void LoadExtraState(IReadOnlyDictionary<string, Tensor> tensors, JsonObject state)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        ArgumentNullException.ThrowIfNull(state);
        _seen = state["classifier_seen"]?.GetValue<int>() ?? 0;
        _stats = null;
        Classifier = null;
        if (state["classifier_statistics"]?.GetValue<bool>() != true) return;
        var kind = Covariance == ClassCovariance.NaiveBayes ? CovarianceKind.Diagonal : CovarianceKind.Full;
        _stats = MixtureStatistics.Restore(Classes, Features.Dimension, kind, ExactState.Get(tensors, "classifier_mass"),
            ExactState.Get(tensors, "classifier_first"), ExactState.Get(tensors, "classifier_second"), 0, state["classifier_count"]!.GetValue<long>());
        if (_stats.Mass.All(m => m > 0)) Classifier = GaussianClassifier.Fit(_stats, Covariance, Shrinkage, VarSmoothing);
    }
}
