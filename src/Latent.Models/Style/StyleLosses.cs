using Latent.Models.Common;
using Latent.Tensors;

namespace Latent.Models.Style;

/// <summary>
/// The losses of Gatys, Ecker and Bethge (2016), written with differentiable tensor ops. For a layer with N filters
/// and M = h·w positions, F is its activation reshaped to N × M.
/// </summary>
public static class StyleLosses
{
    /// <summary>The Gram matrices G = F·Fᵀ [B, N, N] of activations [B, N, h, w]: G_ij = Σ_k F_ik F_jk (not normalised).</summary>
    /// <exception cref="ArgumentException">The activations are not [B, N, h, w].</exception>
    public static Tensor Gram(Tensor activations)
    {
        ArgumentNullException.ThrowIfNull(activations);
        CheckRank4(activations, nameof(Gram));
        int b = activations.Shape[0], n = activations.Shape[1], m = activations.Shape[2] * activations.Shape[3];
        var f = activations.Reshape(b, n, m);
        return f.MatMul(f, transB: true);
    }

    /// <summary>The content loss ½ Σ (F − P)² between activations and the content image's activations <paramref name="target"/>.</summary>
    /// <exception cref="ArgumentException">The shapes differ.</exception>
    public static Tensor Content(Tensor activations, Tensor target)
    {
        ArgumentNullException.ThrowIfNull(activations);
        ArgumentNullException.ThrowIfNull(target);
        CheckSame(activations.Shape, target.Shape, nameof(Content));
        var d = activations - target;
        return (d * d).Sum() * 0.5f;
    }

    /// <summary>
    /// One layer's style loss E = Σ_ij (G − A)² / (4 N² M²) between the Gram matrix of <paramref name="activations"/>
    /// [B, N, h, w] and the style image's Gram matrix <paramref name="targetGram"/> [B or 1, N, N], summed over the batch.
    /// M is the activations' h·w; a style image of another size is compared fairly through <see cref="GramPerPosition"/> × M.
    /// </summary>
    /// <exception cref="ArgumentException">The Gram shapes do not match.</exception>
    public static Tensor Style(Tensor activations, Tensor targetGram)
    {
        ArgumentNullException.ThrowIfNull(activations);
        ArgumentNullException.ThrowIfNull(targetGram);
        var g = Gram(activations);
        if (targetGram.Rank != 3 || targetGram.Shape[1] != g.Shape[1] || targetGram.Shape[2] != g.Shape[2])
            throw new ArgumentException($"{nameof(Style)}: the target Gram matrix {ShapeText.Format(targetGram.Shape)} does not match the activations' {ShapeText.Format(g.Shape)}.");
        double n = activations.Shape[1], m = activations.Shape[2] * (double)activations.Shape[3];
        var d = g - targetGram;
        return (d * d).Sum() * (float)(1 / (4 * n * n * m * m));
    }

    /// <summary>
    /// The Gram matrices per position G / M [B, N, N] of activations [B, N, h, w] (M = h·w), computed without a graph:
    /// a style target that images of any size can be compared with (multiply by their own M).
    /// </summary>
    public static Tensor GramPerPosition(Tensor activations)
    {
        ArgumentNullException.ThrowIfNull(activations);
        CheckRank4(activations, nameof(GramPerPosition));
        using var _ = Autograd.NoGrad();
        return Gram(activations.Detach()) * (float)(1 / (activations.Shape[2] * (double)activations.Shape[3]));
    }

    /// <summary>The total variation Σ (x[i+1, j] − x[i, j])² + (x[i, j+1] − x[i, j])² over all images and channels, divided by the number of pixels B·H·W.</summary>
    /// <exception cref="ArgumentException">The images are not [B, C, H, W] with H, W ≥ 2.</exception>
    public static Tensor TotalVariation(Tensor images)
    {
        ArgumentNullException.ThrowIfNull(images);
        CheckRank4(images, nameof(TotalVariation));
        int h = images.Shape[2], w = images.Shape[3];
        if (h < 2 || w < 2) throw new ArgumentException($"{nameof(TotalVariation)}: images {ShapeText.Format(images.Shape)} need at least 2 × 2 pixels.");
        var dy = images.Narrow(2, 1, h - 1) - images.Narrow(2, 0, h - 1);
        var dx = images.Narrow(3, 1, w - 1) - images.Narrow(3, 0, w - 1);
        return ((dy * dy).Sum() + (dx * dx).Sum()) * (1f / (images.Shape[0] * h * w));
    }

    private static void CheckRank4(Tensor t, string op)
    {
        if (t.Rank != 4) throw new ArgumentException($"{op}: expected [B, C, H, W], got {ShapeText.Format(t.Shape)}.");
    }

    private static void CheckSame(int[] a, int[] b, string op)
    {
        if (!a.SequenceEqual(b)) throw new ArgumentException($"{op}: shapes {ShapeText.Format(a)} and {ShapeText.Format(b)} differ.");
    }
}
