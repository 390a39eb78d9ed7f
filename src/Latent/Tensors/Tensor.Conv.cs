using Latent.Kernels;

namespace Latent.Tensors;

public sealed partial class Tensor
{
    /// <summary>2-D convolution (cross-correlation) of [N, C, H, W] with a kernel [O, C/groups, Kh, Kw].</summary>
    /// <exception cref="ArgumentException">Shapes, groups or sizes do not fit; the message names both shapes.</exception>
    public Tensor Conv2d(Tensor weight, Tensor? bias = null, int stride = 1, int padding = 0, int dilation = 1, int groups = 1)
        => Conv2d(weight, bias, (stride, stride), (padding, padding), (dilation, dilation), groups);

    /// <summary>2-D convolution with separate vertical and horizontal stride, padding and dilation.</summary>
    /// <remarks>The bias is added inside the convolution's product (no separate pass over the output).</remarks>
    public Tensor Conv2d(Tensor weight, Tensor? bias, (int H, int W) stride, (int H, int W) padding, (int H, int W) dilation, int groups = 1)
    {
        var geo = ConvGeometryOf("Conv2d", weight, bias, stride, padding, dilation, groups, null);
        return ConvForward(this, weight, bias, geo);
    }

    /// <summary>
    /// 2-D convolution that computes only the listed kernel taps: the kernel [O, C/groups, Kh, Kw] acts as if every
    /// other tap were zero, and those taps get exactly zero gradient. A masked convolution (PixelCNN) is this with the
    /// taps its mask keeps, at the cost of those taps alone: 5 of the 9 of a 3×3 type B mask, 24 of the 49 of a 7×7
    /// type A mask.
    /// </summary>
    /// <param name="weight">The full kernel [O, C/groups, Kh, Kw]; only the listed taps are read.</param>
    /// <param name="taps">Flat tap indices i·Kw + j, strictly increasing, each in [0, Kh·Kw).</param>
    /// <param name="bias">Optional bias [O].</param>
    /// <param name="stride">Vertical and horizontal stride.</param>
    /// <param name="padding">Vertical and horizontal zero padding.</param>
    /// <param name="dilation">Vertical and horizontal dilation.</param>
    /// <param name="groups">Channel groups.</param>
    /// <exception cref="ArgumentException">Shapes, groups or sizes do not fit, or the taps are empty, unsorted, repeated or outside the kernel.</exception>
    public Tensor Conv2dOverTaps(Tensor weight, int[] taps, Tensor? bias, (int H, int W) stride, (int H, int W) padding,
        (int H, int W) dilation, int groups = 1)
    {
        ArgumentNullException.ThrowIfNull(taps);
        var geo = ConvGeometryOf("Conv2dOverTaps", weight, bias, stride, padding, dilation, groups, (int[])taps.Clone());
        int kernel = geo.Kh * geo.Kw;
        for (int t = 0; t < taps.Length; t++)
            if (taps[t] < 0 || taps[t] >= kernel || (t > 0 && taps[t] <= taps[t - 1]))
                throw new ArgumentException($"Conv2dOverTaps: taps [{string.Join(", ", taps)}] must be strictly increasing indices in [0, {kernel}) of the kernel {ShapeUtil.Format(weight.Shape)}.", nameof(taps));
        if (taps.Length == 0) throw new ArgumentException("Conv2dOverTaps: at least one tap is needed.", nameof(taps));
        if (taps.Length == kernel) return ConvForward(this, weight, bias, geo with { Taps = null });
        // The kept taps as their own kernel [O, C/groups, taps]; IndexSelect's gradient leaves the others at zero.
        var packed = weight.Reshape(weight.Shape[0], weight.Shape[1], -1).IndexSelect(2, taps);
        return ConvForward(this, packed, bias, geo);
    }

