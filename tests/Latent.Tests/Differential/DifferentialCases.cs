using Latent.NN;
using Latent.Tensors;

namespace Latent.Tests.Differential;

/// <summary>
/// The op table of the differential test: each row is a PyTorch expression and the same computation in Latent, with
/// inputs that include the special points (zeros, ties, kinks, infinities, huge logits) where bugs hide.
/// </summary>
public static partial class DifferentialCases
{
    private static DiffInput X(Tensor t) => new(t, Grad: true, Index: false);

    /// <summary>A constant input (targets, masks): no gradient is taken.</summary>
    private static DiffInput K(Tensor t) => new(t, Grad: false, Index: false);

    /// <summary>An index input: whole numbers in Latent, a long tensor in PyTorch.</summary>
    private static DiffInput I(float[] values, params int[] shape) => new(Tensor.FromArray(values, shape), Grad: false, Index: true);

    private static Tensor N(Generator g, params int[] shape) => Tensor.Randn(shape, g);

    private static Tensor Pos(Generator g, params int[] shape) => Tensor.Rand(shape, g, 0.5f, 2f);

    private static Tensor V(float[] values, params int[] shape) => Tensor.FromArray(values, shape);

    /// <summary>Normal samples with every third element exactly 0 (the kinks of relu, abs, sign and friends).</summary>
    private static Tensor WithZeros(Generator g, params int[] shape)
    {
        var t = Tensor.Randn(shape, g);
        for (int i = 0; i < t.Size; i += 3) t.Data[i] = 0f;
        return t;
    }

    /// <summary>Normal samples pushed at least 0.2 away from 0 (for ops whose finite curvature needs no kink).</summary>
    private static Tensor Away(Generator g, params int[] shape)
    {
        var t = Tensor.Randn(shape, g);
        for (int i = 0; i < t.Size; i++) t.Data[i] += t.Data[i] >= 0 ? 0.2f : -0.2f;
        return t;
    }

    /// <summary>Values from {−1, 0, 0.5, 1}: many exact ties.</summary>
    private static Tensor Ties(Generator g, params int[] shape)
    {
        float[] levels = [-1f, 0f, 0.5f, 1f];
        var u = Tensor.Rand(shape, g);
        for (int i = 0; i < u.Size; i++) u.Data[i] = levels[Math.Min(3, (int)(u.Data[i] * 4))];
        return u;
    }

    /// <summary>Distinct values (no ties) in a random order.</summary>
    private static Tensor Distinct(Generator g, params int[] shape)
    {
        int n = shape.Aggregate(1, (a, b) => a * b);
        var perm = Tensor.PermutationIndices(n, g);
        var v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (perm[i] - n / 2f) * 0.37f;
        return Tensor.FromArray(v, shape);
    }

    private static Tensor Labels(Generator g, int n, int classes)
    {
        var t = Tensor.Rand([n], g, 0, classes);
        for (int i = 0; i < n; i++) t.Data[i] = MathF.Floor(t.Data[i]);
        return t;
    }

    private static DifferentialCase C(string name, string torch, Func<Tensor[], Tensor> latent, Func<Generator, DiffInput[]> inputs,
        bool second = true, double atol = 1e-4, double rtol = 1e-4)
        => new(name, torch, latent, inputs, second, atol, rtol);

    /// <summary>Every case, in table order.</summary>
    public static readonly DifferentialCase[] All =
    [
        .. Elementwise(), .. Activations(), .. Reductions(), .. Movement(), .. Products(), .. Convolutions(), .. Pooling(),
        .. Normalization(), .. LossCases(), .. Recurrent(), .. Added(), .. Engine(),
    ];

