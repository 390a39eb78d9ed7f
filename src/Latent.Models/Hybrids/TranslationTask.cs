using Latent.Models.Catalog;
using Latent.Tensors;

namespace Latent.Models.Hybrids;

/// <summary>A paired image-to-image task built from plain images: the input is computed from the target.</summary>
public enum TranslationTask
{
    /// <summary>Edge map → item: pixels where the Sobel gradient magnitude exceeds <see cref="PairedTasks.EdgeThreshold"/> are 1, the rest 0.</summary>
    Edges,

    /// <summary>Silhouette → item: pixels brighter than <see cref="PairedTasks.SilhouetteThreshold"/> are 1, the rest 0.</summary>
    Silhouette,

    /// <summary>Image with a hole → complete image: a centred square of side <see cref="PairedTasks.HoleSize"/> is set to 0.5.</summary>
    [OptionValue("hole", "inpainting")]
    Hole,
}

/// <summary>The inputs of the <see cref="TranslationTask"/>s, computed from images in [0, 1] without recording a graph.</summary>
public static class PairedTasks
{
    /// <summary>The Sobel magnitude above which a pixel is an edge (images in [0, 1]; a step from 0 to 1 gives 4).</summary>
    public const float EdgeThreshold = 1f;

    /// <summary>The brightness above which a pixel belongs to the item's silhouette.</summary>
    public const float SilhouetteThreshold = 0.05f;

    /// <summary>The side of the centred square hole.</summary>
    public const int HoleSize = 12;

    /// <summary>The value the hole is filled with (grey, so that it differs from the black background).</summary>
    public const float HoleValue = 0.5f;

    /// <summary>The input of <paramref name="task"/> for each image [N, C, H, W] in [0, 1], shaped like the images.</summary>
    /// <exception cref="ArgumentException">The images are not [N, C, H, W], or are smaller than the hole.</exception>
    public static Tensor Input(TranslationTask task, Tensor images)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.Rank != 4)
            throw new ArgumentException($"PairedTasks: expected images [N, C, H, W], got {Common.ShapeText.Format(images.Shape)}.", nameof(images));
        using var _ = Autograd.NoGrad();
        return task switch
        {
            TranslationTask.Edges => (SobelMagnitude(images) - EdgeThreshold).Sign().Relu(),
            TranslationTask.Silhouette => (images - SilhouetteThreshold).Sign().Relu(),
            TranslationTask.Hole => WithHole(images),
            _ => throw new ArgumentOutOfRangeException(nameof(task), task, "Unknown translation task."),
        };
    }

    /// <summary>√(Gx² + Gy²) of each channel with the 3×3 Sobel kernels, borders replicated (so the frame is no edge), shaped like the images.</summary>
    public static Tensor SobelMagnitude(Tensor images)
    {
        ArgumentNullException.ThrowIfNull(images);
        int n = images.Shape[0], c = images.Shape[1], h = images.Shape[2], w = images.Shape[3];
        var kernels = new Tensor(new float[] { -1, 0, 1, -2, 0, 2, -1, 0, 1, -1, -2, -1, 0, 0, 0, 1, 2, 1 }, 2, 1, 3, 3);
        var g = new NN.ReplicationPad2d(1).Forward(images.Reshape(n * c, 1, h, w)).Conv2d(kernels);
        return g.Square().Sum([1]).Sqrt().Reshape(n, c, h, w);
    }

    private static Tensor WithHole(Tensor images)
    {
        int h = images.Shape[2], w = images.Shape[3];
        if (h < HoleSize || w < HoleSize)
            throw new ArgumentException($"PairedTasks: images {h}×{w} are smaller than the {HoleSize}×{HoleSize} hole.", nameof(images));
        var result = images.ToArray();
        int top = (h - HoleSize) / 2, left = (w - HoleSize) / 2, planes = images.Shape[0] * images.Shape[1];
        for (int p = 0; p < planes; p++)
            for (int y = top; y < top + HoleSize; y++)
                result.AsSpan(p * h * w + y * w + left, HoleSize).Fill(HoleValue);
        return new Tensor(result, images.Shape);
    }
}
