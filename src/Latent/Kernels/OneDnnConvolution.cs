namespace Latent.Kernels;

/// <summary>
/// The three maps of a convolution (forward, the adjoint in the image, the adjoint in the kernel) through oneDNN's
/// direct convolutions, for the layers where they beat im2col + GEMM: activations stay in Latent's NCHW and weights in
/// OIHW, and each call reorders to and from the layouts oneDNN picks (blocked by 8 or 16 channels). A primitive per
/// geometry is built on first use and kept; calls on one primitive are serialised.
/// </summary>
internal static unsafe class OneDnnConvolution
{
    private enum Map { Forward, Image, Kernel }

    private readonly record struct Key(Map Map, ConvGeometry Geometry, bool Bias);

    private static readonly Dictionary<Key, Primitive?> Cache = [];

    [ThreadStatic] private static bool? forced;

    /// <summary>
    /// On the calling thread: true sends every convolution oneDNN can run through it, false none, null (default)
    /// those <see cref="Prefers"/> picks. Per thread, so a test comparing paths changes nothing running beside it.
    /// </summary>
    public static bool? Forced
    {
        get => forced;
        set => forced = value;
    }

    /// <summary>Whether the convolution kernels may use oneDNN at all (loaded, version 2).</summary>
    public static bool IsAvailable => OneDnn.IsAvailable;

    /// <summary>
    /// The layers oneDNN is used for by default, by measurement (<c>./bench/run.sh conv-paths</c>): no masked taps or
    /// groups, and at least 32 channels on both sides with a kernel of 3×3 or more — where the column matrix is large.
    /// Below that im2col + GEMM is as fast or faster (one-channel images, 1×1 and dense kernels). Without AVX-512 in
    /// oneDNN, layers whose products are large and whose output plane is small (<see cref="HasBlasSizedProducts"/>) stay
    /// with im2col + GEMM too.
    /// </summary>
    public static bool Prefers(in ConvGeometry g) =>
        g.C >= 32 && g.O >= 32 && g.Kh * g.Kw >= 9 && !(HasBlasSizedProducts(g) && !RunsAvx512);

    /// <summary>
    /// A column matrix of at least 2,048 rows over output planes below 8×8 (DCGAN's 256 → 128 transposed convolution,
    /// 7×7 → 14×14): every product is at least 2,048 wide in one dimension, where the BLAS runs at its full rate. On
    /// AVX2, im2col + GEMM ran that layer's forward + backward in 84 ms against oneDNN's 93 (Zen 3; 74 against 75 on a
    /// Zen 4 limited to AVX2) and W2's step in 183 ms against 192; with AVX-512, oneDNN's 47 ms beat 66.
    /// </summary>
    private static bool HasBlasSizedProducts(in ConvGeometry g) => g.ColRows >= 2048 && g.OutPlane < 64;

    /// <summary>Whether oneDNN's convolutions run AVX-512 code here (its implementation name for a probe layer), honouring ONEDNN_MAX_CPU_ISA.</summary>
    public static bool RunsAvx512 => runsAvx512.Value;

    private static readonly Lazy<bool> runsAvx512 = new(() =>
        IsAvailable && Get(new Key(Map.Forward, new ConvGeometry(1, 32, 8, 8, 32, 3, 3, 1, 1, 1, 1, 1, 1, 1, 8, 8), false))?.Implementation.Contains("avx512", StringComparison.Ordinal) == true);

    private static bool Supports(in ConvGeometry g) =>
        g.Taps is null && g.Groups == 1 && PadEnd(g.H, g.Ho, g.Kh, g.StrideH, g.PadH, g.DilationH) >= 0
        && PadEnd(g.W, g.Wo, g.Kw, g.StrideW, g.PadW, g.DilationW) >= 0;

    private static bool Use(in ConvGeometry g) =>
        IsAvailable && forced != false && Supports(g) && (forced == true || Prefers(g));

    /// <summary>Padding after the last input row so that the windows end exactly at the input's end (oneDNN wants it exact).</summary>
    private static long PadEnd(int input, int output, int kernel, int stride, int pad, int dilation) =>
        (long)(output - 1) * stride + dilation * (kernel - 1) + 1 - input - pad;