    private static DifferentialCase[] Elementwise() =>
    [
        C("add broadcast row", "a + b", x => x[0] + x[1], g => [X(N(g, 3, 4)), X(N(g, 4))]),
        C("add broadcast both", "a + b", x => x[0] + x[1], g => [X(N(g, 2, 1, 3)), X(N(g, 4, 1))]),
        C("add rank-0", "a + b", x => x[0] + x[1], g => [X(N(g, 2, 3)), X(V([0.7f], []))]),
        C("sub broadcast column", "a - b", x => x[0] - x[1], g => [X(N(g, 2, 3)), X(N(g, 2, 1))]),
        C("mul broadcast", "a * b", x => x[0] * x[1], g => [X(N(g, 2, 3, 4)), X(N(g, 3, 1))]),
        C("mul with zeros", "a * b", x => x[0] * x[1], g => [X(WithZeros(g, 3, 4)), X(WithZeros(g, 4))]),
        C("div broadcast", "a / b", x => x[0] / x[1], g => [X(N(g, 3, 4)), X(Pos(g, 4))]),
        C("div by negative", "a / b", x => x[0] / x[1], g => [X(N(g, 2, 3)), X(Pos(g, 2, 1) * -1f)]),
        C("pow tensor", "a ** b", x => x[0].Pow(x[1]), g => [X(Pos(g, 3, 2)), X(N(g, 2))]),
        C("pow tensor exponent 0 and 2 at base 0", "torch.pow(a, b)", x => x[0].Pow(x[1]),
            _ => [X(V([0f, 0f, 2f, 0.5f, 0f], 5)), X(V([0f, 2f, 0f, 3f, 1f], 5))], second: false),
        C("pow scalar cube", "a ** 3", x => x[0].Pow(3f), g => [X(WithZeros(g, 6))]),
        C("pow scalar 0 at 0", "a ** 0", x => x[0].Pow(0f), g => [X(WithZeros(g, 6))]),
        C("pow scalar 1.7", "a ** 1.7", x => x[0].Pow(1.7f), g => [X(Pos(g, 6))]),
        C("pow scalar -2", "a ** -2", x => x[0].Pow(-2f), g => [X(Pos(g, 6))]),
        C("square", "a * a", x => x[0].Square(), g => [X(N(g, 2, 3))]),
        C("maximum distinct", "torch.maximum(a, b)", x => x[0].Maximum(x[1]), g => [X(Distinct(g, 3, 4)), X(Distinct(g, 4))]),
        C("maximum ties", "torch.maximum(a, b)", x => x[0].Maximum(x[1]), g => [X(Ties(g, 3, 4)), X(Ties(g, 3, 4))]),
        C("minimum ties broadcast", "torch.minimum(a, b)", x => x[0].Minimum(x[1]), g => [X(Ties(g, 3, 4)), X(Ties(g, 4))]),
        C("maximum with constant at the tie", "torch.maximum(a, torch.zeros(()))", x => x[0].Maximum(0f), g => [X(WithZeros(g, 8))]),
        C("where", "torch.where(c > 0, a, b * b)", x => Tensor.Where(x[2].Gt(0f), x[0], x[1] * x[1]),
            g => [X(N(g, 3, 4)), X(N(g, 4)), K(N(g, 3, 4))]),
        C("add scalar", "a + 1.5", x => x[0] + 1.5f, g => [X(N(g, 5))]),
        C("mul scalar", "a * -2.5", x => x[0] * -2.5f, g => [X(N(g, 5))]),
        C("rsub", "3 - a", x => 3f - x[0], g => [X(N(g, 5))]),
        C("rdiv", "2 / a", x => 2f / x[0], g => [X(Pos(g, 5))]),
        C("neg", "-a", x => -x[0], g => [X(N(g, 4))]),
        C("exp", "torch.exp(a)", x => x[0].Exp(), g => [X(N(g, 2, 3))]),
        C("log", "torch.log(a)", x => x[0].Log(), g => [X(Pos(g, 2, 3))]),
        C("log at 0", "torch.log(a)", x => x[0].Log(), _ => [X(V([0f, 1f, 2f], 3))], second: false),
        C("log1p", "torch.log1p(a)", x => x[0].Log1p(), g => [X(Pos(g, 2, 3))]),
        C("expm1", "torch.expm1(a)", x => x[0].Expm1(), g => [X(N(g, 2, 3))]),
        C("sqrt", "torch.sqrt(a)", x => x[0].Sqrt(), g => [X(Pos(g, 2, 3))]),
        C("sqrt at 0", "torch.sqrt(a)", x => x[0].Sqrt(), _ => [X(V([0f, 4f], 2))], second: false),
        C("rsqrt", "torch.rsqrt(a)", x => x[0].Rsqrt(), g => [X(Pos(g, 2, 3))]),
        C("abs with zeros", "torch.abs(a)", x => x[0].Abs(), g => [X(WithZeros(g, 3, 4))]),
        C("sin", "torch.sin(a)", x => x[0].Sin(), g => [X(N(g, 2, 3))]),
        C("cos", "torch.cos(a)", x => x[0].Cos(), g => [X(N(g, 2, 3))]),
        C("erf", "torch.erf(a)", x => x[0].Erf(), g => [X(N(g, 2, 3))]),
        C("clamp at its bounds", "torch.clamp(a, -0.5, 1.0)", x => x[0].Clamp(-0.5f, 1f),
            _ => [X(V([-0.5f, 1f, 0.2f, -2f, 3f, 1f], 6))]),
        C("clamp composed", "torch.clamp(a, -0.5, 0.7) * a", x => x[0].Clamp(-0.5f, 0.7f) * x[0], g => [X(Away(g, 3, 4))]),
    ];

    private static DifferentialCase[] Activations() =>
    [
        C("relu with zeros", "torch.relu(a)", x => x[0].Relu(), g => [X(WithZeros(g, 3, 4))]),
        C("relu composed", "torch.relu(a) * a", x => x[0].Relu() * x[0], g => [X(WithZeros(g, 3, 4))]),
        C("leaky relu with zeros", "F.leaky_relu(a, 0.2)", x => x[0].LeakyRelu(0.2f), g => [X(WithZeros(g, 3, 4))]),
        C("leaky relu composed", "F.leaky_relu(a, 0.2) * a", x => x[0].LeakyRelu(0.2f) * x[0], g => [X(WithZeros(g, 3, 4))]),
        C("elu with zeros", "F.elu(a, 0.8)", x => x[0].Elu(0.8f), g => [X(WithZeros(g, 3, 4))], second: false),
        C("elu", "F.elu(a, 0.8)", x => x[0].Elu(0.8f), g => [X(Away(g, 3, 4))]),
        C("selu", "F.selu(a)", x => x[0].Selu(), g => [X(Away(g, 3, 4))]),
        C("gelu", "F.gelu(a)", x => x[0].Gelu(), g => [X(WithZeros(g, 3, 4))]),
        C("softplus", "F.softplus(a)", x => x[0].Softplus(), g => [X(N(g, 3, 4))]),
        C("softplus beta", "F.softplus(a, beta=2)", x => x[0].Softplus(2f), g => [X(N(g, 3, 4))]),
        C("softplus beyond threshold", "F.softplus(a, beta=2, threshold=2)", x => x[0].Softplus(2f, 2f),
            _ => [X(V([2f, 1.5f, 0.5f, -1f, 0f, 3f], 6))]),
        C("softplus huge", "F.softplus(a)", x => x[0].Softplus(), _ => [X(V([-100f, -30f, 30f, 100f], 4))]),
        C("sigmoid", "torch.sigmoid(a)", x => x[0].Sigmoid(), g => [X(N(g, 3, 4))]),
        C("sigmoid huge", "torch.sigmoid(a)", x => x[0].Sigmoid(), _ => [X(V([-100f, -20f, 0f, 20f, 100f], 5))]),
        C("logsigmoid", "F.logsigmoid(a)", x => x[0].LogSigmoid(), g => [X(N(g, 3, 4))]),
        C("logsigmoid huge", "F.logsigmoid(a)", x => x[0].LogSigmoid(), _ => [X(V([-100f, -20f, 0f, 20f, 100f], 5))]),
        C("tanh", "torch.tanh(a)", x => x[0].Tanh(), g => [X(N(g, 3, 4))]),
        C("hardtanh at its corners", "F.hardtanh(a)", x => x[0].Hardtanh(), _ => [X(V([-1f, 1f, 0.3f, -2f, 2f, 0f], 6))]),
        C("hardtanh range composed", "F.hardtanh(a, -0.5, 0.5) * a", x => x[0].Hardtanh(-0.5f, 0.5f) * x[0], g => [X(Away(g, 3, 4))]),
        C("silu", "F.silu(a)", x => x[0].Silu(), g => [X(N(g, 3, 4))]),
        C("softmax last", "torch.softmax(a, -1) * b", x => x[0].Softmax(-1) * x[1], g => [X(N(g, 3, 4)), X(N(g, 3, 4))]),
        C("softmax axis 0", "torch.softmax(a, 0)", x => x[0].Softmax(0), g => [X(N(g, 3, 4))]),
        C("softmax huge logits", "torch.softmax(a, -1)", x => x[0].Softmax(-1), _ => [X(V([1000f, 0f, -1000f, 50f, 50f, 50f], 2, 3))]),
        C("log softmax", "torch.log_softmax(a, -1)", x => x[0].LogSoftmax(-1), g => [X(N(g, 3, 4))]),
        C("log softmax axis 1 of 3", "torch.log_softmax(a, 1)", x => x[0].LogSoftmax(1), g => [X(N(g, 2, 3, 2))]),
        C("log softmax huge logits", "torch.log_softmax(a, -1)", x => x[0].LogSoftmax(-1),
            _ => [X(V([1e4f, 0f, -1e4f, 88f, 89f, -89f], 2, 3))]),
        C("log softmax with -inf", "torch.log_softmax(a, -1)", x => x[0].LogSoftmax(-1),
            _ => [X(V([float.NegativeInfinity, 0f, 1f, 2f, float.NegativeInfinity, -1f], 2, 3))], second: false),
    ];

