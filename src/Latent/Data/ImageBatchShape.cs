using Latent.Tensors;

namespace Latent.Data;

/// <summary>Checks that a tensor is a batch of images [N, C, H, W] and unpacks its sizes.</summary>
internal readonly record struct ImageBatchShape(int Count, int Channels, int Height, int Width)
{
    public int PlaneSize => Height * Width;

    public static ImageBatchShape Of(Tensor x, string op)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Rank != 4)
            throw new ArgumentException($"{op}: expected images of shape [N, C, H, W], got {ShapeUtil.Format(x.Shape)}.");
        return new ImageBatchShape(x.Shape[0], x.Shape[1], x.Shape[2], x.Shape[3]);
    }
}