    /// <summary>y = conv(x, w) + bias through oneDNN; false (nothing written) when it does not take this geometry.</summary>
    /// <remarks>With a <paramref name="cache"/>, x's reordered copy is taken from it or left in it (see <see cref="ConvOperandCache"/>).</remarks>
    public static bool TryForward(float[] x, float[] w, float[]? bias, in ConvGeometry g, float[] y, ConvOperandCache? cache = null)
    {
        if (!Use(g) || Get(new Key(Map.Forward, g, bias is not null)) is not { } p) return false;
        var blocked = p.Blocked(cache, ForwardRoles);
        fixed (float* px = x, pw = w, pb = bias, py = y, bx = blocked?[0]?.Data)
            p.Run(bias is null ? [(nint)px, (nint)pw, (nint)py] : [(nint)px, (nint)pw, (nint)pb, (nint)py], [(nint)bx, 0, 0, 0], blocked);
        return true;
    }

    /// <summary>x = the convolution's adjoint in the image applied to gy; false when oneDNN does not take this geometry.</summary>
    /// <remarks>With a <paramref name="cache"/>, gy's reordered copy is taken from it or left in it.</remarks>
    public static bool TryImageAdjoint(float[] gy, float[] w, in ConvGeometry g, float[] x, ConvOperandCache? cache = null)
    {
        if (!Use(g) || Get(new Key(Map.Image, g, false)) is not { } p) return false;
        var blocked = p.Blocked(cache, ImageRoles);
        fixed (float* pgy = gy, pw = w, px = x, bgy = blocked?[0]?.Data) p.Run([(nint)pgy, (nint)pw, (nint)px], [(nint)bgy, 0, 0], blocked);
        return true;
    }

    /// <summary>gw = the convolution's adjoint in the kernel applied to gy; false when oneDNN does not take this geometry.</summary>
    /// <remarks>With a <paramref name="cache"/>, the reordered copies of x and gy are taken from it or left in it.</remarks>
    public static bool TryKernelAdjoint(float[] x, float[] gy, in ConvGeometry g, float[] gw, ConvOperandCache? cache = null)
    {
        if (!Use(g) || Get(new Key(Map.Kernel, g, false)) is not { } p) return false;
        var blocked = p.Blocked(cache, KernelRoles);
        fixed (float* px = x, pgy = gy, pgw = gw, bx = blocked?[0]?.Data, bgy = blocked?[1]?.Data)
            p.Run([(nint)px, (nint)pgy, (nint)pgw], [(nint)bx, (nint)bgy, 0], blocked);
        return true;
    }

    /// <summary>Which cached input an operand is, if any.</summary>
    private enum Role { None, Source, OutputGradient }

    // The operands of each map in the order of Primitive.Build (the forward's bias, when present, is the third).
    private static readonly Role[] ForwardRoles = [Role.Source, Role.None, Role.None, Role.None];
    private static readonly Role[] ImageRoles = [Role.OutputGradient, Role.None, Role.None];
    private static readonly Role[] KernelRoles = [Role.Source, Role.OutputGradient, Role.None];

    /// <summary>The implementation oneDNN picked for the forward map of <paramref name="g"/>, or null when it has none.</summary>
    public static string? Implementation(in ConvGeometry g) =>
        IsAvailable && Supports(g) ? Get(new Key(Map.Forward, g, false))?.Implementation : null;

    private static Primitive? Get(Key key)
    {
        lock (Cache)
        {
            if (!Cache.TryGetValue(key, out var p)) Cache[key] = p = Primitive.Build(key);
            return p;
        }
    }

    /// <summary>
    /// One oneDNN convolution primitive with its operands: user memories in plain layouts and, where oneDNN chose another
    /// layout, its own buffer and the reorder, plus a memory without a buffer for reordered copies kept by a caller.
    /// </summary>
    private sealed class Primitive
    {
        private readonly nint _primitive;
        private readonly nint _stream;
        private readonly Operand[] _operands;

        private Primitive(nint primitive, Operand[] operands, string implementation)
        {
            _primitive = primitive;
            _operands = operands;
            _stream = OneDnn.CreateStream();
            Implementation = implementation;
        }

        public string Implementation { get; }

        private sealed record Operand(int Arg, nint User, nint Inner, nint Reorder, bool IsOutput, nint Outside, nint Layout, long Bytes);