    private static DifferentialCase[] Reductions() =>
    [
        C("sum all", "a.sum() * a.sum()", x => x[0].Sum() * x[0].Sum(), g => [X(N(g, 3, 4))]),
        C("sum axis 0", "a.sum(0) ** 2", x => x[0].Sum(0).Square(), g => [X(N(g, 3, 4))]),
        C("sum axes keepdim", "a.sum((0, 2), keepdim=True) * a", x => x[0].Sum([0, 2], keepDim: true) * x[0], g => [X(N(g, 2, 3, 4))]),
        C("mean", "a.mean(1) ** 2", x => x[0].Mean([1]).Square(), g => [X(N(g, 3, 4))]),
        C("mean negative axis", "a.mean(-1)", x => x[0].Mean(-1), g => [X(N(g, 2, 3, 4))]),
        C("var unbiased", "a.var(1)", x => x[0].Var([1]), g => [X(N(g, 3, 5))]),
        C("var biased all", "a.var(unbiased=False)", x => x[0].Var(correction: 0), g => [X(N(g, 3, 5))]),
        C("std", "a.std((0, 1))", x => x[0].Std([0, 1]), g => [X(N(g, 3, 5))]),
        C("std of constant rows", "a.std(1)", x => x[0].Std([1]), g => [X(Tensor.Full(0.5f, 2, 4))]),
        C("std mixed constant row", "a.std(1)", x => x[0].Std([1]),
            g => [X(Tensor.Concat([Tensor.Full(-1f, 1, 4), Tensor.Randn([2, 4], g)], 0))]),
        C("amax axis distinct", "a.amax(1) ** 2", x => x[0].Max(1).Square(), g => [X(Distinct(g, 3, 4))]),
        C("amax axis ties", "a.amax(1)", x => x[0].Max(1), g => [X(Ties(g, 4, 5))]),
        C("amin all ties", "a.amin()", x => x[0].Min(), g => [X(Ties(g, 3, 4))]),
        C("amax axes keepdim", "a.amax((0, 2), keepdim=True) * a", x => x[0].Max([0, 2], keepDim: true) * x[0], g => [X(Distinct(g, 2, 3, 4))]),
        C("max with indices values", "torch.max(a, 1).values", x => x[0].MaxWithIndices(1).Values, g => [X(Distinct(g, 3, 4))]),
        C("max with indices ties", "torch.max(a, 1).indices.double() + torch.max(a, 1).values",
            x => x[0].MaxWithIndices(1).Indices + x[0].MaxWithIndices(1).Values, _ => [X(V([1f, 1f, 0f, 2f, 0f, 2f], 2, 3))]),
        C("min with indices keepdim", "torch.min(a, 0, keepdim=True).values", x => x[0].MinWithIndices(0, keepDim: true).Values,
            g => [X(Distinct(g, 3, 4))]),
        C("logsumexp", "torch.logsumexp(a, 1)", x => x[0].LogSumExp(1), g => [X(N(g, 3, 4))]),
        C("logsumexp all", "torch.logsumexp(a, (0, 1))", x => x[0].LogSumExp(), g => [X(N(g, 3, 4))]),
        C("logsumexp huge", "torch.logsumexp(a, 1)", x => x[0].LogSumExp(1), _ => [X(V([1e4f, 1e4f, 0f, -1e4f, 3f, -1e4f], 2, 3))]),
        C("logsumexp with -inf", "torch.logsumexp(a, 1)", x => x[0].LogSumExp(1),
            _ => [X(V([float.NegativeInfinity, 0f, 1f, 2f, float.NegativeInfinity, -1f], 2, 3))], second: false),
        C("logsumexp with +inf", "torch.logsumexp(a, 1)", x => x[0].LogSumExp(1),
            _ => [X(V([float.PositiveInfinity, 0f, 1f, 2f, 3f, -1f], 2, 3))], second: false),
        C("norm 2", "a.norm(2, dim=1)", x => x[0].Norm(2, [1]), g => [X(N(g, 3, 4))]),
        // PyTorch's second derivative at the zero row is NaN; Latent's is 0 (SpecialPointTests pins it).
        C("norm 2 with a zero row", "a.norm(2, dim=1)", x => x[0].Norm(2, [1]),
            g => [X(Tensor.Concat([Tensor.Zeros(1, 4), Tensor.Randn([2, 4], g)], 0))], second: false),
        C("norm 1 with zeros", "a.norm(1, dim=1)", x => x[0].Norm(1, [1]), g => [X(WithZeros(g, 3, 4))]),
        C("norm 3", "a.norm(3, dim=0)", x => x[0].Norm(3, [0]), g => [X(Away(g, 3, 4))]),
        C("norm 3 with a zero row", "a.norm(3, dim=1)", x => x[0].Norm(3, [1]),
            g => [X(Tensor.Concat([Tensor.Randn([1, 4], g), Tensor.Zeros(1, 4)], 0))]),
        C("norm inf", "a.norm(float('inf'), dim=1)", x => x[0].Norm(float.PositiveInfinity, [1]), g => [X(Distinct(g, 3, 4))]),
        C("norm inf ties and zero row", "a.norm(float('inf'), dim=1)", x => x[0].Norm(float.PositiveInfinity, [1]),
            _ => [X(V([1f, -1f, 0.5f, 0f, 0f, 0f, 2f, 0f, -1f], 3, 3))]),
        C("norm all keepdim", "a.norm(2, dim=(0, 1), keepdim=True)", x => x[0].Norm(2, [0, 1], keepDim: true), g => [X(N(g, 2, 3))]),
    ];

