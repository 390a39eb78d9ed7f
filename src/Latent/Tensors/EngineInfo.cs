using Latent.Kernels;

namespace Latent.Tensors;

/// <summary>What the engine runs on, for diagnostics (<c>latent doctor</c>): SIMD width, kernel threads and the BLAS library.</summary>
public static class EngineInfo
{
    /// <summary>Whether matrix products go through OpenBLAS (false: the managed SIMD GEMM).</summary>
    public static bool UsesOpenBlas => KernelInfo.UsesOpenBlas;

    /// <summary>The path of the OpenBLAS library loaded, or null.</summary>
    public static string? BlasPath => KernelInfo.BlasPath;

    /// <summary>OpenBLAS's thread count.</summary>
    public static int BlasThreads => KernelInfo.BlasThreads;

    /// <summary>OpenBLAS's build configuration string, or null.</summary>
    public static string? BlasConfig => KernelInfo.BlasConfig;

    /// <summary>
    /// The oneDNN version (Debian's libdnnl2) whose direct convolutions run layers with at least 32 channels on both
    /// sides and a 3×3 or larger kernel, or null when it is not loaded (every convolution is then im2col + GEMM).
    /// </summary>
    public static string? OneDnnVersion => KernelInfo.OneDnnVersion;

    /// <summary>Threads the engine's own parallel kernels use.</summary>
    public static int KernelThreads => KernelInfo.KernelThreads;

    /// <summary>The vector instruction sets the kernels use, e.g. "AVX2, 256-bit vectors".</summary>
    public static string SimdDescription => KernelInfo.SimdDescription;
}
