namespace Latent.Models.Classical;

/// <summary>
/// A classifier by Bayes' rule over class-conditional densities: subclasses give log πₖ + log p(x | Cₖ) of one class,
/// and the log-evidence, the posterior, the decision and the accuracy follow from it here.
/// </summary>
public abstract class GenerativeClassifier
{
    /// <summary>The number of classes K.</summary>
    public abstract int ClassCount { get; }

    /// <summary>log πₖ + log p(x | Cₖ) of class <paramref name="c"/>.</summary>
    protected abstract double LogJointOf(ReadOnlySpan<double> x, int c);

    /// <summary>log πₖ + log p(x | Cₖ) for every class, written into <paramref name="result"/>; returns log p(x) = log Σₖ πₖ p(x | Cₖ).</summary>
    /// <exception cref="ArgumentException"><paramref name="result"/> does not have one slot per class.</exception>
    public double LogJoint(ReadOnlySpan<double> x, Span<double> result)
    {
        if (result.Length != ClassCount) throw new ArgumentException($"{GetType().Name}: {result.Length} slots for {ClassCount} classes.", nameof(result));
        double max = double.NegativeInfinity;
        for (int c = 0; c < result.Length; c++)
        {
            result[c] = LogJointOf(x, c);
            max = Math.Max(max, result[c]);
        }
        double sum = 0;
        foreach (double v in result) sum += Math.Exp(v - max);
        return max + Math.Log(sum);
    }

    /// <summary>The posterior p(Cₖ | x) of every class.</summary>
    public double[] Posterior(ReadOnlySpan<double> x)
    {
        var r = new double[ClassCount];
        double lse = LogJoint(x, r);
        for (int c = 0; c < r.Length; c++) r[c] = Math.Exp(r[c] - lse);
        return r;
    }

    /// <summary>The most probable class (the first on ties).</summary>
    public int Predict(ReadOnlySpan<double> x)
    {
        var r = new double[ClassCount];
        LogJoint(x, r);
        int arg = 0;
        for (int c = 1; c < r.Length; c++)
            if (r[c] > r[arg]) arg = c;
        return arg;
    }

    /// <summary>The mean −log p(x, y) (nats) of labelled <paramref name="points"/> and the fraction classified right.</summary>
    public (double Loss, double Accuracy) Score(IReadOnlyList<double[]> points, IReadOnlyList<int> labels)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(labels);
        var buffer = new double[ClassCount];
        double sum = 0;
        int right = 0;
        for (int i = 0; i < points.Count; i++)
        {
            LogJoint(points[i], buffer);
            sum += buffer[labels[i]];
            int arg = 0;
            for (int c = 1; c < buffer.Length; c++)
                if (buffer[c] > buffer[arg]) arg = c;
            if (arg == labels[i]) right++;
        }
        return (-sum / points.Count, right / (double)points.Count);
    }

    /// <summary>The fraction of <paramref name="points"/> whose predicted class is their label.</summary>
    public double Accuracy(IReadOnlyList<double[]> points, IReadOnlyList<int> labels)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(labels);
        int right = 0;
        for (int i = 0; i < points.Count; i++)
            if (Predict(points[i]) == labels[i]) right++;
        return right / (double)points.Count;
    }
}