    private static DifferentialCase[] Movement() =>
    [
        C("reshape", "a.reshape(4, -1) ** 2", x => x[0].Reshape(4, -1).Square(), g => [X(N(g, 2, 6))]),
        C("permute", "a.permute(2, 0, 1) * b", x => x[0].Permute(2, 0, 1) * x[1], g => [X(N(g, 2, 3, 4)), X(N(g, 4, 2, 3))]),
        C("transpose", "a.T @ a", x => x[0].T.MatMul(x[0]), g => [X(N(g, 3, 4))]),
        C("expand", "a.expand(3, 2, 4) ** 2", x => x[0].Expand(3, 2, 4).Square(), g => [X(N(g, 2, 1))]),
        C("repeat", "a.repeat(2, 3) ** 2", x => x[0].Repeat(2, 3).Square(), g => [X(N(g, 2, 2))]),
        C("cat", "torch.cat([a, b * b], 1)", x => Tensor.Concat([x[0], x[1].Square()], 1), g => [X(N(g, 2, 3)), X(N(g, 2, 2))]),
        C("stack", "torch.stack([a, b * b], 1)", x => Tensor.Stack([x[0], x[1].Square()], 1), g => [X(N(g, 2, 3)), X(N(g, 2, 3))]),
        C("narrow", "a.narrow(1, 1, 2) ** 2", x => x[0].Narrow(1, 1, 2).Square(), g => [X(N(g, 3, 4))]),
        C("select", "torch.exp(a[:, -1])", x => x[0].Select(1, -1).Exp(), g => [X(N(g, 3, 4))]),
        C("split", "torch.split(a, [1, 3], 1)[1] ** 2", x => x[0].Split([1, 3], 1)[1].Square(), g => [X(N(g, 2, 4))]),
        C("constant pad", "F.pad(a, (2, 1, 1, 0), value=0.5) ** 2", x => x[0].Pad([(1, 0), (2, 1)], 0.5f).Square(), g => [X(N(g, 2, 3))]),
        C("flip", "torch.flip(a, [1]) * b", x => x[0].Flip(1) * x[1], g => [X(N(g, 3, 4)), X(N(g, 3, 4))]),
        C("flip two axes", "torch.flip(a, [0, 2])", x => x[0].Flip(0, 2), g => [X(N(g, 2, 3, 2))]),
        C("index select repeated", "torch.index_select(a, 0, b) ** 2", x => x[0].IndexSelect(0, [2, 0, 2]).Square(),
            g => [X(N(g, 3, 4)), I([2, 0, 2], 3)]),
        C("index select by tensor", "torch.index_select(a, 1, b)", x => x[0].IndexSelect(1, x[1]),
            g => [X(N(g, 2, 4)), I([3, 3, 1, 0, 1], 5)]),
        C("index add", "torch.zeros(2, 3).index_add(1, b, a) ** 2", x => x[0].IndexAdd(1, [1, 1, 0], 3).Square(),
            g => [X(N(g, 2, 3)), I([1, 1, 0], 3)]),
        C("gather", "torch.gather(a, 1, b) ** 2", x => x[0].Gather(1, x[1]).Square(), g => [X(N(g, 2, 4)), I([0, 2, 2, 1, 0, 0], 2, 3)]),
        C("gather axis 0", "torch.gather(a, 0, b)", x => x[0].Gather(0, x[1]), g => [X(N(g, 3, 2)), I([2, 0, 1, 1], 2, 2)]),
        C("scatter add", "a.scatter_add(1, c, b) ** 2", x => x[0].ScatterAdd(1, x[2], x[1]).Square(),
            g => [X(N(g, 2, 4)), X(N(g, 2, 3)), I([0, 2, 2, 1, 3, 0], 2, 3)]),
        C("scatter add axis 0", "a.scatter_add(0, c, b)", x => x[0].ScatterAdd(0, x[2], x[1]),
            g => [X(N(g, 3, 2)), X(N(g, 2, 2)), I([2, 2, 0, 2], 2, 2)]),
    ];

    private static DifferentialCase[] Products() =>
    [
        C("matmul", "a @ b", x => x[0].MatMul(x[1]), g => [X(N(g, 3, 4)), X(N(g, 4, 5))]),
        C("matmul transA", "a.T @ b", x => x[0].MatMul(x[1], transA: true), g => [X(N(g, 4, 3)), X(N(g, 4, 5))]),
        C("matmul transB", "a @ b.T", x => x[0].MatMul(x[1], transB: true), g => [X(N(g, 3, 4)), X(N(g, 5, 4))]),
        C("matmul both transposed", "a.T @ b.T", x => x[0].MatMul(x[1], true, true), g => [X(N(g, 4, 3)), X(N(g, 5, 4))]),
        C("matmul batched", "a @ b", x => x[0].MatMul(x[1]), g => [X(N(g, 2, 3, 4)), X(N(g, 2, 4, 2))]),
        C("matmul batch broadcast", "a @ b", x => x[0].MatMul(x[1]), g => [X(N(g, 2, 1, 3, 4)), X(N(g, 3, 4, 2))]),
        C("matmul shared right", "a @ b.T", x => x[0].MatMul(x[1], transB: true), g => [X(N(g, 2, 3, 4)), X(N(g, 5, 4))]),
        C("matmul vector-matrix", "a @ b", x => x[0].MatMul(x[1]), g => [X(N(g, 4)), X(N(g, 4, 3))]),
        C("matmul matrix-vector", "a @ b", x => x[0].MatMul(x[1]), g => [X(N(g, 3, 4)), X(N(g, 4))]),
        C("matmul squared", "(a @ b) ** 2", x => x[0].MatMul(x[1]).Square(), g => [X(N(g, 3, 4)), X(N(g, 4, 2))]),
        C("matmul large", "a @ b", x => x[0].MatMul(x[1]), g => [X(N(g, 17, 33)), X(N(g, 33, 9))], atol: 3e-4),
        C("linear", "torch.tanh(F.linear(a, b, c))", x => x[0].Linear(x[1], x[2]).Tanh(), g => [X(N(g, 5, 3)), X(N(g, 4, 3)), X(N(g, 4))]),
        C("linear batched", "F.linear(a, b, c) ** 2", x => x[0].Linear(x[1], x[2]).Square(), g => [X(N(g, 2, 3, 4)), X(N(g, 5, 4)), X(N(g, 5))]),
    ];

