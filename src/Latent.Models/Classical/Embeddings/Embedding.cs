using Latent.IO;
using Latent.Models.Common;
using Latent.Tensors;

namespace Latent.Models.Classical.Embeddings;

/// <summary>The 2-D embeddings <c>latent embed</c> offers.</summary>
public enum EmbeddingMethod
{
    /// <summary>t-SNE (Barnes–Hut, or exact with θ = 0).</summary>
    Tsne,

    /// <summary>Metric MDS by SMACOF, started from classical MDS.</summary>
    Mds,

    /// <summary>The first two principal components.</summary>
    Pca,
}

/// <summary>What <see cref="Embedding.Compute"/> does.</summary>
/// <param name="Method">The embedding.</param>
/// <param name="Tsne">t-SNE's settings.</param>
/// <param name="PcaDimensions">Rows are first reduced to this many principal components (the usual t-SNE front end; 0 keeps them), when they have more.</param>
/// <param name="Neighbours">k of the trustworthiness score.</param>
public sealed record EmbeddingSettings(EmbeddingMethod Method, TsneSettings Tsne, int PcaDimensions = 50, int Neighbours = 5);

/// <summary>The result of <see cref="Embedding.Compute"/>.</summary>
/// <param name="Points">The 2-D points [N, 2].</param>
/// <param name="Trustworthiness">T(k) of the points against the rows the method saw.</param>
/// <param name="Objective">The method's final objective: KL(P ‖ Q) for t-SNE, raw stress for MDS, explained variance fraction for PCA.</param>
/// <param name="ObjectiveName">"kl", "stress" or "explained_variance".</param>
/// <param name="Inputs">The rows the method saw (after the PCA front end).</param>
public sealed record EmbeddingResult(Tensor Points, double Trustworthiness, double Objective, string ObjectiveName, double[][] Inputs);

/// <summary>2-D embeddings of data or of a model's codes (F41): PCA, t-SNE or MDS, scored by trustworthiness and drawn coloured by class.</summary>
/// <example>
/// <code>
/// var result = Embedding.Compute(codes, new EmbeddingSettings(EmbeddingMethod.Tsne, new TsneSettings()));
/// Embedding.SaveScatter(result, labels, FashionMnist.ClassNames, "tsne.svg", "t-SNE of VAE codes");
/// </code>
/// </example>
public static class Embedding
{
    /// <summary>Embeds the rows of <paramref name="x"/> [N, ...] in the plane.</summary>
    /// <exception cref="ArgumentException">Too few rows for the method or its trustworthiness.</exception>
    public static EmbeddingResult Compute(Tensor x, EmbeddingSettings settings, Action<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.PcaDimensions < 0) throw new ArgumentException($"Embedding: PCA dimensions must not be negative, got {settings.PcaDimensions}.", nameof(settings));
        var flat = x.Reshape(x.Shape[0], -1);
        int d = flat.Shape[1];
        var inputs = settings.PcaDimensions > 0 && settings.PcaDimensions < d && settings.Method != EmbeddingMethod.Pca
            ? ClassicalRows.FromTensor(Pca.Fit(flat, settings.PcaDimensions).Transform(flat))
            : ClassicalRows.FromTensor(flat);
        double[][] points;
        double objective;
        string name;
        switch (settings.Method)
        {
            case EmbeddingMethod.Tsne:
                var tsne = Tsne.Fit(inputs, settings.Tsne, (step, kl) => progress?.Invoke($"t-SNE step {step}: KL {kl:F4}"));
                (points, objective, name) = (tsne.Embedding, tsne.KlDivergence, "kl");
                break;
            case EmbeddingMethod.Mds:
                var mds = MetricMds.Fit(ClassicalMds.DistanceMatrix(inputs));
                (points, objective, name) = (mds.Embedding, mds.Stress, "stress");
                break;
            default:
                if (d < 2) throw new ArgumentException($"Embedding: PCA to 2-D needs at least 2 columns, got {d}.", nameof(x));
                var pca = Pca.Fit(flat, 2);
                points = ClassicalRows.FromTensor(pca.Transform(flat));
                (objective, name) = (pca.ExplainedVariance.Sum() / pca.TotalVariance, "explained_variance");
                break;
        }
        progress?.Invoke("scoring trustworthiness");
        double trust = Trustworthiness.Score(inputs, points, settings.Neighbours);
        return new EmbeddingResult(ClassicalRows.ToTensor(points), trust, objective, name, inputs);
    }

    /// <summary>Writes the embedded points as an SVG scatter coloured by <paramref name="labels"/>.</summary>
    public static void SaveScatter(EmbeddingResult result, int[] labels, IReadOnlyList<string>? classNames, string path, string title)
    {
        ArgumentNullException.ThrowIfNull(result);
        new ScatterPlot { Title = title, ClassNames = classNames, PointRadius = result.Points.Shape[0] > 3000 ? 1.2 : 2 }
            .Add(result.Points, labels)
            .Save(path);
    }
}
