using System.Runtime.InteropServices;

namespace Latent.Kernels;

/// <summary>
/// Binds the parts of oneDNN's C API (Debian's <c>libdnnl2</c>, API version 2) that the convolution kernels use, at
/// run time: when the library is missing or of another major version, <see cref="IsAvailable"/> is false and the
/// managed kernels run. Set <c>LATENT_ONEDNN=off</c> to keep it unloaded. Descriptors are opaque blocks sized with
/// room to spare, so no struct layout of the library is copied here beyond the exec-argument pair.
/// </summary>
internal static unsafe class OneDnn
{
    public const int F32 = 3, TagAny = 1, TagNchw = 5, TagOihw = 5, TagX = 2;
    public const int ForwardTraining = 64, ConvolutionDirect = 1;
    public const int ArgSrc = 1, ArgDst = 17, ArgWeights = 33, ArgBias = 41, ArgDiffSrc = 129, ArgDiffDst = 145, ArgDiffWeights = 161;
    public const int QuerySrc = 129, QueryDiffSrc = 130, QueryWeights = 131, QueryDiffWeights = 132, QueryDst = 133, QueryDiffDst = 134, QueryImplInfo = 8;

    /// <summary>Bytes reserved for a <c>dnnl_memory_desc_t</c> (696 in 2.6) and a <c>dnnl_convolution_desc_t</c> (5,976).</summary>
    public const int MemoryDescBytes = 2048, OpDescBytes = 16384;

    private const int Success = 0, CpuEngine = 1, InOrderStream = 1;
    private static readonly nint Allocate = -1;

    /// <summary>One argument of <c>dnnl_primitive_execute</c>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct ExecArg
    {
        public int Arg;
        public nint Memory;
    }

    private static readonly delegate* unmanaged<int*> Version;
    private static readonly delegate* unmanaged<nint*, int, nuint, int> EngineCreate;
    private static readonly delegate* unmanaged<nint*, nint, uint, int> StreamCreate;
    private static readonly delegate* unmanaged<nint, int> StreamWait;
    private static readonly delegate* unmanaged<void*, int, long*, int, int, int> MemoryDescInitByTag;
    private static readonly delegate* unmanaged<void*, void*, int> MemoryDescEqual;
    private static readonly delegate* unmanaged<void*, nuint> MemoryDescGetSize;
    private static readonly delegate* unmanaged<nint*, void*, nint, nint, int> MemoryCreate;
    private static readonly delegate* unmanaged<nint, nint, int> MemorySetDataHandle;
    private static readonly delegate* unmanaged<void*, int, int, void*, void*, void*, void*, long*, long*, long*, long*, int> ForwardDescInit;
    private static readonly delegate* unmanaged<void*, int, void*, void*, void*, long*, long*, long*, long*, int> BackwardDataDescInit;
    private static readonly delegate* unmanaged<void*, int, void*, void*, void*, void*, long*, long*, long*, long*, int> BackwardWeightsDescInit;
    private static readonly delegate* unmanaged<nint*, void*, nint, nint, nint, int> PrimitiveDescCreate;
    private static readonly delegate* unmanaged<nint, int, int, void*> PrimitiveDescQueryMd;
    private static readonly delegate* unmanaged<nint, int, int, void*, int> PrimitiveDescQuery;
    private static readonly delegate* unmanaged<nint*, nint, int> PrimitiveCreate;
    private static readonly delegate* unmanaged<nint, nint, int, ExecArg*, int> PrimitiveExecute;
    private static readonly delegate* unmanaged<nint*, void*, nint, void*, nint, nint, int> ReorderDescCreate;
    private static readonly delegate* unmanaged<int, void> OmpSetNumThreads;

