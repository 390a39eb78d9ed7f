using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using System.Text.Json.Nodes;

namespace Latent.Bench;

/// <summary>What the CPU offers (/proc/cpuinfo) and what this run uses of it (.NET's view, the ISA environment variables).</summary>
internal static class CpuInfo
{
    /// <summary>The environment variables that cap the instruction set (bench/run.sh --avx2 sets them for every side).</summary>
    public static readonly string[] IsaVariables = ["DOTNET_EnableAVX512", "DOTNET_EnableAVX512F", "ATEN_CPU_CAPABILITY", "MKL_ENABLE_INSTRUCTIONS"];

    /// <summary>The CPU's model name with its x86 family, model and stepping (a hypervisor may shorten the name), or "unknown".</summary>
    public static string Model => Field("model name") is { } name
        ? $"{name} (family {Field("cpu family")}, model {Field("model")}, stepping {Field("stepping")})"
        : "unknown";

    /// <summary>The SIMD extensions the CPU reports (of sse4_2, avx, avx2, fma, avx512f, avx512bw, avx512vl).</summary>
    public static string SimdFlags
    {
        get
        {
            var flags = (Field("flags") ?? "").Split(' ').ToHashSet();
            return string.Join(" ", new[] { "sse4_2", "avx", "avx2", "fma", "avx512f", "avx512bw", "avx512vl" }.Where(flags.Contains));
        }
    }

    /// <summary>The widest x86 vector ISA .NET uses in this process ("avx512", "avx2", …).</summary>
    public static string LatentIsa =>
        Avx512F.IsSupported ? "avx512" : Avx2.IsSupported ? "avx2" : Avx.IsSupported ? "avx" : Sse41.IsSupported ? "sse4.1" : "scalar";

    /// <summary>The widest hardware-accelerated vector in bits (512 when .NET uses AVX-512, else 256 with AVX2).</summary>
    public static int LatentVectorBits => Vector512.IsHardwareAccelerated ? 512 : Vector256.IsHardwareAccelerated ? 256 : Vector128.IsHardwareAccelerated ? 128 : 0;

    /// <summary>The ISA variables set in this run.</summary>
    public static JsonObject IsaOverrides()
    {
        var result = new JsonObject();
        foreach (var name in IsaVariables)
            if (Environment.GetEnvironmentVariable(name) is { } value) result[name] = value;
        return result;
    }

    private static string? Field(string name)
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/cpuinfo"))
                if (line.IndexOf(':') is int colon and > 0 && line[..colon].Trim() == name)
                    return line[(colon + 1)..].Trim();
        }
        catch (IOException) { }
        return null;
    }
}