    private static DifferentialCase[] Convolutions() =>
    [
        C("conv2d padded with bias", "F.conv2d(a, b, c, padding=1)", x => x[0].Conv2d(x[1], x[2], padding: 1),
            g => [X(N(g, 2, 3, 5, 5)), X(N(g, 4, 3, 3, 3)), X(N(g, 4))], atol: 3e-4),
        C("conv2d strided", "F.conv2d(a, b, stride=2, padding=1)", x => x[0].Conv2d(x[1], null, stride: 2, padding: 1),
            g => [X(N(g, 1, 2, 7, 7)), X(N(g, 3, 2, 4, 4))], atol: 3e-4),
        C("conv2d dilated", "F.conv2d(a, b, dilation=2, padding=2)", x => x[0].Conv2d(x[1], null, padding: 2, dilation: 2),
            g => [X(N(g, 1, 2, 6, 6)), X(N(g, 2, 2, 3, 3))], atol: 3e-4),
        C("conv2d grouped", "F.conv2d(a, b, groups=2)", x => x[0].Conv2d(x[1], null, groups: 2),
            g => [X(N(g, 2, 4, 4, 4)), X(N(g, 6, 2, 2, 2))], atol: 3e-4),
        C("conv2d depthwise", "F.conv2d(a, b, padding=1, groups=3)", x => x[0].Conv2d(x[1], null, padding: 1, groups: 3),
            g => [X(N(g, 1, 3, 4, 4)), X(N(g, 3, 1, 3, 3))], atol: 3e-4),
        C("conv2d asymmetric geometry", "F.conv2d(a, b, stride=(2, 1), padding=(1, 0), dilation=(2, 1), groups=2)",
            x => x[0].Conv2d(x[1], null, (2, 1), (1, 0), (2, 1), groups: 2), g => [X(N(g, 1, 4, 7, 6)), X(N(g, 6, 2, 3, 2))], atol: 3e-4),
        C("conv2d squared", "F.conv2d(a, b, stride=2, padding=1) ** 2", x => x[0].Conv2d(x[1], null, stride: 2, padding: 1).Square(),
            g => [X(N(g, 1, 2, 5, 5)), X(N(g, 2, 2, 3, 3))], atol: 3e-4, rtol: 3e-4),
        C("conv2d dense", "F.conv2d(a, b)", x => x[0].Conv2d(x[1]), g => [X(N(g, 3, 2, 3, 3)), X(N(g, 4, 2, 3, 3))], atol: 3e-4),
        C("conv2d 1x1", "F.conv2d(a, b, c)", x => x[0].Conv2d(x[1], x[2]), g => [X(N(g, 2, 3, 3, 2)), X(N(g, 5, 3, 1, 1)), X(N(g, 5))]),
        C("conv1d", "F.conv1d(a, b, c, stride=2, padding=1, dilation=2)", x => x[0].Conv1d(x[1], x[2], stride: 2, padding: 1, dilation: 2),
            g => [X(N(g, 2, 3, 9)), X(N(g, 4, 3, 3)), X(N(g, 4))], atol: 3e-4),
        C("conv1d grouped", "F.conv1d(a, b, groups=2, padding=2)", x => x[0].Conv1d(x[1], null, padding: 2, groups: 2),
            g => [X(N(g, 1, 4, 6)), X(N(g, 4, 2, 3))], atol: 3e-4),
        C("conv transpose2d", "F.conv_transpose2d(a, b, c, stride=2, padding=1)", x => x[0].ConvTranspose2d(x[1], x[2], stride: 2, padding: 1),
            g => [X(N(g, 2, 3, 3, 3)), X(N(g, 3, 2, 4, 4)), X(N(g, 2))], atol: 3e-4),
        C("conv transpose2d output padding grouped", "F.conv_transpose2d(a, b, stride=2, padding=1, output_padding=1, groups=2)",
            x => x[0].ConvTranspose2d(x[1], null, stride: 2, padding: 1, outputPadding: 1, groups: 2),
            g => [X(N(g, 1, 4, 3, 3)), X(N(g, 4, 3, 3, 3))], atol: 3e-4),
        C("conv transpose2d dilated", "F.conv_transpose2d(a, b, stride=2, padding=1, output_padding=1, dilation=2)",
            x => x[0].ConvTranspose2d(x[1], null, stride: 2, padding: 1, outputPadding: 1, dilation: 2),
            g => [X(N(g, 1, 2, 3, 3)), X(N(g, 2, 3, 3, 3))], atol: 3e-4),
        C("conv transpose2d asymmetric", "F.conv_transpose2d(a, b, stride=(2, 1), padding=(0, 1))",
            x => x[0].ConvTranspose2d(x[1], null, (2, 1), (0, 1), (0, 0), (1, 1)), g => [X(N(g, 1, 2, 3, 4)), X(N(g, 2, 2, 3, 3))], atol: 3e-4),
        C("conv transpose2d squared", "F.conv_transpose2d(a, b, stride=2, padding=1) ** 2",
            x => x[0].ConvTranspose2d(x[1], null, stride: 2, padding: 1).Square(), g => [X(N(g, 1, 2, 3, 3)), X(N(g, 2, 2, 4, 4))],
            atol: 3e-4, rtol: 3e-4),
        C("conv transpose2d from 1x1", "F.conv_transpose2d(a, b)", x => x[0].ConvTranspose2d(x[1]), g => [X(N(g, 3, 4, 1, 1)), X(N(g, 4, 2, 3, 3))]),
    ];

