using Latent.NN;
using Latent.Tensors;

namespace Latent.Tests.Tensors;

/// <summary>A differentiable op under test: how to call it and how to draw inputs it is smooth at.</summary>
public sealed record OpCase(string Name, Func<Tensor[], Tensor> F, Func<Generator, Tensor[]> Inputs, bool SecondOrder)
{
    public override string ToString() => Name;
}

/// <summary>Every differentiable engine op with inputs chosen away from kinks and ties.</summary>
public static class OpCases
{
    private static Tensor N(Generator g, params int[] shape) => Tensor.Randn(shape, g);

    /// <summary>Normal samples pushed at least 0.2 away from zero (kinks of relu, abs, clamp at 0).</summary>
    private static Tensor Away(Generator g, params int[] shape)
    {
        var t = Tensor.Randn(shape, g);
        var d = t.Data;
        for (int i = 0; i < d.Length; i++) d[i] = d[i] >= 0 ? d[i] + 0.2f : d[i] - 0.2f;
        return t;
    }

    private static Tensor Pos(Generator g, params int[] shape) => Tensor.Rand(shape, g, 0.5f, 2f);

    /// <summary>Distinct values (no ties) for max/min/sort-like ops.</summary>
    private static Tensor Distinct(Generator g, params int[] shape)
    {
        int n = ShapeSize(shape);
        var perm = Tensor.PermutationIndices(n, g);
        var v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (perm[i] - n / 2f) * 0.37f;
        return Tensor.FromArray(v, shape);
    }

    private static int ShapeSize(int[] s) => s.Aggregate(1, (a, b) => a * b);

    private static OpCase C(string name, Func<Tensor[], Tensor> f, Func<Generator, Tensor[]> inputs, bool second = true)
        => new(name, f, inputs, second);

