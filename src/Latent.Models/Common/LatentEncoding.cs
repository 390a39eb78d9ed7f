using Latent.IO;
using Latent.Tensors;

namespace Latent.Models.Common;

/// <summary>Encoding whole datasets and drawing their codes: the 2-D embedding scatter coloured by class.</summary>
public static class LatentEncoding
{
    /// <summary>Applies <paramref name="map"/> to <paramref name="x"/> [N, ...] in batches without recording a graph; returns the concatenated results.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The batch size is not positive.</exception>
    public static Tensor MapInBatches(Tensor x, Func<Tensor, Tensor> map, int batchSize = 512)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(map);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        using var _ = Autograd.NoGrad();
        int n = x.Shape[0];
        var parts = new List<Tensor>();
        for (int start = 0; start < n; start += batchSize)
            parts.Add(map(x.Narrow(0, start, Math.Min(batchSize, n - start))).Detach());
        return parts.Count == 1 ? parts[0] : Tensor.Concat([.. parts], 0);
    }

    /// <summary>The latent code of every row of <paramref name="x"/>: [N, LatentDim].</summary>
    public static Tensor Encode(ILatentVariableModel model, Tensor x, int batchSize = 512)
    {
        ArgumentNullException.ThrowIfNull(model);
        return MapInBatches(x, model.Encode, batchSize);
    }

    /// <summary>The reconstruction of every row of <paramref name="x"/>, shaped like it.</summary>
    public static Tensor Reconstruct(ILatentVariableModel model, Tensor x, int batchSize = 512)
    {
        ArgumentNullException.ThrowIfNull(model);
        return MapInBatches(x, model.Reconstruct, batchSize);
    }

    /// <summary>
    /// Writes an SVG scatter of <paramref name="codes"/> [N, d] coloured by <paramref name="labels"/>: the codes
    /// themselves when d = 2, their first two principal components when d &gt; 2.
    /// </summary>
    /// <exception cref="ArgumentException">The codes are not [N, d ≥ 2] or the labels do not match.</exception>
    public static void SaveScatter(Tensor codes, int[] labels, IReadOnlyList<string>? classNames, string path, string title)
    {
        ArgumentNullException.ThrowIfNull(codes);
        ArgumentNullException.ThrowIfNull(labels);
        if (codes.Rank != 2 || codes.Shape[1] < 2)
            throw new ArgumentException($"SaveScatter: codes must be [N, d ≥ 2], got {ShapeText.Format(codes.Shape)}.", nameof(codes));
        if (labels.Length != codes.Shape[0])
            throw new ArgumentException($"SaveScatter: {labels.Length} labels for {codes.Shape[0]} codes.", nameof(labels));
        var points = codes.Shape[1] == 2 ? codes : Pca.Fit(codes, 2).Transform(codes);
        var plot = new ScatterPlot
        {
            Title = title,
            XLabel = codes.Shape[1] == 2 ? "z₁" : "PC 1",
            YLabel = codes.Shape[1] == 2 ? "z₂" : "PC 2",
            ClassNames = classNames,
        };
        plot.Add(points, labels);
        plot.Save(path);
    }
}
