using Latent.Kernels;
using Latent.Tensors;

namespace Latent.Tests.Kernels;

/// <summary>Standard-normal operands of a convolution's three maps, drawn in a fixed order (x, w, gy).</summary>
internal static class RandomConvOperands
{
    /// <summary>x [N, C, H, W], w [O, C/groups · taps] and gy [N, O, Ho·Wo] of <paramref name="g"/>, flattened.</summary>
    public static (float[] X, float[] W, float[] Gy) Draw(in ConvGeometry g, Generator gen)
    {
        var x = Tensor.Randn([g.N * g.C * g.H * g.W], gen).ToArray();
        var w = Tensor.Randn([g.O * (g.ColRows / g.Groups)], gen).ToArray();
        var gy = Tensor.Randn([g.N * g.O * g.OutPlane], gen).ToArray();
        return (x, w, gy);
    }
}