    public static readonly OpCase[] All =
    [
        // Binary ops with broadcasting.
        C("Add", x => x[0] + x[1], g => [N(g, 3, 4), N(g, 3, 4)]),
        C("Add broadcast row", x => x[0] + x[1], g => [N(g, 3, 4), N(g, 4)]),
        C("Add broadcast both", x => x[0] + x[1], g => [N(g, 2, 1, 3), N(g, 4, 1)]),
        C("Sub broadcast", x => x[0] - x[1], g => [N(g, 2, 3), N(g, 2, 1)]),
        C("Mul broadcast", x => x[0] * x[1], g => [N(g, 2, 3, 4), N(g, 3, 1)]),
        C("Div broadcast", x => x[0] / x[1], g => [N(g, 3, 4), Pos(g, 4)]),
        C("Pow tensor", x => x[0].Pow(x[1]), g => [Pos(g, 3, 2), N(g, 2)]),
        C("Maximum", x => x[0].Maximum(x[1]), g => [Distinct(g, 3, 4), Distinct(g, 4)]),
        C("Minimum", x => x[0].Minimum(x[1]), g => [Distinct(g, 3, 4), Distinct(g, 3, 1)]),
        C("Maximum composed", x => (x[0] * x[0] + 0.1f).Maximum(x[1]).Square(), g => [Distinct(g, 3, 4), Distinct(g, 4)]),
        C("Minimum with constant composed", x => x[0].Minimum(-0.05f).Square() * x[0], g => [Away(g, 3, 4)]),
        C("Where", x => Tensor.Where(x[0].Gt(0f), x[1], x[2] * x[2]), g => [N(g, 3, 4), N(g, 3, 4), N(g, 4)]),
        C("AddScalar", x => x[0] + 1.5f, g => [N(g, 5)]),
        C("MulScalar", x => x[0] * -2.5f, g => [N(g, 5)]),
        C("RSub", x => 3f - x[0], g => [N(g, 5)]),
        C("RDiv", x => 2f / x[0], g => [Pos(g, 5)]),
        C("PowScalar", x => x[0].Pow(3f), g => [N(g, 6)]),
        C("PowScalar fractional", x => x[0].Pow(1.7f), g => [Pos(g, 6)]),
        C("Square", x => x[0].Square(), g => [N(g, 6)]),
        // Elementwise math.
        C("Neg", x => -x[0], g => [N(g, 4)]),
        C("Exp", x => x[0].Exp(), g => [N(g, 2, 3)]),
        C("Log", x => x[0].Log(), g => [Pos(g, 2, 3)]),
        C("Log1p", x => x[0].Log1p(), g => [Pos(g, 2, 3)]),
        C("Expm1", x => x[0].Expm1(), g => [N(g, 2, 3)]),
        C("Sqrt", x => x[0].Sqrt(), g => [Pos(g, 2, 3)]),
        C("Rsqrt", x => x[0].Rsqrt(), g => [Pos(g, 2, 3)]),
        C("Abs", x => x[0].Abs(), g => [Away(g, 2, 3)]),
        C("Sin", x => x[0].Sin(), g => [N(g, 2, 3)]),
        C("Cos", x => x[0].Cos(), g => [N(g, 2, 3)]),
        C("Erf", x => x[0].Erf(), g => [N(g, 2, 3)]),
        C("Clamp", x => x[0].Clamp(-0.5f, 0.7f) * x[0], g => [Away(g, 3, 4)]),
        // Activations.
        C("Relu", x => x[0].Relu() * x[0], g => [Away(g, 3, 4)]),
        C("LeakyRelu", x => x[0].LeakyRelu(0.2f) * x[0], g => [Away(g, 3, 4)]),
        C("Elu", x => x[0].Elu(0.8f), g => [Away(g, 3, 4)]),
        C("Selu", x => x[0].Selu(), g => [Away(g, 3, 4)]),
        C("Gelu", x => x[0].Gelu(), g => [N(g, 3, 4)]),
        C("Softplus", x => x[0].Softplus(), g => [N(g, 3, 4)]),
        C("Softplus beta", x => x[0].Softplus(2f), g => [N(g, 3, 4)]),
        C("Sigmoid", x => x[0].Sigmoid(), g => [N(g, 3, 4)]),
        C("LogSigmoid", x => x[0].LogSigmoid(), g => [N(g, 3, 4)]),
        C("Tanh", x => x[0].Tanh(), g => [N(g, 3, 4)]),
        C("Hardtanh", x => x[0].Hardtanh() * x[0], g => [Away(g, 3, 4)]),
        C("Silu", x => x[0].Silu(), g => [N(g, 3, 4)]),
        // Reductions.
        C("Sum all", x => x[0].Sum() * x[0].Sum(), g => [N(g, 3, 4)]),
        C("Sum axis 0", x => x[0].Sum(0).Square(), g => [N(g, 3, 4)]),
        C("Sum axes 0,2 keepDim", x => x[0].Sum([0, 2], keepDim: true) * x[0], g => [N(g, 2, 3, 4)]),
        C("Sum middle axis", x => x[0].Sum(1).Sin(), g => [N(g, 2, 3, 4)]),
        C("Mean", x => x[0].Mean([1]).Square(), g => [N(g, 3, 4)]),
        C("Var", x => x[0].Var([1]), g => [N(g, 3, 5)]),
        C("Var all biased", x => x[0].Var(correction: 0), g => [N(g, 3, 5)]),
        C("Std", x => x[0].Std([0, 1]), g => [N(g, 3, 5)]),
        C("Max axis", x => x[0].Max(1).Square(), g => [Distinct(g, 3, 4)]),
        C("Min all", x => x[0].Min().Square(), g => [Distinct(g, 3, 4)]),
        C("Max axes keepDim", x => x[0].Max([0, 2], keepDim: true) * x[0], g => [Distinct(g, 2, 3, 4)]),
        C("LogSumExp", x => x[0].LogSumExp(1), g => [N(g, 3, 4)]),
        C("LogSumExp all", x => x[0].LogSumExp(), g => [N(g, 3, 4)]),
        C("Norm 2", x => x[0].Norm(2, [1]), g => [N(g, 3, 4)]),
        C("Norm 1", x => x[0].Norm(1, [1]), g => [Away(g, 3, 4)]),
        C("Norm 3", x => x[0].Norm(3, [0]), g => [Away(g, 3, 4)]),
        C("Softmax last", x => x[0].Softmax(-1) * x[1], g => [N(g, 3, 4), N(g, 3, 4)]),
        C("Softmax axis 0", x => x[0].Softmax(0) * x[1], g => [N(g, 3, 4), N(g, 3, 4)]),
        C("LogSoftmax", x => x[0].LogSoftmax(-1) * x[1], g => [N(g, 3, 4), N(g, 3, 4)]),
        C("LogSoftmax axis 1 of 3", x => x[0].LogSoftmax(1), g => [N(g, 2, 3, 2)]),
        C("SumTo", x => x[0].SumTo([3, 1]).Square(), g => [N(g, 2, 3, 4)]),
        // Movement.
        C("Reshape", x => x[0].Reshape(4, -1).Square(), g => [N(g, 2, 6)]),
        C("Permute", x => x[0].Permute(2, 0, 1) * x[1], g => [N(g, 2, 3, 4), N(g, 4, 2, 3)]),
        C("Transpose", x => x[0].T.MatMul(x[0]), g => [N(g, 3, 4)]),
        C("Expand", x => x[0].Expand(3, 2, 4).Square(), g => [N(g, 2, 1)]),
        C("Repeat", x => x[0].Repeat(2, 3).Square(), g => [N(g, 2, 2)]),
        C("Concat", x => Tensor.Concat([x[0], x[1].Square()], 1), g => [N(g, 2, 3), N(g, 2, 2)]),
        C("Stack", x => Tensor.Stack([x[0], x[1].Square()], 1), g => [N(g, 2, 3), N(g, 2, 3)]),
        C("Split", x => x[0].Split([1, 3], 1)[1].Square(), g => [N(g, 2, 4)]),
        C("Chunk", x => x[0].Chunk(2, 0)[0] * x[0].Chunk(2, 0)[1], g => [N(g, 4, 3)]),
        C("Narrow", x => x[0].Narrow(1, 1, 2).Square(), g => [N(g, 3, 4)]),
        C("Select", x => x[0].Select(0, -1).Exp(), g => [N(g, 3, 4)]),
        C("Pad", x => x[0].Pad([(1, 0), (2, 1)], 0.5f).Square(), g => [N(g, 2, 3)]),
        C("Flip", x => x[0].Flip(1) * x[1], g => [N(g, 3, 4), N(g, 3, 4)]),
        C("IndexSelect", x => x[0].IndexSelect(0, [2, 0, 2]).Square(), g => [N(g, 3, 4)]),
        C("IndexAdd", x => x[0].IndexAdd(1, [1, 1, 0], 3).Square(), g => [N(g, 2, 3)]),
        C("Gather", x => x[0].Gather(1, Tensor.FromArray([0, 2, 2, 1, 0, 0], 2, 3)).Square(), g => [N(g, 2, 4)]),
        C("ScatterAdd", x => x[0].ScatterAdd(1, Tensor.FromArray([0, 2, 2, 1, 3, 0], 2, 3), x[1]).Square(), g => [N(g, 2, 4), N(g, 2, 3)]),
        // Matrix products.
        C("MatMul", x => x[0].MatMul(x[1]), g => [N(g, 3, 4), N(g, 4, 5)]),
        C("MatMul transA", x => x[0].MatMul(x[1], transA: true), g => [N(g, 4, 3), N(g, 4, 5)]),
        C("MatMul transB", x => x[0].MatMul(x[1], transB: true), g => [N(g, 3, 4), N(g, 5, 4)]),
        C("MatMul both transposed", x => x[0].MatMul(x[1], true, true), g => [N(g, 4, 3), N(g, 5, 4)]),
        C("MatMul batched", x => x[0].MatMul(x[1]), g => [N(g, 2, 3, 4), N(g, 2, 4, 2)]),
        C("MatMul batch broadcast", x => x[0].MatMul(x[1]), g => [N(g, 2, 1, 3, 4), N(g, 3, 4, 2)]),
        C("MatMul shared right", x => x[0].MatMul(x[1], transB: true), g => [N(g, 2, 3, 4), N(g, 5, 4)]),
        C("MatMul batched transA", x => x[0].MatMul(x[1], transA: true), g => [N(g, 2, 4, 3), N(g, 4, 2)]),
        C("MatMul vector", x => x[0].MatMul(x[1]), g => [N(g, 4), N(g, 4, 3)]),
        C("MatMul matrix-vector", x => x[0].MatMul(x[1]), g => [N(g, 3, 4), N(g, 4)]),
        C("Linear", x => x[0].Linear(x[1], x[2]).Tanh(), g => [N(g, 5, 3), N(g, 4, 3), N(g, 4)]),
        C("Linear batched", x => x[0].Linear(x[1], x[2]).Square(), g => [N(g, 2, 3, 4), N(g, 5, 4), N(g, 5)]),
        C("BinaryCrossEntropyWithLogits", x => x[0].BinaryCrossEntropyWithLogits(x[1]), g => [N(g, 3, 4), Tensor.Rand([3, 4], g)]),
        // Convolution, pooling and upsampling.
        C("Conv2d", x => x[0].Conv2d(x[1], x[2], stride: 1, padding: 1), g => [N(g, 2, 3, 5, 5), N(g, 4, 3, 3, 3), N(g, 4)]),
        C("Conv2d strided dilated grouped", x => x[0].Conv2d(x[1], null, (2, 1), (1, 0), (2, 1), groups: 2),
            g => [N(g, 1, 4, 7, 6), N(g, 6, 2, 3, 2)]),
        C("Conv2d squared", x => x[0].Conv2d(x[1], null, stride: 2, padding: 1).Square(), g => [N(g, 1, 2, 5, 5), N(g, 2, 2, 3, 3)]),
        C("Conv1d", x => x[0].Conv1d(x[1], x[2], stride: 2, padding: 1, dilation: 2), g => [N(g, 2, 3, 9), N(g, 4, 3, 3), N(g, 4)]),
        C("ConvTranspose2d", x => x[0].ConvTranspose2d(x[1], x[2], stride: 2, padding: 1), g => [N(g, 2, 3, 3, 3), N(g, 3, 2, 4, 4), N(g, 2)]),
        C("ConvTranspose2d output padding grouped", x => x[0].ConvTranspose2d(x[1], null, stride: 2, padding: 1, outputPadding: 1, groups: 2),
            g => [N(g, 1, 4, 3, 3), N(g, 4, 3, 3, 3)]),
        C("ConvTranspose2d squared", x => x[0].ConvTranspose2d(x[1], null, stride: 2, padding: 1).Square(), g => [N(g, 1, 2, 3, 3), N(g, 2, 2, 4, 4)]),
        C("Conv2d dense", x => x[0].Conv2d(x[1]), g => [N(g, 3, 2, 3, 3), N(g, 4, 2, 3, 3)]),
        // Fused batch normalization: rows of 20 take the channel-parallel kernels, [N, C] the row-major ones.
        C("BatchNorm affine [N,C,H,W]", x => x[0].BatchNorm(x[1], x[2], 1e-5f, out _, out _), g => [N(g, 3, 2, 4, 5), N(g, 2), N(g, 2)]),
        C("BatchNorm [N,C]", x => x[0].BatchNorm(null, null, 1e-5f, out _, out _), g => [N(g, 5, 3)]),
        C("BatchNorm weight only [N,C,L]", x => x[0].BatchNorm(x[1], null, 1e-3f, out _, out _).Square(), g => [N(g, 2, 3, 17), N(g, 3)]),
        // Batch norm with its rectifier fused: the mask recomputed from x in the backward.
        C("BatchNormRectified ReLU affine [N,C,H,W]", x => x[0].BatchNormRectified(x[1], x[2], 1e-5f, 0f, out _, out _), g => [N(g, 3, 2, 4, 5), N(g, 2), N(g, 2)]),
        C("BatchNormRectified leaky [N,C] squared", x => x[0].BatchNormRectified(x[1], null, 1e-5f, 0.2f, out _, out _).Square(), g => [N(g, 5, 3), N(g, 3)]),
        C("ConvTranspose2d from 1x1", x => x[0].ConvTranspose2d(x[1]).Square(), g => [N(g, 3, 4, 1, 1), N(g, 4, 2, 3, 3)]),
        C("MaxPool2d", x => x[0].MaxPool2d(2) * 1.5f, g => [Distinct(g, 2, 2, 4, 4)]),
        C("MaxPool2d padded dilated", x => x[0].MaxPool2d(3, stride: 2, padding: 1, dilation: 2).Square(), g => [Distinct(g, 1, 2, 7, 7)]),
        C("AvgPool2d", x => x[0].AvgPool2d(2).Square(), g => [N(g, 2, 2, 4, 4)]),
        C("AvgPool2d padded", x => x[0].AvgPool2d(3, stride: 2, padding: 1, countIncludePad: false).Square(), g => [N(g, 1, 2, 5, 5)]),
        C("AdaptiveAvgPool2d", x => x[0].AdaptiveAvgPool2d(3, 2).Square(), g => [N(g, 1, 2, 5, 5)]),
        C("GlobalAvgPool2d", x => x[0].GlobalAvgPool2d().Square(), g => [N(g, 2, 3, 3, 3)]),
        C("UpsampleNearest", x => x[0].UpsampleNearest(2).Square(), g => [N(g, 1, 2, 3, 3)]),
        C("UpsampleNearest to size", x => x[0].UpsampleNearest(7, 4).Square(), g => [N(g, 1, 2, 5, 3)]),
        C("UpsampleBilinear", x => x[0].UpsampleBilinear(2).Square(), g => [N(g, 1, 2, 3, 3)]),
        C("UpsampleBilinear aligned", x => x[0].UpsampleBilinear(5, 7, alignCorners: true).Square(), g => [N(g, 1, 2, 3, 4)]),
        // Padding modes, pooling variants, 1-D geometry, indices, norms and losses the next families need.
        C("Pad reflect", x => x[0].Pad([(0, 0), (2, 1), (1, 2)], PaddingMode.Reflect).Square(), g => [N(g, 2, 3, 4)]),
        C("Pad replicate", x => x[0].Pad([(1, 2), (0, 3)], PaddingMode.Replicate).Square(), g => [N(g, 2, 3)]),
        C("MaxPool2d ceil mode", x => x[0].MaxPool2d(3, stride: 2, padding: 1, ceilMode: true).Square(), g => [Distinct(g, 1, 2, 6, 6)]),
        C("MaxPool2d non-square", x => x[0].MaxPool2d((3, 2), (2, 1), (1, 0), (1, 2)) * 1.5f, g => [Distinct(g, 1, 2, 6, 5)]),
        C("MaxPool1d", x => x[0].MaxPool1d(3, stride: 2, padding: 1, ceilMode: true).Square(), g => [Distinct(g, 2, 2, 8)]),
        C("AdaptiveMaxPool2d", x => x[0].AdaptiveMaxPool2d(3, 2).Square(), g => [Distinct(g, 1, 2, 5, 7)]),
        C("AvgPool2d ceil mode", x => x[0].AvgPool2d(3, stride: 2, padding: 1, countIncludePad: false, ceilMode: true).Square(), g => [N(g, 1, 2, 6, 6)]),
        C("AvgPool2d non-square", x => x[0].AvgPool2d((3, 2), (1, 2), (1, 1)).Square(), g => [N(g, 1, 2, 4, 5)]),
        C("AvgPool1d", x => x[0].AvgPool1d(3, stride: 2, padding: 1).Square(), g => [N(g, 2, 2, 7)]),
        C("Conv1d causal", x => x[0].Conv1d(x[1], x[2], 1, (4, 0), dilation: 2).Square(), g => [N(g, 2, 3, 6), N(g, 4, 3, 3), N(g, 4)]),
        C("MaxWithIndices", x => x[0].MaxWithIndices(1).Values.Square(), g => [Distinct(g, 3, 4)]),
        C("MinWithIndices keepDim", x => x[0].MinWithIndices(0, keepDim: true).Values * x[0], g => [Distinct(g, 3, 4)]),
        C("IndexSelect by tensor", x => x[0].IndexSelect(1, Tensor.FromArray([2f, 0f, 2f])).Square(), g => [N(g, 2, 3)]),
        C("Norm inf", x => x[0].Norm(float.PositiveInfinity, [1]).Square(), g => [Distinct(g, 3, 4) + 0.05f]), // distinct |x| too
        C("Norm 2 with a zero row", x => x[0].Norm(2, [1]), g => [Tensor.Concat([Tensor.Zeros(1, 4), N(g, 2, 4)], 0)], second: false),
        C("Std with a constant row", x => x[0].Std([1]), g => [Tensor.Concat([Tensor.Full(0.5f, 1, 4), N(g, 2, 4)], 0)], second: false),
        C("Softplus threshold", x => x[0].Softplus(2f, 1f), g => [Away(g, 3, 4)]),
        C("SmoothL1", x => Losses.SmoothL1(x[0], x[1], 0.5f), g => [Away(g, 3, 4), Tensor.Zeros(3, 4)]),
        C("MarginRanking", x => Losses.MarginRanking(x[0], x[1], Tensor.FromArray([1f, -1f, 1f, -1f]), 0.1f), g => [Away(g, 4), Away(g, 4) * 3f]),
        C("TripletMargin", x => Losses.TripletMargin(x[0], x[1], x[2], 5f), g => [N(g, 3, 4), N(g, 3, 4), N(g, 3, 4)]),
        C("TripletMargin swap p3", x => Losses.TripletMargin(x[0], x[1], x[2], 5f, p: 3f, swap: true), g => [N(g, 3, 4), N(g, 3, 4), N(g, 3, 4)]),
        C("LstmLayer reverse", x => Functional.LstmLayer(x[0], x[1], x[2], x[3], null, Tensor.Zeros(2, 2), Tensor.Zeros(2, 2), reverse: true).Output,
            g => [N(g, 3, 2, 3), N(g, 8, 3), N(g, 8, 2), N(g, 8)]),
    ];

    public static IEnumerable<object[]> Names() => All.Select(c => new object[] { c.Name });

    public static IEnumerable<object[]> SecondOrderNames() => All.Where(c => c.SecondOrder).Select(c => new object[] { c.Name });

    public static OpCase Get(string name) => All.Single(c => c.Name == name);
}
