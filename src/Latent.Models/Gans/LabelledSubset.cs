using Latent.Data;
using Latent.Tensors;

namespace Latent.Models.Gans;

/// <summary>A small labelled subset of a training set, the same number of examples per class, drawn once from a seed.</summary>
/// <param name="Images">The images [n, C, H, W] in [−1, 1].</param>
/// <param name="Labels">Their labels.</param>
public sealed record LabelledSubset(Tensor Images, int[] Labels)
{
    /// <summary>
    /// <paramref name="count"/> examples of <paramref name="train"/>, count / classes from each class, chosen in a
    /// random order drawn from <paramref name="gen"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The count is not a multiple of the classes, or a class has too few examples.</exception>
    public static LabelledSubset Draw(ImageDataset train, int count, Generator gen)
    {
        ArgumentNullException.ThrowIfNull(train);
        int classes = train.ClassNames.Count;
        if (count % classes != 0)
            throw new ArgumentException($"LabelledSubset: --labels {count} is not a multiple of the {classes} classes.");
        var order = Enumerable.Range(0, train.Count).ToArray();
        for (int i = order.Length - 1; i > 0; i--)
        {
            int j = gen.NextInt(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
        var labels = train.Labels.ToArray();
        var chosen = order.GroupBy(i => labels[i]).OrderBy(g => g.Key).SelectMany(g =>
        {
            var take = g.Take(count / classes).ToArray();
            return take.Length == count / classes ? take
                : throw new ArgumentException($"LabelledSubset: class {g.Key} has only {take.Length} training images, fewer than {count / classes}.");
        }).ToArray();
        if (chosen.Length != count) throw new ArgumentException($"LabelledSubset: the training set lacks a class; got {chosen.Length} of {count} labelled images.");
        return new LabelledSubset(Transforms.ToSigned(train.ToTensor(chosen)), chosen.Select(i => labels[i]).ToArray());
    }

    /// <summary>Whether <paramref name="train"/> has <paramref name="count"/> / classes examples of every class.</summary>
    public static bool CanDraw(ImageDataset train, int count)
    {
        ArgumentNullException.ThrowIfNull(train);
        int classes = train.ClassNames.Count;
        var perClass = new int[classes];
        foreach (int label in train.Labels) perClass[label]++;
        return perClass.All(n => n >= count / classes);
    }

    /// <summary>The number of labelled examples.</summary>
    public int Count => Labels.Length;

    /// <summary>A batch of <paramref name="n"/> examples drawn with replacement.</summary>
    public (Tensor Images, int[] Labels) Batch(int n, Generator gen)
    {
        var idx = Enumerable.Range(0, n).Select(_ => gen.NextInt(Count)).ToArray();
        return (Images.IndexSelect(0, idx), idx.Select(i => Labels[i]).ToArray());
    }
}
