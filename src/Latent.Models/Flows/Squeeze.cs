using Latent.Tensors;

namespace Latent.Models.Flows;

/// <summary>
/// RealNVP's squeeze: each 2×2 block of pixels becomes 4 channels, [B, C, H, W] → [B, 4C, H/2, W/2], with channel
/// 4c + 2i + j holding pixel (2h + i, 2w + j) of channel c. It trades space for channels so that channel masks can
/// follow checkerboard ones. A permutation of the values: log|det J| = 0.
/// </summary>
public sealed class Squeeze : FlowLayer
{
    /// <inheritdoc />
    /// <exception cref="ArgumentException">The batch is not [B, C, H, W] with even H and W.</exception>
    public override (Tensor Z, Tensor LogDet) Transform(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Rank != 4 || x.Shape[2] % 2 != 0 || x.Shape[3] % 2 != 0)
            throw new ArgumentException($"Squeeze: expected [B, C, H, W] with even H and W, got [{string.Join(", ", x.Shape)}].", nameof(x));
        int b = x.Shape[0], c = x.Shape[1], h = x.Shape[2] / 2, w = x.Shape[3] / 2;
        var z = x.Reshape(b, c, h, 2, w, 2).Permute(0, 1, 3, 5, 2, 4).Reshape(b, 4 * c, h, w);
        return (z, Tensor.Zeros(b));
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The batch is not [B, 4C, H, W].</exception>
    public override Tensor Inverse(Tensor z)
    {
        ArgumentNullException.ThrowIfNull(z);
        if (z.Rank != 4 || z.Shape[1] % 4 != 0)
            throw new ArgumentException($"Squeeze: expected [B, 4C, H, W], got [{string.Join(", ", z.Shape)}].", nameof(z));
        int b = z.Shape[0], c = z.Shape[1] / 4, h = z.Shape[2], w = z.Shape[3];
        return z.Reshape(b, c, 2, 2, h, w).Permute(0, 1, 4, 2, 5, 3).Reshape(b, c, 2 * h, 2 * w);
    }
}
