using System.Runtime.InteropServices;

namespace Latent.Kernels;

/// <summary>
/// Binds <c>cblas_sgemm</c> from OpenBLAS at run time. Set <c>LATENT_BLAS=managed</c> to force the managed GEMM.
/// </summary>
internal static unsafe class OpenBlas
{
    private const int RowMajor = 101, NoTrans = 111, Trans = 112;

    private static readonly delegate* unmanaged<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void> Sgemm;
    private static readonly delegate* unmanaged<int, int, int, int, float, float*, int, float*, int, float, float*, int, void> Sgemv;
    private static readonly delegate* unmanaged<int> GetThreads;
    private static readonly delegate* unmanaged<int, void> SetThreads;
    private static readonly delegate* unmanaged<byte*> GetConfig;

    [DllImport("libc", EntryPoint = "setenv")]
    private static extern int SetEnv(string name, string value, int overwrite);

    static OpenBlas()
    {
        if (Environment.GetEnvironmentVariable("LATENT_BLAS") is "managed") return;
        // OpenBLAS worker threads busy-wait (sched_yield) for ~2^28 cycles after each product by default, stealing the
        // core from the elementwise kernels that follow; with the minimum (2^4) they sleep at once and every product pays
        // to wake them. 2^20 cycles (~0.3 ms) keeps them awake between the products of one step: against 2^4, median of
        // five alternating runs, W1 3.8 → 3.4 ms, W2 128 → 125 ms, W3 153 → 158 ms. A user's own setting wins.
        if (OperatingSystem.IsLinux() && Environment.GetEnvironmentVariable("OPENBLAS_THREAD_TIMEOUT") == null)
        {
            try { SetEnv("OPENBLAS_THREAD_TIMEOUT", "20", 0); }
            catch (DllNotFoundException) { }
            catch (EntryPointNotFoundException) { }
        }
        foreach (var name in new[] { "libopenblas.so.0", "libopenblas.so", "libopenblas.dylib", "openblas" })
        {
            if (!NativeLibrary.TryLoad(name, typeof(OpenBlas).Assembly, null, out var handle)) continue;
            if (!NativeLibrary.TryGetExport(handle, "cblas_sgemm", out var sgemm)) continue;
            Sgemm = (delegate* unmanaged<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void>)sgemm;
            if (NativeLibrary.TryGetExport(handle, "cblas_sgemv", out var sgemv))
                Sgemv = (delegate* unmanaged<int, int, int, int, float, float*, int, float*, int, float, float*, int, void>)sgemv;
            if (NativeLibrary.TryGetExport(handle, "openblas_get_num_threads", out var gt)) GetThreads = (delegate* unmanaged<int>)gt;
            if (NativeLibrary.TryGetExport(handle, "openblas_set_num_threads", out var st)) SetThreads = (delegate* unmanaged<int, void>)st;
            if (NativeLibrary.TryGetExport(handle, "openblas_get_config", out var gc)) GetConfig = (delegate* unmanaged<byte*>)gc;
            LibraryName = name;
            LibraryPath = FindLoadedPath(name);
            break;
        }
    }

    /// <summary>True when cblas_sgemm was found.</summary>
    public static bool IsAvailable => Sgemm != null;

    /// <summary>The library name that was loaded, or null.</summary>
    public static string? LibraryName { get; }

    /// <summary>The resolved file path of the loaded library, when it can be found.</summary>
    public static string? LibraryPath { get; }

    /// <summary>OpenBLAS's thread count, or 0 when unknown.</summary>
    public static int Threads
    {
        get => GetThreads != null ? GetThreads() : 0;
        set { if (SetThreads != null) SetThreads(value); }
    }

    /// <summary>OpenBLAS's build configuration string (core type, threading), or null.</summary>
    public static string? Config => GetConfig != null ? Marshal.PtrToStringAnsi((nint)GetConfig()) : null;

    /// <summary>C = alpha·op(A)·op(B) + beta·C on row-major matrices at the given offsets.</summary>
    public static void Gemm(bool transA, bool transB, int m, int n, int k, float alpha,
        float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb, float beta, float[] c, int cOffset, int ldc)
    {
        fixed (float* pa = a, pb = b, pc = c)
            Sgemm(RowMajor, transA ? Trans : NoTrans, transB ? Trans : NoTrans, m, n, k, alpha,
                pa + aOffset, lda, pb + bOffset, ldb, beta, pc + cOffset, ldc);
    }

    /// <summary>Whether cblas_sgemv was found as well.</summary>
    public static bool HasGemv => Sgemv != null;

    /// <summary>
    /// y = alpha·op(A)·x + beta·y for a row-major <paramref name="rows"/>×<paramref name="cols"/> matrix A and strided
    /// vectors. With beta = 0, y is cleared first rather than scaled, so whatever it held (NaN included) is ignored.
    /// </summary>
    public static void Gemv(bool trans, int rows, int cols, float alpha, float[] a, int aOffset, int lda,
        float[] x, int xOffset, int incX, float beta, float[] y, int yOffset, int incY, int yLength)
    {
        if (beta == 0)
            for (int i = 0; i < yLength; i++) y[yOffset + i * incY] = 0f;
        fixed (float* pa = a, px = x, py = y)
            Sgemv(RowMajor, trans ? Trans : NoTrans, rows, cols, alpha, pa + aOffset, lda, px + xOffset, incX, beta, py + yOffset, incY);
    }

    private static string? FindLoadedPath(string name)
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/maps"))
            {
                int slash = line.IndexOf('/');
                if (slash >= 0 && line.Contains("openblas", StringComparison.OrdinalIgnoreCase)) return line[slash..].Trim();
            }
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return name;
    }
}
