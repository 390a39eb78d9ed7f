using Latent.Tensors;

namespace Latent.Models.Common.Adversarial;

/// <summary>
/// Targeted attacks that turn one example of each class into every other class: cell (i, j) is the source of class i
/// pushed by projected signed steps towards class j with the smallest ε of a list that succeeds (the diagonal is
/// the clean source).
/// </summary>
/// <param name="Images">The K·K images [K·K, ...], row i the source of class i, column j its attack towards class j.</param>
/// <param name="Epsilons">The ε each cell needed, [K, K] (0 on the diagonal, NaN where no ε of the list succeeded).</param>
public sealed record TargetedGrid(Tensor Images, double[,] Epsilons)
{
    /// <summary>
    /// Attacks each source <paramref name="sources"/> [K, ...] (source i of class i, correctly classified for a clean
    /// diagonal) towards every other class with PGD of <paramref name="steps"/> steps at each ε of
    /// <paramref name="epsilons"/> in increasing order, keeping the first success.
    /// </summary>
    /// <exception cref="ArgumentException">The number of sources is not the number of classes, or the ε list is empty or not increasing.</exception>
    public static TargetedGrid Build(IDifferentiableClassifier classifier, Tensor sources, IReadOnlyList<float> epsilons, int steps = 20)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(epsilons);
        int k = classifier.Classes;
        if (sources.Shape[0] != k) throw new ArgumentException($"A targeted grid needs one source per class ({k}), got {sources.Shape[0]}.", nameof(sources));
        if (epsilons.Count == 0 || epsilons.Zip(epsilons.Skip(1)).Any(p => !(p.Second > p.First)) || !(epsilons[0] > 0))
            throw new ArgumentException($"The ε list must be positive and increasing, got [{string.Join(", ", epsilons)}].", nameof(epsilons));
        int[] sourceIndex = [.. Enumerable.Range(0, k * k).Select(c => c / k)];
        int[] targets = [.. Enumerable.Range(0, k * k).Select(c => c % k)];
        var clean = sources.IndexSelect(0, sourceIndex);
        var found = new Tensor?[k * k];
        var needed = new double[k, k];
        for (int c = 0; c < k * k; c++)
        {
            needed[c / k, c % k] = c / k == c % k ? 0 : double.NaN;
            if (c / k == c % k) found[c] = clean.Narrow(0, c, 1);
        }
        foreach (float eps in epsilons)
        {
            int[] open = [.. Enumerable.Range(0, k * k).Where(c => found[c] == null)];
            if (open.Length == 0) break;
            var attacked = SignGradientAttack.Pgd(eps, steps).Targeted(classifier, clean.IndexSelect(0, open), [.. open.Select(c => targets[c])]);
            var predicted = AdversarialAccuracy.Predict(classifier, attacked);
            for (int i = 0; i < open.Length; i++)
            {
                if (predicted[i] != targets[open[i]]) continue;
                found[open[i]] = attacked.Narrow(0, i, 1);
                needed[open[i] / k, open[i] % k] = eps;
            }
        }
        var images = Tensor.Concat([.. Enumerable.Range(0, k * k).Select(c => found[c] ?? Tensor.ZerosLike(clean.Narrow(0, c, 1)))]);
        return new TargetedGrid(images, needed);
    }
}