        /// <summary>
        /// Per operand, the reordered copy to use from <paramref name="cache"/> (the roles name which entry each operand
        /// is), or a new pooled buffer for an input that needs a reorder and has none yet, which is then stored in the
        /// cache. Null without a cache; null entries: no role, or an operand oneDNN takes in its plain layout.
        /// </summary>
        public BlockedOperand?[]? Blocked(ConvOperandCache? cache, Role[] roles)
        {
            if (cache is null) return null;
            var result = new BlockedOperand?[_operands.Length];
            for (int i = 0; i < Math.Min(roles.Length, _operands.Length); i++)
            {
                var op = _operands[i];
                if (roles[i] == Role.None || op.Inner == 0 || op.IsOutput) continue;
                var held = roles[i] == Role.Source ? cache.Source : cache.OutputGradient;
                if (held is null || !(held.Layout == op.Layout || OneDnn.Equal((void*)held.Layout, (void*)op.Layout)) || (long)held.Data.Length * sizeof(float) < op.Bytes)
                {
                    held = new BlockedOperand(cache.Rent((int)((op.Bytes + sizeof(float) - 1) / sizeof(float))), op.Layout) { Filled = false };
                    if (roles[i] == Role.Source) cache.Source = held;
                    else cache.OutputGradient = held;
                }
                result[i] = held;
            }
            return result;
        }

        /// <summary>Runs the primitive on the operands at <paramref name="data"/> (in the order of <see cref="Build"/>) and waits for it.</summary>
        /// <param name="data">Each operand's plain buffer.</param>
        /// <param name="outside">Per operand, 0 or the (pinned) data of its entry in <paramref name="blocked"/>.</param>
        /// <param name="blocked">Per operand, a kept reordered copy: used as is when filled, else reordered into and marked filled.</param>
        public void Run(ReadOnlySpan<nint> data, ReadOnlySpan<nint> outside = default, BlockedOperand?[]? blocked = null)
        {
            lock (this)
            {
                OneDnn.UseThreads(Parallelism.MaxThreads);
                Span<OneDnn.ExecArg> args = stackalloc OneDnn.ExecArg[_operands.Length];
                Span<OneDnn.ExecArg> pair = stackalloc OneDnn.ExecArg[2];
                for (int i = 0; i < _operands.Length; i++)
                {
                    var op = _operands[i];
                    OneDnn.SetHandle(op.User, (void*)data[i]);
                    var kept = blocked?[i];
                    nint inner = op.Inner;
                    if (kept is not null)
                    {
                        OneDnn.SetHandle(op.Outside, (void*)outside[i]);
                        inner = op.Outside;
                    }
                    args[i] = new OneDnn.ExecArg { Arg = op.Arg, Memory = inner != 0 ? inner : op.User };
                    if (inner == 0 || op.IsOutput || kept is { Filled: true }) continue;
                    pair[0] = new OneDnn.ExecArg { Arg = OneDnn.ArgSrc, Memory = op.User };
                    pair[1] = new OneDnn.ExecArg { Arg = OneDnn.ArgDst, Memory = inner };
                    OneDnn.Execute(op.Reorder, _stream, pair);
                }
                OneDnn.Execute(_primitive, _stream, args);
                foreach (var op in _operands)
                {
                    if (op.Inner == 0 || !op.IsOutput) continue;
                    pair[0] = new OneDnn.ExecArg { Arg = OneDnn.ArgSrc, Memory = op.Inner };
                    pair[1] = new OneDnn.ExecArg { Arg = OneDnn.ArgDst, Memory = op.User };
                    OneDnn.Execute(op.Reorder, _stream, pair);
                }
                OneDnn.Wait(_stream);
                if (blocked is not null)
                    foreach (var kept in blocked)
                        if (kept is not null) kept.Filled = true;
            }
        }

