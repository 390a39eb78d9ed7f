using Latent.Kernels;
using Latent.Tensors;

namespace Latent.Bench;

/// <summary>Temporary probe: CPU time of W4's conv B kernels by chunk size.</summary>
internal static class GemmProbe
{
    public static int Run(string[] args)
    {
        var gen = new Generator(1);
        var g = new ConvGeometry(32, 64, 28, 28, 64, 3, 3, 1, 1, 1, 1, 1, 1, 1, 28, 28, [0, 1, 2, 3, 4]);
        var x = Tensor.Randn([32 * 64 * 784], gen).ToArray();
        var w = Tensor.Randn([64 * 320], gen).ToArray();
        var y = new float[x.Length];
        var gw = new float[w.Length];
        double Cpu(Action f) { for (int i = 0; i < 3; i++) f(); var t = new double[9]; for (int i = 0; i < 9; i++) { double c = CpuClock.Milliseconds(); f(); t[i] = CpuClock.Milliseconds() - c; } return Timing.Median(t); }
        for (int round = 0; round < 3; round++)
            foreach (int floats in new[] { 1 << 16, 1 << 18, 1 << 19, 1 << 20, 1 << 30 })
            {
                ConvChunks.ColumnFloats = floats;
                Console.WriteLine($"chunk {ConvChunks.ImagesPerChunk(g)} images: forward {Cpu(() => ConvKernels.Forward(x, w, null, g, y)):F2}  " +
                    $"input grad {Cpu(() => ConvKernels.Transposed(x, w, g, y)):F2}  weight grad {Cpu(() => ConvKernels.WeightGrad(x, y, g, gw)):F2} cpu ms");
            }
        return 0;
    }
}
