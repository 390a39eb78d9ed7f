namespace Latent.Models.Metrics;

/// <summary>
/// The area under the ROC curve of a score that should be higher for positives: the probability that a random
/// positive outscores a random negative, ties counting one half (the Mann-Whitney U statistic over n₊·n₋).
/// </summary>
public static class RocAuc
{
    /// <summary>The ROC AUC of <paramref name="scores"/> for the labels <paramref name="positive"/>.</summary>
    /// <exception cref="ArgumentException">Lengths differ, a score is NaN, or one class is empty.</exception>
    public static double Compute(IReadOnlyList<double> scores, IReadOnlyList<bool> positive)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(positive);
        int n = scores.Count;
        if (positive.Count != n) throw new ArgumentException($"RocAuc: {n} scores for {positive.Count} labels.", nameof(positive));
        for (int i = 0; i < n; i++)
            if (double.IsNaN(scores[i])) throw new ArgumentException($"RocAuc: score {i} is NaN.", nameof(scores));
        var order = Enumerable.Range(0, n).OrderBy(i => scores[i]).ToArray();
        double rankSumPositive = 0;
        long positives = 0;
        for (int start = 0; start < n;)
        {
            int end = start;
            while (end + 1 < n && scores[order[end + 1]] == scores[order[start]]) end++;
            double averageRank = (start + end) / 2.0 + 1;    // ranks are 1-based; ties share the mean rank
            for (int t = start; t <= end; t++)
                if (positive[order[t]])
                {
                    rankSumPositive += averageRank;
                    positives++;
                }
            start = end + 1;
        }
        long negatives = n - positives;
        if (positives == 0 || negatives == 0)
            throw new ArgumentException($"RocAuc: needs both classes, got {positives} positives and {negatives} negatives.", nameof(positive));
        double u = rankSumPositive - positives * (positives + 1) / 2.0;
        return u / ((double)positives * negatives);
    }
}
