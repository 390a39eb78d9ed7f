namespace Latent.Models.Classical;

/// <summary>
/// A generative sequence classifier: one <see cref="HiddenMarkovModel"/> per class, each fitted by Baum–Welch to its
/// class's sequences, and Bayes' rule over them: argmaxₖ log πₖ + log p(x | HMMₖ).
/// </summary>
/// <example>
/// <code>
/// var classifier = HmmSequenceClassifier.Fit(sequences, labels, classes: 3,
///     k => HiddenMarkovModel.LeftToRight(16, 16, new Generator((ulong)k)), iterations: 25);
/// int c = classifier.Predict(sequence);
/// </code>
/// </example>
public sealed class HmmSequenceClassifier
{
    private readonly double[] _logPriors;

    private HmmSequenceClassifier(HiddenMarkovModel[] models, double[] priors)
    {
        Models = models;
        _logPriors = priors.Select(p => Math.Log(p)).ToArray();
    }

    /// <summary>The model of each class.</summary>
    public IReadOnlyList<HiddenMarkovModel> Models { get; }

    /// <summary>
    /// Fits one HMM per class from <paramref name="start"/>(class) by <paramref name="iterations"/> Baum–Welch
    /// iterations (with <paramref name="emissionPseudocount"/> added to the emission counts); priors are class frequencies.
    /// </summary>
    /// <exception cref="ArgumentException">Counts disagree, or a class has no sequences.</exception>
    public static HmmSequenceClassifier Fit(IReadOnlyList<int[]> sequences, IReadOnlyList<int> labels, int classes,
        Func<int, HiddenMarkovModel> start, int iterations, double emissionPseudocount = 0)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(start);
        if (sequences.Count != labels.Count) throw new ArgumentException($"HMM classifier: {sequences.Count} sequences and {labels.Count} labels.", nameof(labels));
        var models = new HiddenMarkovModel[classes];
        var priors = new double[classes];
        for (int c = 0; c < classes; c++)
        {
            var own = sequences.Where((_, i) => labels[i] == c).ToList();
            if (own.Count == 0) throw new ArgumentException($"HMM classifier: class {c} has no sequences.", nameof(labels));
            priors[c] = own.Count / (double)sequences.Count;
            var model = start(c);
            for (int it = 0; it < iterations; it++)
            {
                var stats = new HmmStatistics(model);
                foreach (var s in own) stats.Add(s);
                model = stats.Maximize(emissionPseudocount);
            }
            models[c] = model;
        }
        return new HmmSequenceClassifier(models, priors);
    }

    /// <summary>log πₖ + log p(x | HMMₖ) for every class (−∞ where a model gives the sequence probability zero).</summary>
    public double[] LogJoint(int[] sequence)
    {
        var result = new double[Models.Count];
        for (int c = 0; c < result.Length; c++)
        {
            try
            {
                result[c] = _logPriors[c] + Models[c].LogLikelihood(sequence);
            }
            catch (InvalidOperationException)
            {
                result[c] = double.NegativeInfinity;
            }
        }
        return result;
    }

    /// <summary>The most probable class of <paramref name="sequence"/> (the first on ties).</summary>
    public int Predict(int[] sequence)
    {
        var scores = LogJoint(sequence);
        int arg = 0;
        for (int c = 1; c < scores.Length; c++)
            if (scores[c] > scores[arg]) arg = c;
        return arg;
    }

    /// <summary>The fraction of sequences whose predicted class is their label.</summary>
    public double Accuracy(IReadOnlyList<int[]> sequences, IReadOnlyList<int> labels)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        ArgumentNullException.ThrowIfNull(labels);
        int right = 0;
        for (int i = 0; i < sequences.Count; i++)
            if (Predict(sequences[i]) == labels[i]) right++;
        return right / (double)sequences.Count;
    }
}