    private static DifferentialCase[] Pooling() =>
    [
        C("max pool2d", "F.max_pool2d(a, 2)", x => x[0].MaxPool2d(2), g => [X(Distinct(g, 2, 2, 4, 4))]),
        C("max pool2d padded dilated", "F.max_pool2d(a, 3, stride=2, padding=1, dilation=2) ** 2",
            x => x[0].MaxPool2d(3, stride: 2, padding: 1, dilation: 2).Square(), g => [X(Distinct(g, 1, 2, 7, 7))]),
        C("max pool2d ties", "F.max_pool2d(a, 2, stride=1)", x => x[0].MaxPool2d(2, stride: 1), g => [X(Ties(g, 1, 2, 4, 4))]),
        C("max pool2d overlapping", "F.max_pool2d(a, 3, stride=2, padding=1)", x => x[0].MaxPool2d(3, stride: 2, padding: 1),
            g => [X(Distinct(g, 2, 1, 6, 5))]),
        C("avg pool2d", "F.avg_pool2d(a, 2) ** 2", x => x[0].AvgPool2d(2).Square(), g => [X(N(g, 2, 2, 4, 4))]),
        C("avg pool2d padded include pad", "F.avg_pool2d(a, 3, stride=2, padding=1)", x => x[0].AvgPool2d(3, stride: 2, padding: 1),
            g => [X(N(g, 1, 2, 5, 5))]),
        C("avg pool2d padded exclude pad", "F.avg_pool2d(a, 3, stride=2, padding=1, count_include_pad=False) ** 2",
            x => x[0].AvgPool2d(3, stride: 2, padding: 1, countIncludePad: false).Square(), g => [X(N(g, 1, 2, 5, 5))]),
        C("adaptive avg pool2d", "F.adaptive_avg_pool2d(a, (3, 2)) ** 2", x => x[0].AdaptiveAvgPool2d(3, 2).Square(), g => [X(N(g, 1, 2, 5, 5))]),
        C("adaptive avg pool2d upscale", "F.adaptive_avg_pool2d(a, (4, 5))", x => x[0].AdaptiveAvgPool2d(4, 5), g => [X(N(g, 1, 1, 3, 3))]),
        C("global avg pool", "a.mean((2, 3), keepdim=True) ** 2", x => x[0].GlobalAvgPool2d().Square(), g => [X(N(g, 2, 3, 3, 3))]),
        C("upsample nearest", "F.interpolate(a, scale_factor=2, mode='nearest') ** 2", x => x[0].UpsampleNearest(2).Square(),
            g => [X(N(g, 1, 2, 3, 3))]),
        C("upsample nearest to size", "F.interpolate(a, size=(7, 4), mode='nearest')", x => x[0].UpsampleNearest(7, 4), g => [X(N(g, 1, 2, 5, 3))]),
        C("upsample bilinear", "F.interpolate(a, scale_factor=2, mode='bilinear', align_corners=False) ** 2",
            x => x[0].UpsampleBilinear(2).Square(), g => [X(N(g, 1, 2, 3, 3))]),
        C("upsample bilinear to size", "F.interpolate(a, size=(5, 7), mode='bilinear', align_corners=False)",
            x => x[0].UpsampleBilinear(5, 7), g => [X(N(g, 1, 2, 3, 4))]),
        C("upsample bilinear align corners", "F.interpolate(a, size=(5, 7), mode='bilinear', align_corners=True) ** 2",
            x => x[0].UpsampleBilinear(5, 7, alignCorners: true).Square(), g => [X(N(g, 1, 2, 3, 4))]),
    ];

    private static DifferentialCase[] Normalization() =>
    [
        C("batch norm affine 4-d", "F.batch_norm(a, None, None, b, c, training=True, eps=1e-5)",
            x => x[0].BatchNorm(x[1], x[2], 1e-5f, out _, out _), g => [X(N(g, 3, 2, 4, 5)), X(N(g, 2)), X(N(g, 2))], atol: 3e-4, rtol: 1e-3),
        C("batch norm 2-d", "F.batch_norm(a, None, None, training=True, eps=1e-5)", x => x[0].BatchNorm(null, null, 1e-5f, out _, out _),
            g => [X(N(g, 5, 3))], atol: 3e-4, rtol: 1e-3),
        C("batch norm 3-d weight only", "F.batch_norm(a, None, None, b, training=True, eps=1e-3) ** 2",
            x => x[0].BatchNorm(x[1], null, 1e-3f, out _, out _).Square(), g => [X(N(g, 2, 3, 17)), X(N(g, 3))], atol: 3e-4, rtol: 1e-3),
        C("batch norm + relu fused", "F.relu(F.batch_norm(a, None, None, b, c, training=True, eps=1e-5))",
            x => x[0].BatchNormRectified(x[1], x[2], 1e-5f, 0f, out _, out _), g => [X(N(g, 3, 2, 4, 5)), X(N(g, 2)), X(N(g, 2))], atol: 3e-4, rtol: 1e-3),
        C("batch norm + leaky relu fused", "F.leaky_relu(F.batch_norm(a, None, None, training=True, eps=1e-3), 0.2) ** 2",
            x => x[0].BatchNormRectified(null, null, 1e-3f, 0.2f, out _, out _).Square(), g => [X(N(g, 2, 3, 17))], atol: 3e-4, rtol: 1e-3),
        C("layer norm", "F.layer_norm(a, (4,), b, c)", x => Functional.LayerNorm(x[0], 1, x[1], x[2]),
            g => [X(N(g, 3, 4)), X(N(g, 4)), X(N(g, 4))], atol: 3e-4, rtol: 1e-3),
        C("layer norm two axes", "F.layer_norm(a, (3, 4))", x => Functional.LayerNorm(x[0], 2), g => [X(N(g, 2, 3, 4))], atol: 3e-4, rtol: 1e-3),
        C("group norm", "F.group_norm(a, 2, b, c)", x => Functional.GroupNorm(x[0], 2, x[1], x[2]),
            g => [X(N(g, 2, 4, 3)), X(N(g, 4)), X(N(g, 4))], atol: 3e-4, rtol: 1e-3),
        C("instance norm", "F.instance_norm(a, weight=b, bias=c)", x => Functional.InstanceNorm(x[0], x[1], x[2]),
            g => [X(N(g, 2, 2, 3, 3)), X(N(g, 2)), X(N(g, 2))], atol: 3e-4, rtol: 1e-3),
        C("cosine similarity", "F.cosine_similarity(a, b, dim=-1, eps=1e-12)", x => Functional.CosineSimilarity(x[0], x[1]),
            g => [X(N(g, 3, 4)), X(N(g, 3, 4))]),
        C("pairwise distance", "torch.sqrt(((a - b) ** 2).sum(-1) + 1e-12)", x => Functional.PairwiseDistance(x[0], x[1]),
            g => [X(N(g, 3, 4)), X(N(g, 3, 4))]),
    ];