    /// <summary>The convolution over listed taps with equal vertical and horizontal stride, padding and dilation.</summary>
    public Tensor Conv2dOverTaps(Tensor weight, int[] taps, Tensor? bias = null, int stride = 1, int padding = 0, int dilation = 1, int groups = 1)
        => Conv2dOverTaps(weight, taps, bias, (stride, stride), (padding, padding), (dilation, dilation), groups);

    private ConvGeometry ConvGeometryOf(string op, Tensor weight, Tensor? bias, (int H, int W) stride, (int H, int W) padding,
        (int H, int W) dilation, int groups, int[]? taps)
    {
        if (Rank != 4 || weight.Rank != 4)
            throw new ArgumentException($"{op}: input must be [N, C, H, W] and weight [O, C/groups, Kh, Kw], got {ShapeUtil.Format(Shape)} and {ShapeUtil.Format(weight.Shape)}.");
        CheckConvParams(op, stride, padding, dilation, groups);
        int n = Shape[0], c = Shape[1], h = Shape[2], w = Shape[3];
        int o = weight.Shape[0], kh = weight.Shape[2], kw = weight.Shape[3];
        if (c % groups != 0 || o % groups != 0 || weight.Shape[1] * groups != c)
            throw new ArgumentException($"{op}: input {ShapeUtil.Format(Shape)} and weight {ShapeUtil.Format(weight.Shape)} do not match with groups={groups}.");
        int ho = ConvGeometry.OutputSize(h, kh, stride.H, padding.H, dilation.H);
        int wo = ConvGeometry.OutputSize(w, kw, stride.W, padding.W, dilation.W);
        if (ho <= 0 || wo <= 0)
            throw new ArgumentException($"{op}: kernel {ShapeUtil.Format(weight.Shape)} does not fit input {ShapeUtil.Format(Shape)} with padding ({padding.H}, {padding.W}).");
        if (bias != null) CheckBias(bias, o, op);
        return new ConvGeometry(n, c, h, w, o, kh, kw, stride.H, stride.W, padding.H, padding.W, dilation.H, dilation.W, groups, ho, wo, taps);
    }

    /// <summary>1-D convolution of [N, C, L] with a kernel [O, C/groups, K].</summary>
    public Tensor Conv1d(Tensor weight, Tensor? bias = null, int stride = 1, int padding = 0, int dilation = 1, int groups = 1)
    {
        if (Rank != 3 || weight.Rank != 3)
            throw new ArgumentException($"Conv1d: input must be [N, C, L] and weight [O, C/groups, K], got {ShapeUtil.Format(Shape)} and {ShapeUtil.Format(weight.Shape)}.");
        var y = Unsqueeze(2).Conv2d(weight.Unsqueeze(2), bias, (1, stride), (0, padding), (1, dilation), groups);
        return y.Squeeze(2);
    }

    /// <summary>
    /// 1-D convolution with separate left and right padding, e.g. (dilation·(K − 1), 0) for the causal convolution of
    /// WaveNet, where no output sees a later input.
    /// </summary>
    /// <exception cref="ArgumentException">Shapes, groups or sizes do not fit, or a pad is negative.</exception>
    public Tensor Conv1d(Tensor weight, Tensor? bias, int stride, (int Left, int Right) padding, int dilation = 1, int groups = 1)
    {
        if (padding.Left < 0 || padding.Right < 0)
            throw new ArgumentException($"Conv1d: padding ({padding.Left}, {padding.Right}) must be non-negative.");
        if (padding.Left == padding.Right) return Conv1d(weight, bias, stride, padding.Left, dilation, groups);
        if (Rank != 3) throw new ArgumentException($"Conv1d: input must be [N, C, L], got {ShapeUtil.Format(Shape)}.");
        return PadAxis(2, padding.Left, padding.Right).Conv1d(weight, bias, stride, 0, dilation, groups);
    }