    static OneDnn()
    {
        if (Environment.GetEnvironmentVariable("LATENT_ONEDNN") is "off" or "0") return;
        // libgomp's idle workers spin for a while after each parallel region by default, taking the cores from the
        // managed kernels that run between convolutions; a user's own setting wins.
        if (OperatingSystem.IsLinux() && Environment.GetEnvironmentVariable("OMP_WAIT_POLICY") == null)
        {
            try { SetEnv("OMP_WAIT_POLICY", "PASSIVE", 0); }
            catch (DllNotFoundException) { }
            catch (EntryPointNotFoundException) { }
        }
        foreach (var name in new[] { "libdnnl.so.2", "libdnnl.so", "libdnnl.2.dylib", "dnnl" })
        {
            if (!NativeLibrary.TryLoad(name, typeof(OneDnn).Assembly, null, out var h)) continue;
            try
            {
                Version = (delegate* unmanaged<int*>)NativeLibrary.GetExport(h, "dnnl_version");
                if (Version()[0] != 2) return; // the op-descriptor API below is version 2's
                EngineCreate = (delegate* unmanaged<nint*, int, nuint, int>)NativeLibrary.GetExport(h, "dnnl_engine_create");
                StreamCreate = (delegate* unmanaged<nint*, nint, uint, int>)NativeLibrary.GetExport(h, "dnnl_stream_create");
                StreamWait = (delegate* unmanaged<nint, int>)NativeLibrary.GetExport(h, "dnnl_stream_wait");
                MemoryDescInitByTag = (delegate* unmanaged<void*, int, long*, int, int, int>)NativeLibrary.GetExport(h, "dnnl_memory_desc_init_by_tag");
                MemoryDescEqual = (delegate* unmanaged<void*, void*, int>)NativeLibrary.GetExport(h, "dnnl_memory_desc_equal");
                MemoryDescGetSize = (delegate* unmanaged<void*, nuint>)NativeLibrary.GetExport(h, "dnnl_memory_desc_get_size");
                MemoryCreate = (delegate* unmanaged<nint*, void*, nint, nint, int>)NativeLibrary.GetExport(h, "dnnl_memory_create");
                MemorySetDataHandle = (delegate* unmanaged<nint, nint, int>)NativeLibrary.GetExport(h, "dnnl_memory_set_data_handle");
                ForwardDescInit = (delegate* unmanaged<void*, int, int, void*, void*, void*, void*, long*, long*, long*, long*, int>)NativeLibrary.GetExport(h, "dnnl_dilated_convolution_forward_desc_init");
                BackwardDataDescInit = (delegate* unmanaged<void*, int, void*, void*, void*, long*, long*, long*, long*, int>)NativeLibrary.GetExport(h, "dnnl_dilated_convolution_backward_data_desc_init");
                BackwardWeightsDescInit = (delegate* unmanaged<void*, int, void*, void*, void*, void*, long*, long*, long*, long*, int>)NativeLibrary.GetExport(h, "dnnl_dilated_convolution_backward_weights_desc_init");
                PrimitiveDescCreate = (delegate* unmanaged<nint*, void*, nint, nint, nint, int>)NativeLibrary.GetExport(h, "dnnl_primitive_desc_create");
                PrimitiveDescQueryMd = (delegate* unmanaged<nint, int, int, void*>)NativeLibrary.GetExport(h, "dnnl_primitive_desc_query_md");
                PrimitiveDescQuery = (delegate* unmanaged<nint, int, int, void*, int>)NativeLibrary.GetExport(h, "dnnl_primitive_desc_query");
                PrimitiveCreate = (delegate* unmanaged<nint*, nint, int>)NativeLibrary.GetExport(h, "dnnl_primitive_create");
                PrimitiveExecute = (delegate* unmanaged<nint, nint, int, ExecArg*, int>)NativeLibrary.GetExport(h, "dnnl_primitive_execute");
                ReorderDescCreate = (delegate* unmanaged<nint*, void*, nint, void*, nint, nint, int>)NativeLibrary.GetExport(h, "dnnl_reorder_primitive_desc_create");
                nint engine;
                if (EngineCreate(&engine, CpuEngine, 0) != Success) return;
                Engine = engine;
                if (NativeLibrary.TryLoad("libgomp.so.1", out var gomp) && NativeLibrary.TryGetExport(gomp, "omp_set_num_threads", out var set))
                    OmpSetNumThreads = (delegate* unmanaged<int, void>)set;
                LibraryName = name;
                var v = Version();
                VersionText = $"{v[0]}.{v[1]}.{v[2]}";
                return;
            }
            catch (EntryPointNotFoundException)
            {
                Engine = 0;
                return;
            }
        }
    }

    [DllImport("libc", EntryPoint = "setenv")]
    private static extern int SetEnv(string name, string value, int overwrite);

    /// <summary>True when a version-2 oneDNN was loaded and its CPU engine created.</summary>
    public static bool IsAvailable => Engine != 0;

    /// <summary>The CPU engine.</summary>
    public static nint Engine { get; }

    /// <summary>The library name loaded, or null.</summary>
    public static string? LibraryName { get; }

    /// <summary>The library's version, e.g. "2.6.3", or null.</summary>
    public static string? VersionText { get; }

    [ThreadStatic] private static int ompThreads;

    /// <summary>Gives oneDNN's OpenMP team <paramref name="threads"/> threads for parallel regions started from this thread.</summary>
    public static void UseThreads(int threads)
    {
        if (OmpSetNumThreads == null || ompThreads == threads) return;
        OmpSetNumThreads(threads);
        ompThreads = threads;
    }

    /// <summary>Throws when a call failed, naming it and its status.</summary>
    public static void Check(int status, string call)
    {
        if (status != Success) throw new InvalidOperationException($"oneDNN: {call} failed with status {status}.");
    }

    /// <summary>A new in-order stream on the CPU engine.</summary>
    public static nint CreateStream()
    {
        nint s;
        Check(StreamCreate(&s, Engine, InOrderStream), "dnnl_stream_create");
        return s;
    }