        /// <summary>Builds the primitive of <paramref name="key"/>, or null when oneDNN has no implementation for it.</summary>
        public static Primitive? Build(Key key)
        {
            var g = key.Geometry;
            var block = (byte*)System.Runtime.InteropServices.NativeMemory.AllocZeroed((nuint)(7 * OneDnn.MemoryDescBytes + 2 * OneDnn.OpDescBytes));
            try
            {
                void* Md(int i) => block + i * OneDnn.MemoryDescBytes;
                void* forwardDesc = block + 7 * OneDnn.MemoryDescBytes, desc = (byte*)forwardDesc + OneDnn.OpDescBytes;
                void* src = Md(0), weights = Md(1), dst = Md(2), bias = Md(3), anySrc = Md(4), anyWeights = Md(5), anyDst = Md(6);
                long[] srcDims = [g.N, g.C, g.H, g.W], weightDims = [g.O, g.C, g.Kh, g.Kw], dstDims = [g.N, g.O, g.Ho, g.Wo];
                OneDnn.InitMemoryDesc(src, srcDims, OneDnn.TagNchw);
                OneDnn.InitMemoryDesc(weights, weightDims, OneDnn.TagOihw);
                OneDnn.InitMemoryDesc(dst, dstDims, OneDnn.TagNchw);
                OneDnn.InitMemoryDesc(bias, [g.O], OneDnn.TagX);
                OneDnn.InitMemoryDesc(anySrc, srcDims, OneDnn.TagAny);
                OneDnn.InitMemoryDesc(anyWeights, weightDims, OneDnn.TagAny);
                OneDnn.InitMemoryDesc(anyDst, dstDims, OneDnn.TagAny);
                long* strides = stackalloc long[] { g.StrideH, g.StrideW };
                long* dilates = stackalloc long[] { g.DilationH - 1, g.DilationW - 1 };
                long* padL = stackalloc long[] { g.PadH, g.PadW };
                long* padR = stackalloc long[] { PadEnd(g.H, g.Ho, g.Kh, g.StrideH, g.PadH, g.DilationH), PadEnd(g.W, g.Wo, g.Kw, g.StrideW, g.PadW, g.DilationW) };

                OneDnn.InitForward(forwardDesc, anySrc, anyWeights, key.Bias ? bias : null, anyDst, strides, dilates, padL, padR);
                nint forward = OneDnn.CreatePrimitiveDesc(forwardDesc, 0);
                if (forward == 0) return null;
                nint pd = forward;
                (int Arg, nint User, int Query, bool Output)[] operands;
                switch (key.Map)
                {
                    case Map.Forward:
                        operands = key.Bias
                            ? [(OneDnn.ArgSrc, (nint)src, OneDnn.QuerySrc, false), (OneDnn.ArgWeights, (nint)weights, OneDnn.QueryWeights, false), (OneDnn.ArgBias, (nint)bias, 0, false), (OneDnn.ArgDst, (nint)dst, OneDnn.QueryDst, true)]
                            : [(OneDnn.ArgSrc, (nint)src, OneDnn.QuerySrc, false), (OneDnn.ArgWeights, (nint)weights, OneDnn.QueryWeights, false), (OneDnn.ArgDst, (nint)dst, OneDnn.QueryDst, true)];
                        break;
                    case Map.Image:
                        OneDnn.InitBackwardData(desc, anySrc, anyWeights, anyDst, strides, dilates, padL, padR);
                        pd = OneDnn.CreatePrimitiveDesc(desc, forward);
                        operands = [(OneDnn.ArgDiffDst, (nint)dst, OneDnn.QueryDiffDst, false), (OneDnn.ArgWeights, (nint)weights, OneDnn.QueryWeights, false), (OneDnn.ArgDiffSrc, (nint)src, OneDnn.QueryDiffSrc, true)];
                        break;
                    default:
                        OneDnn.InitBackwardWeights(desc, anySrc, anyWeights, anyDst, strides, dilates, padL, padR);
                        pd = OneDnn.CreatePrimitiveDesc(desc, forward);
                        operands = [(OneDnn.ArgSrc, (nint)src, OneDnn.QuerySrc, false), (OneDnn.ArgDiffDst, (nint)dst, OneDnn.QueryDiffDst, false), (OneDnn.ArgDiffWeights, (nint)weights, OneDnn.QueryDiffWeights, true)];
                        break;
                }
                if (pd == 0) return null;
                var built = new Operand[operands.Length];
                for (int i = 0; i < operands.Length; i++)
                {
                    var (arg, user, query, output) = operands[i];
                    void* plain = (void*)user, chosen = query == 0 ? plain : OneDnn.QueryMemoryDesc(pd, query);
                    nint userMemory = OneDnn.CreateMemory(plain, allocate: false), inner = 0, reorder = 0, outside = 0;
                    if (!OneDnn.Equal(chosen, plain))
                    {
                        inner = OneDnn.CreateMemory(chosen, allocate: true);
                        outside = OneDnn.CreateMemory(chosen, allocate: false);
                        reorder = output ? OneDnn.CreateReorder(chosen, plain) : OneDnn.CreateReorder(plain, chosen);
                    }
                    built[i] = new Operand(arg, userMemory, inner, reorder, output, outside, (nint)chosen, OneDnn.Size(chosen));
                }
                return new Primitive(OneDnn.CreatePrimitive(pd), built, OneDnn.ImplementationName(pd));
            }
            finally
            {
                System.Runtime.InteropServices.NativeMemory.Free(block);
            }
        }
    }
}
