using Latent.Tensors;

namespace Latent.Models.Gans;

/// <summary>
/// The latent input of an InfoGAN generator: incompressible noise z ~ N(0, I), one categorical code
/// c₁ ~ Cat(K, uniform) fed in one-hot, and continuous codes c₂… ~ U(−1, 1), concatenated in that order.
/// </summary>
/// <param name="NoiseDim">The size of z.</param>
/// <param name="Categories">K of the categorical code.</param>
/// <param name="Continuous">The number of continuous codes.</param>
public sealed record InfoGanCodes(int NoiseDim, int Categories, int Continuous)
{
    /// <summary>The size of the generator's input: noise + one-hot categorical + continuous codes.</summary>
    public int InputDim => NoiseDim + Categories + Continuous;

    /// <summary>One batch of drawn codes.</summary>
    /// <param name="Noise">z [N, NoiseDim].</param>
    /// <param name="Category">The categorical code per example.</param>
    /// <param name="Values">The continuous codes [N, Continuous] (a [N, 0] tensor when there are none).</param>
    public sealed record Draw(Tensor Noise, int[] Category, Tensor Values);

    /// <summary>Draws <paramref name="n"/> codes from their priors.</summary>
    public Draw Sample(int n, Generator gen)
    {
        var noise = Tensor.Randn([n, NoiseDim], gen);
        var category = Enumerable.Range(0, n).Select(_ => gen.NextInt(Categories)).ToArray();
        return new Draw(noise, category, Tensor.Rand([n, Continuous], gen, -1f, 1f));
    }

    /// <summary>The generator input [N, InputDim] of a draw.</summary>
    /// <exception cref="ArgumentException">The parts do not fit this layout.</exception>
    public Tensor Input(Draw draw)
    {
        ArgumentNullException.ThrowIfNull(draw);
        int n = draw.Noise.Shape[0];
        if (draw.Noise.Rank != 2 || draw.Noise.Shape[1] != NoiseDim || draw.Category.Length != n || draw.Values.Rank != 2
            || draw.Values.Shape[0] != n || draw.Values.Shape[1] != Continuous)
            throw new ArgumentException($"InfoGanCodes: expected noise [N, {NoiseDim}], N categories and continuous codes [N, {Continuous}]; got noise " +
                $"{Common.ShapeText.Format(draw.Noise.Shape)}, {draw.Category.Length} categories, codes {Common.ShapeText.Format(draw.Values.Shape)}.");
        return Tensor.Concat([draw.Noise, LabelEncoder.OneHot(draw.Category, Categories), draw.Values], 1);
    }

    /// <summary>
    /// A traversal of continuous code <paramref name="code"/>: one row per category, <paramref name="columns"/> values
    /// from −<paramref name="range"/> to +<paramref name="range"/> across, the other codes 0 and one noise vector per row.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">No such continuous code.</exception>
    public Draw ContinuousTraversal(int code, int columns, float range, Generator gen)
    {
        if ((uint)code >= Continuous) throw new ArgumentOutOfRangeException(nameof(code), $"InfoGanCodes: code {code} is not in [0, {Continuous}).");
        var values = new float[Categories * columns * Continuous];
        for (int i = 0; i < Categories * columns; i++)
            values[i * Continuous + code] = columns == 1 ? 0f : -range + 2 * range * (i % columns) / (columns - 1);
        return new Draw(RepeatedNoise(Categories, columns, gen), Enumerable.Range(0, Categories * columns).Select(i => i / columns).ToArray(),
            Tensor.FromArray(values, Categories * columns, Continuous));
    }

    /// <summary>A traversal of the categorical code: <paramref name="rows"/> noise vectors, each shown with every category across.</summary>
    public Draw CategoricalTraversal(int rows, Generator gen)
        => new(RepeatedNoise(rows, Categories, gen), Enumerable.Range(0, rows * Categories).Select(i => i % Categories).ToArray(),
            Tensor.Zeros(rows * Categories, Continuous));

    private Tensor RepeatedNoise(int rows, int columns, Generator gen)
    {
        var noise = Tensor.Randn([rows, 1, NoiseDim], gen);
        return noise.Expand(rows, columns, NoiseDim).Reshape(rows * columns, NoiseDim);
    }
}
