using System.Numerics;
using System.Runtime.Intrinsics;

namespace Latent.Kernels;

/// <summary>What the engine's kernels run on: SIMD width, BLAS library and threads.</summary>
public static class KernelInfo
{
    /// <summary>Whether matrix products go through OpenBLAS (otherwise the managed SIMD GEMM runs).</summary>
    public static bool UsesOpenBlas => Gemm.UsesOpenBlas;

    /// <summary>Path of the loaded OpenBLAS library, or null when the managed fallback runs.</summary>
    public static string? BlasPath => OpenBlas.IsAvailable ? OpenBlas.LibraryPath : null;

    /// <summary>OpenBLAS's own thread count (0 when unknown or not loaded).</summary>
    public static int BlasThreads => OpenBlas.Threads;

    /// <summary>OpenBLAS's build configuration string, or null.</summary>
    public static string? BlasConfig => OpenBlas.Config;

    /// <summary>The oneDNN version whose convolutions run the larger layers (e.g. "2.6.3"), or null when it is not loaded.</summary>
    public static string? OneDnnVersion => OneDnn.IsAvailable ? OneDnn.VersionText : null;

    /// <summary>Threads the managed kernels may use.</summary>
    public static int KernelThreads => Parallelism.MaxThreads;

    /// <summary>The widest hardware-accelerated vector in bits (512, 256, 128 or 0).</summary>
    public static int SimdWidthBits =>
        Vector512.IsHardwareAccelerated ? 512 : Vector256.IsHardwareAccelerated ? 256 : Vector128.IsHardwareAccelerated ? 128 : 0;

    /// <summary>A one-line description of the SIMD support, e.g. "256-bit (8 floats per vector), FMA".</summary>
    public static string SimdDescription =>
        $"{SimdWidthBits}-bit ({Vector<float>.Count} floats per Vector<float>)" +
        (System.Runtime.Intrinsics.X86.Fma.IsSupported ? ", FMA" : "") +
        (System.Runtime.Intrinsics.X86.Avx512F.IsSupported ? ", AVX-512" : System.Runtime.Intrinsics.X86.Avx2.IsSupported ? ", AVX2" : "");
}
