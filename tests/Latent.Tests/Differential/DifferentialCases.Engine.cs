using Latent.NN;
using Latent.Tensors;

namespace Latent.Tests.Differential;

public static partial class DifferentialCases
{
    /// <summary>
    /// Convolutions over a subset of kernel taps against PyTorch's convolution with the kernel times the tap mask (the
    /// masked convolutions of PixelCNN), the fused softmax cross-entropy at its special points, and the float-lane tanh
    /// and sigmoid kernels at theirs (infinities, signed zero, the small-|x| and clamp boundaries, the exp range ends).
    /// </summary>
    private static DifferentialCase[] Engine() =>
    [
        C("tanh special points", "torch.tanh(a)", x => x[0].Tanh(), _ => [X(V(TanhSpecialPoints, TanhSpecialPoints.Length))], second: false, atol: 1e-6, rtol: 1e-6),
        C("sigmoid special points", "torch.sigmoid(a)", x => x[0].Sigmoid(), _ => [X(V(SigmoidSpecialPoints, SigmoidSpecialPoints.Length))], second: false, atol: 1e-6, rtol: 1e-6),
        // Values and first derivatives at 1e-6; the float second derivative −2y(1 − y²) turns tanh's few-ulp error near
        // |y| → 1 into ~1e-4 relative (as PyTorch's float32 does), so it is checked on the "tanh" case's inputs instead.
        C("tanh over a wide range", "torch.tanh(a)", x => x[0].Tanh(), _ => [X(V(Sweep(-10f, 10f, 203), 203))], second: false, atol: 1e-6, rtol: 1e-6),
        C("sigmoid over a wide range", "torch.sigmoid(a)", x => x[0].Sigmoid(), _ => [X(V(Sweep(-90f, 90f, 203), 203))], atol: 1e-6, rtol: 1e-6),
        C("conv2d over taps: mask B 3x3", "F.conv2d(a, b * d, c, padding=1)", x => x[0].Conv2dOverTaps(x[1], [0, 1, 2, 3, 4], x[2], padding: 1),
            g => [X(WithZeros(g, 3, 2, 5, 6)), X(WithZeros(g, 4, 2, 3, 3)), X(N(g, 4)), K(TapMask(3, 3, [0, 1, 2, 3, 4]))], atol: 3e-4),
        C("conv2d over taps: mask A 7x7", "F.conv2d(a, b * c, padding=3)", x => x[0].Conv2dOverTaps(x[1], [.. Enumerable.Range(0, 24)], null, padding: 3),
            g => [X(N(g, 3, 1, 8, 7)), X(N(g, 5, 1, 7, 7)), K(TapMask(7, 7, [.. Enumerable.Range(0, 24)]))], atol: 5e-4),
        C("conv2d over taps squared", "F.conv2d(a, b * c, padding=1) ** 2", x => x[0].Conv2dOverTaps(x[1], [0, 1, 2, 3], null, padding: 1).Square(),
            g => [X(N(g, 2, 3, 4, 4)), X(N(g, 2, 3, 3, 3)), K(TapMask(3, 3, [0, 1, 2, 3]))], atol: 5e-4),
        C("conv2d over taps strided dilated grouped", "F.conv2d(a, b * c, stride=(2, 1), padding=(1, 2), dilation=(1, 2), groups=2)",
            x => x[0].Conv2dOverTaps(x[1], [1, 3, 4, 7], null, (2, 1), (1, 2), (1, 2), groups: 2),
            g => [X(N(g, 2, 4, 7, 6)), X(N(g, 6, 2, 3, 3)), K(TapMask(3, 3, [1, 3, 4, 7]))], atol: 3e-4),
        C("conv2d over taps column-strided", "F.conv2d(a, b * c, stride=(1, 2), padding=1)",
            x => x[0].Conv2dOverTaps(x[1], [0, 2, 5], null, (1, 2), (1, 1), (1, 1)),
            g => [X(N(g, 3, 2, 6, 7)), X(N(g, 3, 2, 2, 3)), K(TapMask(2, 3, [0, 2, 5]))], atol: 3e-4),
        C("softmax cross entropy at special points", "F.cross_entropy(a, b, reduction='none')",
            x => Losses.CrossEntropy(x[0], x[1], reduction: Reduction.None),
            _ => [X(V([0.5f, 0.5f, 0.5f, 0.5f, 1e4f, 1e4f + 1f, -1e4f, 0f, float.NegativeInfinity, 2f, -1f, 0f, 0f, 0f, 0f, 0f, 30f, -3f, 1f, 2f], 5, 4)),
                I([2f, 0f, 1f, 3f, 2f], 5)], second: false),
        C("softmax cross entropy second order", "F.cross_entropy(a, b, reduction='sum') ** 2",
            x => Losses.CrossEntropy(x[0], x[1], reduction: Reduction.Sum).Square(), g => [X(N(g, 6, 5)), I(Labels(g, 6, 5).ToArray(), 6)]),
    ];

    /// <summary>A [1, 1, kh, kw] mask with ones at the listed flat taps.</summary>
    private static Tensor TapMask(int kh, int kw, int[] taps)
    {
        var mask = Tensor.Zeros(1, 1, kh, kw);
        foreach (int t in taps) mask.Data[t] = 1f;
        return mask;
    }

    private static readonly float[] TanhSpecialPoints =
    [
        float.NegativeInfinity, -30f, -8.5f, -7.99881172f, -7.9f, -1f, -0.625f, -0.0004f, -0.00039f, -1e-30f, -0f, 0f, 1e-30f,
        0.00039f, 0.0004f, 0.3f, 0.625f, 1f, 3f, 7.9f, 7.99881172f, 8.5f, 30f, float.PositiveInfinity,
    ];

    private static readonly float[] SigmoidSpecialPoints =
    [
        float.NegativeInfinity, -100f, -88.5f, -87.5f, -87.3f, -80f, -20f, -1f, -1e-30f, -0f, 0f, 1e-30f, 0.5f, 20f, 80f, 87.5f,
        88.5f, 100f, float.PositiveInfinity,
    ];

    private static float[] Sweep(float from, float to, int count) => [.. Enumerable.Range(0, count).Select(i => from + (to - from) * i / (count - 1))];
}