    /// <summary>Waits until everything submitted to <paramref name="stream"/> has run.</summary>
    public static void Wait(nint stream) => Check(StreamWait(stream), "dnnl_stream_wait");

    /// <summary>Fills <paramref name="md"/> with a dense f32 memory descriptor of <paramref name="dims"/> in layout <paramref name="tag"/>.</summary>
    public static void InitMemoryDesc(void* md, ReadOnlySpan<long> dims, int tag)
    {
        fixed (long* d = dims) Check(MemoryDescInitByTag(md, dims.Length, d, F32, tag), "dnnl_memory_desc_init_by_tag");
    }

    /// <summary>Whether two memory descriptors describe the same layout.</summary>
    public static bool Equal(void* a, void* b) => MemoryDescEqual(a, b) != 0;

    /// <summary>Bytes a buffer of layout <paramref name="md"/> takes (blocked layouts pad channels to their block).</summary>
    public static long Size(void* md) => (long)MemoryDescGetSize(md);

    /// <summary>A memory object of <paramref name="md"/>: library-allocated, or without a buffer (its handle set before each use).</summary>
    public static nint CreateMemory(void* md, bool allocate)
    {
        nint m;
        Check(MemoryCreate(&m, md, Engine, allocate ? Allocate : 0), "dnnl_memory_create");
        return m;
    }

    /// <summary>Points <paramref name="memory"/> at <paramref name="data"/>.</summary>
    public static void SetHandle(nint memory, void* data) => Check(MemorySetDataHandle(memory, (nint)data), "dnnl_memory_set_data_handle");

    /// <summary>Initialises a dilated convolution's forward-training descriptor (dilations counted from 0).</summary>
    public static void InitForward(void* desc, void* src, void* weights, void* bias, void* dst, long* strides, long* dilates, long* padL, long* padR) =>
        Check(ForwardDescInit(desc, ForwardTraining, ConvolutionDirect, src, weights, bias, dst, strides, dilates, padL, padR), "dnnl_dilated_convolution_forward_desc_init");

    /// <summary>Initialises a dilated convolution's backward-data descriptor.</summary>
    public static void InitBackwardData(void* desc, void* diffSrc, void* weights, void* diffDst, long* strides, long* dilates, long* padL, long* padR) =>
        Check(BackwardDataDescInit(desc, ConvolutionDirect, diffSrc, weights, diffDst, strides, dilates, padL, padR), "dnnl_dilated_convolution_backward_data_desc_init");

    /// <summary>Initialises a dilated convolution's backward-weights descriptor (no bias gradient).</summary>
    public static void InitBackwardWeights(void* desc, void* src, void* diffWeights, void* diffDst, long* strides, long* dilates, long* padL, long* padR) =>
        Check(BackwardWeightsDescInit(desc, ConvolutionDirect, src, diffWeights, null, diffDst, strides, dilates, padL, padR), "dnnl_dilated_convolution_backward_weights_desc_init");

    /// <summary>The primitive descriptor of an op descriptor, or 0 when oneDNN has no implementation for it.</summary>
    public static nint CreatePrimitiveDesc(void* opDesc, nint hint)
    {
        nint pd;
        return PrimitiveDescCreate(&pd, opDesc, 0, Engine, hint) == Success ? pd : 0;
    }

    /// <summary>The memory descriptor a primitive descriptor chose for <paramref name="query"/>.</summary>
    public static void* QueryMemoryDesc(nint pd, int query) => PrimitiveDescQueryMd(pd, query, 0);

    /// <summary>The implementation a primitive descriptor picked, e.g. "jit:avx512_core".</summary>
    public static string ImplementationName(nint pd)
    {
        byte* s = null;
        return PrimitiveDescQuery(pd, QueryImplInfo, 0, &s) == Success && s != null ? Marshal.PtrToStringAnsi((nint)s) ?? "" : "";
    }

    /// <summary>The primitive of a primitive descriptor.</summary>
    public static nint CreatePrimitive(nint pd)
    {
        nint p;
        Check(PrimitiveCreate(&p, pd), "dnnl_primitive_create");
        return p;
    }

    /// <summary>A reorder primitive from layout <paramref name="from"/> to <paramref name="to"/>.</summary>
    public static nint CreateReorder(void* from, void* to)
    {
        nint pd;
        Check(ReorderDescCreate(&pd, from, Engine, to, Engine, 0), "dnnl_reorder_primitive_desc_create");
        return CreatePrimitive(pd);
    }

    /// <summary>Submits <paramref name="primitive"/> with its arguments to <paramref name="stream"/>.</summary>
    public static void Execute(nint primitive, nint stream, ReadOnlySpan<ExecArg> args)
    {
        fixed (ExecArg* a = args) Check(PrimitiveExecute(primitive, stream, args.Length, a), "dnnl_primitive_execute");
    }
}
