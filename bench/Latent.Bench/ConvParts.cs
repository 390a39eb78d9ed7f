using System.Text.Json.Nodes;
using Latent.Kernels;
using Latent.Tensors;

namespace Latent.Bench;

/// <summary>The pieces of the W2 discriminator's second convolution (64→128 k4 s2 p1, 14×14, batch 64) over the whole batch.</summary>
internal static class ConvParts
{
    public static JsonNode Run(Generator gen)
    {
        var g = new ConvGeometry(64, 64, 14, 14, 128, 4, 4, 2, 2, 1, 1, 1, 1, 1, 7, 7);
        int nl = g.N * g.OutPlane;
        var x = Tensor.Randn([64, 64, 14, 14], gen).ToArray();
        var w = Tensor.Randn([128, 64, 4, 4], gen).ToArray();
        var cols = new float[g.ColRows * nl];
        var ycm = new float[g.O * nl];
        var y = new float[g.O * nl];
        var xo = new float[x.Length];
        var columns = new ConvColumns(g);
        var o = new JsonObject();
        o["im2col_ms"] = Timing.Median(() => columns.Gather(x, 0, g.N, cols, parallel: true), 31, 10) * 1e3;
        o["gemm_fwd_ms"] = Timing.Median(() => Gemm.Run(false, false, 128, nl, 1024, 1f, w, 0, 1024, cols, 0, nl, 0f, ycm, 0, nl), 31, 10) * 1e3;
        o["permute_ms"] = Timing.Median(() => ConvKernels.SwapLeadingAxes(ycm, 0, y, 0, 128, 64, 49, parallel: true), 31, 10) * 1e3;
        o["gemm_dx_ms"] = Timing.Median(() => Gemm.Run(true, false, 1024, nl, 128, 1f, w, 0, 1024, ycm, 0, nl, 0f, cols, 0, nl), 31, 10) * 1e3;
        o["col2im_ms"] = Timing.Median(() => columns.Scatter(cols, 0, g.N, xo, parallel: true), 31, 10) * 1e3;
        o["gemm_dw_ms"] = Timing.Median(() => Gemm.Run(false, true, 128, 1024, nl, 1f, ycm, 0, nl, cols, 0, nl, 0f, w, 0, 1024), 31, 10) * 1e3;
        o["forward_total_ms"] = Timing.Median(() => ConvKernels.Forward(x, w, null, g, y), 31, 10) * 1e3;
        return o;
    }
}