    private static DifferentialCase[] LossCases() =>
    [
        C("mse", "F.mse_loss(a, b)", x => Losses.Mse(x[0], x[1]), g => [X(N(g, 3, 4)), X(N(g, 3, 4))]),
        C("l1 with zero residuals", "F.l1_loss(a, b, reduction='sum')", x => Losses.L1(x[0], x[1], Reduction.Sum),
            g => { var a = N(g, 3, 4); var b = N(g, 3, 4); b.Data[0] = a.Data[0]; b.Data[5] = a.Data[5]; return [X(a), X(b)]; }),
        C("lp 3", "(torch.abs(a - b) ** 3).mean()", x => Losses.Lp(x[0], x[1], 3f), g => [X(N(g, 3, 4)), X(N(g, 3, 4))]),
        C("huber", "F.huber_loss(a, b, delta=0.5)", x => Losses.Huber(x[0], x[1], 0.5f), g => [X(N(g, 3, 4)), X(N(g, 3, 4))]),
        C("huber at delta", "F.huber_loss(a, b, delta=0.5, reduction='none')", x => Losses.Huber(x[0], x[1], 0.5f, Reduction.None),
            _ => [X(V([0.5f, -0.5f, 0.25f, 1f], 4)), X(Tensor.Zeros(4))]),
        C("cross entropy", "F.cross_entropy(a, b)", x => Losses.CrossEntropy(x[0], x[1]), g => [X(N(g, 4, 5)), I(Labels(g, 4, 5).ToArray(), 4)]),
        C("cross entropy weighted smoothed", "F.cross_entropy(a, b, weight=c, label_smoothing=0.1)",
            x => Losses.CrossEntropy(x[0], x[1], x[2], labelSmoothing: 0.1f),
            g => [X(N(g, 4, 3)), I(Labels(g, 4, 3).ToArray(), 4), K(Pos(g, 3))]),
        C("cross entropy spatial", "F.cross_entropy(a, b)", x => Losses.CrossEntropy(x[0], x[1]),
            g => [X(N(g, 2, 3, 2, 2)), I(Enumerable.Range(0, 8).Select(i => (float)(i % 3)).ToArray(), 2, 2, 2)]),
        C("cross entropy soft targets", "F.cross_entropy(a, b)", x => Losses.CrossEntropy(x[0], x[1]),
            g => [X(N(g, 3, 4)), K(Tensor.Rand([3, 4], g).Softmax(-1))]),
        C("cross entropy huge logits", "F.cross_entropy(a, b)", x => Losses.CrossEntropy(x[0], x[1]),
            _ => [X(V([1e4f, 0f, -1e4f, -50f, 50f, 0f], 2, 3)), I([2, 1], 2)]),
        C("nll", "F.nll_loss(a, b)", x => Losses.Nll(x[0], x[1]), g => [X(N(g, 4, 3)), I(Labels(g, 4, 3).ToArray(), 4)]),
        C("bce", "F.binary_cross_entropy(a, b)", x => Losses.BinaryCrossEntropy(x[0], x[1]),
            g => [X(Tensor.Rand([3, 4], g, 0.05f, 0.95f)), K(Tensor.Rand([3, 4], g))]),
        C("bce weighted", "F.binary_cross_entropy(a, b, weight=c)", x => Losses.BinaryCrossEntropy(x[0], x[1], x[2]),
            g => [X(Tensor.Rand([3, 4], g, 0.05f, 0.95f)), K(Tensor.Rand([3, 4], g)), K(Pos(g, 4))]),
        C("bce with logits", "F.binary_cross_entropy_with_logits(a, b)", x => Losses.BinaryCrossEntropyWithLogits(x[0], x[1]),
            g => [X(N(g, 3, 4)), X(Tensor.Rand([3, 4], g))]),
        C("bce with logits huge and zero", "F.binary_cross_entropy_with_logits(a, b, reduction='none')",
            x => Losses.BinaryCrossEntropyWithLogits(x[0], x[1], reduction: Reduction.None),
            _ => [X(V([-100f, 100f, 0f, 0f, 30f, -30f], 6)), K(V([1f, 0f, 1f, 0.5f, 1f, 0f], 6))]),
        C("bce with logits pos weight at logit 0", "F.binary_cross_entropy_with_logits(a, b, pos_weight=c, reduction='sum')",
            x => Losses.BinaryCrossEntropyWithLogits(x[0], x[1], x[2], reduction: Reduction.Sum),
            _ => [X(Tensor.Zeros(2, 3)), K(V([1f, 0f, 0.3f, 1f, 1f, 0f], 2, 3)), K(V([3f, 0.5f, 2f], 3))]),
        C("bce with logits pos weight", "F.binary_cross_entropy_with_logits(a, b, pos_weight=c)",
            x => Losses.BinaryCrossEntropyWithLogits(x[0], x[1], x[2]), g => [X(N(g, 3, 4)), K(Tensor.Rand([3, 4], g)), K(Pos(g, 4))]),
        C("bce with logits pos weight huge", "F.binary_cross_entropy_with_logits(a, b, pos_weight=c, reduction='none')",
            x => Losses.BinaryCrossEntropyWithLogits(x[0], x[1], x[2], reduction: Reduction.None),
            _ => [X(V([-100f, 100f, -30f, 30f], 4)), K(V([1f, 0f, 1f, 1f], 4)), K(V([2f], 1))]),
        C("kl categorical from logits", "F.kl_div(torch.log_softmax(b, -1), torch.log_softmax(a, -1), reduction='batchmean', log_target=True)",
            x => Losses.KlDivergenceCategorical(x[0], x[1]), g => [X(N(g, 3, 4)), X(N(g, 3, 4))]),
        C("kl categorical with zero probabilities", "(torch.xlogy(a, a) - a * torch.log_softmax(b, -1)).sum() / 2",
            x => Losses.KlDivergenceCategorical(x[0], x[1].LogSoftmax(-1).Exp(), fromLogits: false),
            _ => [K(V([0f, 0.5f, 0.5f, 1f, 0f, 0f], 2, 3)), X(V([0.1f, -0.2f, 0.3f, 1f, 0f, -1f], 2, 3))]),
        C("kl standard normal", "(-0.5 * (1 + b - a ** 2 - torch.exp(b))).sum() / a.shape[0]",
            x => Losses.KlDivergenceStandardNormal(x[0], x[1]), g => [X(N(g, 3, 4)), X(N(g, 3, 4))]),
        C("cosine embedding", "F.cosine_embedding_loss(a, b, c, margin=0.2)", x => Losses.CosineEmbedding(x[0], x[1], x[2], 0.2f),
            _ => [X(V([1f, 2f, -1f, 0.5f, 0.1f, 0.3f], 3, 2)), X(V([0.5f, -1f, 2f, 1f, 0.3f, 0.2f], 3, 2)), K(V([1f, -1f, -1f], 3))]),
        C("hinge at the margin", "torch.relu(1 - b * a).mean()", x => Losses.Hinge(x[0], x[1]),
            _ => [X(V([2f, 0.5f, -0.3f, 1f, -1f, 0f], 6)), K(V([1f, 1f, -1f, 1f, -1f, -1f], 6))]),
        // PyTorch has no double backward for multi_margin_loss.
        C("multi margin", "F.multi_margin_loss(a, b)", x => Losses.MultiMargin(x[0], x[1]), g => [X(Distinct(g, 3, 4)), I([0, 3, 1], 3)], second: false),
        C("gaussian nll", "F.gaussian_nll_loss(a, b, c)", x => Losses.GaussianNll(x[0], x[1], x[2]),
            g => [X(N(g, 3, 4)), X(N(g, 3, 4)), X(Pos(g, 3, 4))]),
        C("contrastive", "(c * ((a - b) ** 2).sum(-1) + (1 - c) * torch.clamp(1.5 - torch.sqrt(((a - b) ** 2).sum(-1) + 1e-12), min=0) ** 2).mean()",
            x => Losses.Contrastive(x[0], x[1], x[2], 1.5f), g => [X(N(g, 4, 3) * 0.5f), X(N(g, 4, 3) * 0.5f), K(V([1f, 0f, 0f, 1f], 4))]),
    ];