    /// <summary>
    /// 2-D transposed convolution of [N, Cin, H, W] with a kernel [Cin, Cout/groups, Kh, Kw] (PyTorch's layout): the
    /// gradient of <see cref="Conv2d(Tensor, Tensor?, int, int, int, int)"/> with respect to its input. Output size is
    /// (H − 1)·stride − 2·padding + dilation·(K − 1) + outputPadding + 1.
    /// </summary>
    public Tensor ConvTranspose2d(Tensor weight, Tensor? bias = null, int stride = 1, int padding = 0, int outputPadding = 0, int dilation = 1, int groups = 1)
        => ConvTranspose2d(weight, bias, (stride, stride), (padding, padding), (outputPadding, outputPadding), (dilation, dilation), groups);

    /// <summary>2-D transposed convolution with separate vertical and horizontal parameters.</summary>
    public Tensor ConvTranspose2d(Tensor weight, Tensor? bias, (int H, int W) stride, (int H, int W) padding,
        (int H, int W) outputPadding, (int H, int W) dilation, int groups = 1)
    {
        if (Rank != 4 || weight.Rank != 4)
            throw new ArgumentException($"ConvTranspose2d: input must be [N, Cin, H, W] and weight [Cin, Cout/groups, Kh, Kw], got {ShapeUtil.Format(Shape)} and {ShapeUtil.Format(weight.Shape)}.");
        CheckConvParams("ConvTranspose2d", stride, padding, dilation, groups);
        if (outputPadding.H < 0 || outputPadding.W < 0 || (outputPadding.H >= stride.H && outputPadding.H >= dilation.H)
            || (outputPadding.W >= stride.W && outputPadding.W >= dilation.W))
            throw new ArgumentException($"ConvTranspose2d: output padding ({outputPadding.H}, {outputPadding.W}) must be smaller than stride or dilation.");
        int n = Shape[0], cin = Shape[1], hin = Shape[2], win = Shape[3];
        int kh = weight.Shape[2], kw = weight.Shape[3];
        if (weight.Shape[0] != cin || cin % groups != 0)
            throw new ArgumentException($"ConvTranspose2d: input {ShapeUtil.Format(Shape)} and weight {ShapeUtil.Format(weight.Shape)} do not match with groups={groups}.");
        int cout = weight.Shape[1] * groups;
        int hout = (hin - 1) * stride.H - 2 * padding.H + dilation.H * (kh - 1) + outputPadding.H + 1;
        int wout = (win - 1) * stride.W - 2 * padding.W + dilation.W * (kw - 1) + outputPadding.W + 1;
        if (hout <= 0 || wout <= 0)
            throw new ArgumentException($"ConvTranspose2d: input {ShapeUtil.Format(Shape)} with weight {ShapeUtil.Format(weight.Shape)} gives an empty output.");
        var geo = new ConvGeometry(n, cout, hout, wout, cin, kh, kw, stride.H, stride.W, padding.H, padding.W, dilation.H, dilation.W, groups, hin, win);
        var y = ConvTransposed(this, weight, geo);
        return bias == null ? y : y.Add(CheckBias(bias, cout, "ConvTranspose2d").Reshape(1, cout, 1, 1));
    }

    // The three bilinear maps of a convolution are each other's adjoints, so every backward below is written with
    // them and gradients of any order exist. On oneDNN each map reorders its inputs into blocked layouts; a
    // ConvOperandCache hands those copies from a map to the next one on the same tensors: the forward's x to the weight
    // gradient, and the output gradient from the input gradient to the weight gradient; on im2col, a transposed
    // convolution's backward hands its gradient's column matrix from one map to the other. Each cache belongs to one node's
    // forward or to one run of its backward, so an entry never outlives the tensors it was made from.

    private static readonly Func<int, float[]> RentStorage = NewStorage;

