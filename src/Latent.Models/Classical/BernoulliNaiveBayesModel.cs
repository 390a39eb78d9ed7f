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
/// <see cref="BernoulliNaiveBayes"/> on binarized images as a trainable model, fitted in closed form: one epoch
/// accumulates class counts and per-pixel counts of ones batch by batch, and the classifier is re-solved after every
/// batch, so after the epoch's last it is the fit to the whole training set. As a generative model it draws binary
/// images of a class (<see cref="IConditionalSampler"/>) and gives the exact log p(binarized x) = log Σₖ πₖ Πᵢ p(xᵢ | Cₖ).
/// </summary>
public sealed class BernoulliNaiveBayesModel : TrainableModel, IConditionalSampler, ILikelihoodModel
{
    private readonly int[] _imageShape;
    private readonly int _examplesPerEpoch;
    private double[] _classCounts;
    private double[][] _onCounts;
    private int _seen;

    /// <summary>Creates an unfitted classifier of <paramref name="classes"/> classes of images shaped <paramref name="imageShape"/>.</summary>
    public BernoulliNaiveBayesModel(int[] imageShape, int classes, double alpha, double threshold, int examplesPerEpoch, Generator rng)
        : base(rng)
    {
        ArgumentNullException.ThrowIfNull(imageShape);
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 2);
        ArgumentOutOfRangeException.ThrowIfNegative(alpha);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(examplesPerEpoch);
        _imageShape = (int[])imageShape.Clone();
        _examplesPerEpoch = examplesPerEpoch;
        Classes = classes;
        Alpha = alpha;
        Threshold = threshold;
        (_classCounts, _onCounts) = EmptyCounts();
    }

    /// <inheritdoc />
    public int Classes { get; }

    /// <summary>Laplace smoothing α.</summary>
    public double Alpha { get; }

    /// <summary>Pixels above this count as on.</summary>
    public double Threshold { get; }

    /// <summary>The fitted classifier, or null until every class has been seen.</summary>
    public BernoulliNaiveBayes? Classifier { get; private set; }

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, Module> Modules { get; } = new Dictionary<string, Module>();

    /// <summary>None: the fit is closed-form.</summary>
    public override IReadOnlyDictionary<string, Optimizer> Optimizers { get; } = new Dictionary<string, Optimizer>();

    /// <inheritdoc />
    public int[] SampleShape => (int[])_imageShape.Clone();

    /// <summary>Exact, for the binarized image.</summary>
    public LikelihoodKind Kind => LikelihoodKind.Exact;

    private int Pixels => _imageShape.Aggregate(1, (a, b) => a * b);

    private (double[], double[][]) EmptyCounts() => (new double[Classes], Enumerable.Range(0, Classes).Select(_ => new double[Pixels]).ToArray());

    /// <summary>Adds the batch to the counts and re-solves; "loss" is −log p(x, y) per binarized image of the batch, "accuracy" its accuracy.</summary>
    /// <exception cref="ArgumentException">The batch has no labels or a label is outside [0, K).</exception>
    public override IReadOnlyDictionary<string, double> TrainStep(Batch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var labels = batch.Labels ?? throw new ArgumentException("Bernoulli naive Bayes: batches need class labels.", nameof(batch));
        if (_seen >= _examplesPerEpoch)
        {
            (_classCounts, _onCounts) = EmptyCounts();
            _seen = 0;
        }
        var rows = ClassicalRows.FromTensor(batch.Inputs);
        for (int n = 0; n < rows.Length; n++)
        {
            int y = labels[n];
            if (y < 0 || y >= Classes) throw new ArgumentException($"Bernoulli naive Bayes: label {y} outside [0, {Classes}).", nameof(batch));
            _classCounts[y]++;
            var on = _onCounts[y];
            for (int i = 0; i < on.Length; i++)
                if (rows[n][i] > Threshold) on[i]++;
        }
        _seen += rows.Length;
        // Until every class has been seen the previous fit (if any) stays.
        if (_classCounts.All(c => c > 0)) Classifier = BernoulliNaiveBayes.FromCounts(_classCounts, _onCounts, Alpha, Threshold);
        if (Classifier == null) return new Dictionary<string, double> { ["loss"] = 0, ["accuracy"] = 0 };
        var (loss, accuracy) = Classifier.Score(rows, labels);
        return new Dictionary<string, double> { ["loss"] = loss, ["accuracy"] = accuracy };
    }

    /// <summary>"accuracy", "nll" = −log p(x, y) and "nll_x" = −log p(x) per held-out binarized image (nats).</summary>
    public override IReadOnlyDictionary<string, double> Evaluate(DataLoader data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (Classifier == null) return new Dictionary<string, double>();
        double joint = 0, marginal = 0, right = 0;
        int count = 0;
        var buffer = new double[Classes];
        foreach (var batch in data)
        {
            var labels = batch.Labels ?? throw new ArgumentException("Bernoulli naive Bayes: held-out batches need class labels.", nameof(data));
            var rows = ClassicalRows.FromTensor(batch.Inputs);
            var (loss, accuracy) = Classifier.Score(rows, labels);
            joint += loss * rows.Length;
            right += accuracy * rows.Length;
            foreach (var r in rows) marginal -= Classifier.LogJoint(r, buffer);
            count += rows.Length;
        }
        return new Dictionary<string, double> { ["accuracy"] = right / count, ["nll"] = joint / count, ["nll_x"] = marginal / count };
    }

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">Not fitted yet.</exception>
    public Tensor LogLikelihood(Tensor x, Generator gen)
    {
        var classifier = Classifier ?? throw new InvalidOperationException("Bernoulli naive Bayes: not fitted yet.");
        var rows = ClassicalRows.FromTensor(x);
        var buffer = new double[Classes];
        var result = Tensor.Zeros(rows.Length);
        for (int i = 0; i < rows.Length; i++) result.Data[i] = (float)classifier.LogJoint(rows[i], buffer);
        return result;
    }

    /// <summary>Draws classes from the priors, then binary images from their pixel probabilities.</summary>
    public Tensor Sample(int count, Generator gen)
    {
        ArgumentNullException.ThrowIfNull(gen);
        var classifier = Classifier ?? throw new InvalidOperationException("Bernoulli naive Bayes: not fitted yet.");
        return Sample(Enumerable.Range(0, count).Select(_ => GaussianMixture.Categorical(classifier.Priors, gen.NextDouble())).ToArray(), gen);
    }

    /// <summary>One binary image of each class in <paramref name="labels"/>: pixel i on with probability μₖᵢ.</summary>
    public Tensor Sample(int[] labels, Generator gen)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(gen);
        var classifier = Classifier ?? throw new InvalidOperationException("Bernoulli naive Bayes: not fitted yet.");
        var result = Tensor.Zeros([labels.Length, .. _imageShape]);
        int d = Pixels;
        for (int n = 0; n < labels.Length; n++)
        {
            var mu = classifier.Probabilities[labels[n]];
            for (int i = 0; i < d; i++) result.Data[n * d + i] = gen.NextDouble() < mu[i] ? 1f : 0f;
        }
        return result;
    }

    /// <summary><c>{prefix}-class-means.png</c> (μₖ of every class) and <c>{prefix}-class-samples.png</c> (8 binary draws per class, a row each).</summary>
    public override void WriteSamples(string directory, string prefix)
    {
        if (Classifier == null) return;
        var means = Tensor.Zeros([Classes, .. _imageShape]);
        for (int c = 0; c < Classes; c++)
            for (int i = 0; i < Pixels; i++) means.Data[c * Pixels + i] = (float)Classifier.Probabilities[c][i];
        ImageGrid.Save(means, SampleFiles.Path(directory, prefix, "class-means"), columns: Classes);
        ImageGrid.Save(Sample(Enumerable.Range(0, Classes * 8).Select(i => i / 8).ToArray(), new Generator(7)), SampleFiles.Path(directory, prefix, "class-samples"), columns: 8);
    }

    /// <inheritdoc />
    public override void SaveExtraState(IDictionary<string, Tensor> tensors, JsonObject state)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        ArgumentNullException.ThrowIfNull(state);
        state["nb_seen"] = _seen;
        ExactState.Put(tensors, "nb_class_counts", _classCounts);
        ExactState.Put(tensors, "nb_on_counts", _onCounts.SelectMany(r => r).ToArray());
    }

    /// <summary>Restores the counts and re-solves the closed form from them.</summary>
    public override void LoadExtraState(IReadOnlyDictionary<string, Tensor> tensors, JsonObject state)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        ArgumentNullException.ThrowIfNull(state);
        _seen = state["nb_seen"]?.GetValue<int>() ?? 0;
        _classCounts = ExactState.Get(tensors, "nb_class_counts");
        var on = ExactState.Get(tensors, "nb_on_counts");
        if (_classCounts.Length != Classes || on.Length != Classes * Pixels)
            throw new InvalidDataException($"Bernoulli naive Bayes: the checkpoint holds counts for {_classCounts.Length} classes and {on.Length} values, the model has {Classes} classes of {Pixels} pixels.");
        _onCounts = Enumerable.Range(0, Classes).Select(c => on.AsSpan(c * Pixels, Pixels).ToArray()).ToArray();
        Classifier = _classCounts.All(c => c > 0) ? BernoulliNaiveBayes.FromCounts(_classCounts, _onCounts, Alpha, Threshold) : null;
    }
}