    private static DifferentialCase[] Recurrent() =>
    [
        C("lstm", "lstm(a, b, c, d, e)", x => LstmForward(x, bidirectional: false),
            g => [X(N(g, 4, 2, 3)), X(N(g, 12, 3) * 0.5f), X(N(g, 12, 3) * 0.5f), X(N(g, 12) * 0.5f), X(N(g, 12) * 0.5f)], atol: 2e-4, rtol: 1e-3),
        C("wgan-gp critic objective", "wgan_gp(a, b, c, d, e, f, g, h, i)", WganGpObjective,
            g => [K(N(g, 4, 3)), K(N(g, 4, 3)), K(Tensor.Rand([4, 1], g)), X(N(g, 6, 3) * 0.7f), X(N(g, 6) * 0.1f),
                X(N(g, 5, 6) * 0.5f), X(N(g, 5) * 0.1f), X(N(g, 1, 5) * 0.5f), X(N(g, 1) * 0.1f)], atol: 3e-4, rtol: 1e-3),
        C("wgan-gp critic objective gradient in the inputs", "wgan_gp(a, b, c, d, e, f, g, h, i)", WganGpObjective,
            g => [X(N(g, 3, 2)), X(N(g, 3, 2)), K(Tensor.Rand([3, 1], g)), K(N(g, 6, 2) * 0.7f), K(N(g, 6) * 0.1f),
                K(N(g, 5, 6) * 0.5f), K(N(g, 5) * 0.1f), K(N(g, 1, 5) * 0.5f), K(N(g, 1) * 0.1f)], atol: 3e-4, rtol: 1e-3),
        // The WGAN-GP failure: a ReLU critic with all units off for one sample, ‖∇ₓD‖ = 0 there. (PyTorch's
        // third derivative through the zero norm is NaN, so only first order is compared.)
        C("wgan-gp relu critic with a dead sample", "wgan_gp(a, b, c, d, e, f, g, h, i, slope=0.0)", x => WganGpObjective(x, 0f),
            DeadSampleCritic, second: false, atol: 1e-3, rtol: 1e-3),
    ];

    /// <summary>A single-layer LSTM from zero states with its weights as inputs; bidirectional with a second set.</summary>
    private static Tensor LstmForward(Tensor[] x, bool bidirectional)
    {
        int batch = x[0].Shape[1], hidden = x[2].Shape[1];
        var zeros = Tensor.Zeros(batch, hidden);
        var forward = Functional.LstmLayer(x[0], x[1], x[2], x[3], x[4], zeros, zeros).Output;
        if (!bidirectional) return forward;
        var backward = Functional.LstmLayer(x[0], x[5], x[6], x[7], x[8], zeros, zeros, reverse: true).Output;
        return Tensor.Concat([forward, backward], 2);
    }

    /// <summary>A ReLU critic (weights as inputs 3–8) that is on for the first sample and has every unit off for the second.</summary>
    private static DiffInput[] DeadSampleCritic(Generator g)
    {
        var x = V([10f, 10f, 10f, 0.1f, 0.2f, 0.3f], 2, 3);
        var w1 = N(g, 6, 3);
        for (int j = 0; j < 6; j++) w1.Data[j * 3] = 50f + Math.Abs(w1.Data[j * 3]);
        return [K(x), K(x), K(Tensor.Full(0.5f, 2, 1)), X(w1), X(Tensor.Full(-100f, 6)), X(N(g, 5, 6) * 0.1f), X(Tensor.Full(1f, 5)),
            X(N(g, 1, 5)), X(N(g, 1))];
    }

    /// <summary>D(fake) − D(real) + 10·(‖∇D(x̂)‖ − 1)² with a leaky-ReLU critic; the penalty uses the public Norm.</summary>
    private static Tensor WganGpObjective(Tensor[] x) => WganGpObjective(x, 0.2f);

    private static Tensor WganGpObjective(Tensor[] x, float slope)
    {
        Tensor Critic(Tensor v) => v.Linear(x[3], x[4]).LeakyRelu(slope).Linear(x[5], x[6]).LeakyRelu(slope).Linear(x[7], x[8]);
        var xHat = x[2] * x[0] + (1f - x[2]) * x[1];
        if (!xHat.RequiresGrad) xHat = xHat.Detach().RequireGrad();
        var gradient = Autograd.Grad(Critic(xHat).Sum(), xHat, createGraph: true);
        var penalty = (gradient.Norm(2, [1]) - 1f).Square().Mean();
        return Critic(x[1]).Mean() - Critic(x[0]).Mean() + 10f * penalty;
    }
}