    /// <summary>y = conv(x, w) + b (b optional); <paramref name="shared"/>: x's reordered copy, from or for the caller.</summary>
    private static Tensor ConvForward(Tensor x, Tensor w, Tensor? b, ConvGeometry geo, ConvOperandCache? shared = null)
    {
        var y = new Tensor(NewStorage(geo.N * geo.O * geo.OutPlane), [geo.N, geo.O, geo.Ho, geo.Wo]);
        var own = new ConvOperandCache(RentStorage) { Source = shared?.Source, ShareColumns = shared?.ShareColumns ?? false, Columns = shared?.Columns };
        ConvKernels.Forward(x.Storage, w.Storage, b?.Storage, geo, y.Storage, own);
        if (shared != null) (shared.Source, shared.Columns) = (own.Source, own.Columns);
        own.Columns = null; // the node keeps x's reordered copy for its weight gradient, never the far larger columns
        Tensor?[] Backward(Tensor g, bool[] need)
        {
            var run = new ConvOperandCache(RentStorage) { Source = own.Source };
            var gx = need[0] ? ConvTransposed(g, w, geo, run) : null;
            var gw = need[1] ? ConvWeightGrad(x, g, w.Shape, geo, run) : null;
            return b is null ? [gx, gw] : [gx, gw, need[2] ? g.Sum([0, 2, 3]) : null];
        }
        return b is null ? Record(y, "Conv2d", [x, w], Backward) : Record(y, "Conv2d", [x, w, b], Backward);
    }

    /// <summary>x-shaped result of the convolution's adjoint applied to gy; <paramref name="shared"/>: gy's reordered copy, from or for the caller.</summary>
    private static Tensor ConvTransposed(Tensor gy, Tensor w, ConvGeometry geo, ConvOperandCache? shared = null)
    {
        var x = new Tensor(NewStorage(geo.N * geo.C * geo.H * geo.W), [geo.N, geo.C, geo.H, geo.W]);
        var own = new ConvOperandCache(RentStorage) { OutputGradient = shared?.OutputGradient };
        ConvKernels.Transposed(gy.Storage, w.Storage, geo, x.Storage, own);
        if (shared != null) shared.OutputGradient = own.OutputGradient;
        return Record(x, "ConvTranspose2d", [gy, w], (h, need) =>
        {
            // Both maps read h's columns: on the im2col path the first gathers them for the second.
            var run = new ConvOperandCache(RentStorage) { OutputGradient = own.OutputGradient, ShareColumns = need[0] && need[1] };
            return [need[0] ? ConvForward(h, w, null, geo, run) : null, need[1] ? ConvWeightGrad(h, gy, w.Shape, geo, run) : null];
        });
    }

    /// <summary>w-shaped gradient of ⟨conv(x, w), gy⟩ with respect to w; <paramref name="shared"/>: reordered copies of x and gy, if the caller has them.</summary>
    private static Tensor ConvWeightGrad(Tensor x, Tensor gy, int[] weightShape, ConvGeometry geo, ConvOperandCache? shared = null)
    {
        var gw = new Tensor(NewStorage(ShapeUtil.SizeOf(weightShape)), (int[])weightShape.Clone());
        ConvKernels.WeightGrad(x.Storage, gy.Storage, geo, gw.Storage, shared);
        return Record(gw, "Conv2dWeightGrad", [x, gy], (u, need) =>
            [need[0] ? ConvTransposed(gy, u, geo) : null, need[1] ? ConvForward(x, u, null, geo) : null]);
    }

    private static void CheckConvParams(string op, (int H, int W) stride, (int H, int W) padding, (int H, int W) dilation, int groups)
    {
        if (stride.H < 1 || stride.W < 1 || dilation.H < 1 || dilation.W < 1 || padding.H < 0 || padding.W < 0 || groups < 1)
            throw new ArgumentException($"{op}: stride ({stride.H}, {stride.W}) and dilation ({dilation.H}, {dilation.W}) must be ≥ 1, padding ({padding.H}, {padding.W}) ≥ 0 and groups ({groups}) ≥ 1.");
    }

    private static Tensor CheckBias(Tensor bias, int channels, string op)
    {
        if (bias.Rank != 1 || bias.Shape[0] != channels)
            throw new ArgumentException($"{op}: bias must be [{channels}], got {ShapeUtil.Format(bias.Shape)}.");
        return bias;
    }
}
