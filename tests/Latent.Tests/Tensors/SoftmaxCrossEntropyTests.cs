using Latent.Tensors;

namespace Latent.Tests.Tensors;

/// <summary>The fused <see cref="Tensor.SoftmaxCrossEntropy"/>: an exact case, the unfused op chain bit for bit, second order.</summary>
public class SoftmaxCrossEntropyTests
{
    private readonly Generator _gen = new(41);

    [Fact]
    public void MatchesAHandComputedCase()
    {
        // Row 0: softmax of [0, ln 3] is [1/4, 3/4]; row 1 shifts both logits by 100 (no overflow) and picks class 0.
        var logits = Tensor.FromArray([0f, MathF.Log(3f), 100f, 100f + MathF.Log(3f)], 2, 2).RequireGrad();
        var loss = logits.SoftmaxCrossEntropy([1, 0]);
        Close.Assert(-Math.Log(0.75), loss.Data[0], 1e-6, 1e-6, "row 0");
        Close.Assert(-Math.Log(0.25), loss.Data[1], 1e-5, 1e-6, "row 1");
        var grad = Autograd.Grad(loss.Sum(), logits).Data;
        double[] expected = [0.25, 0.75 - 1, 0.25 - 1, 0.75];
        for (int i = 0; i < 4; i++) Close.Assert(expected[i], grad[i], 1e-6, 1e-6, $"gradient {i}");
    }

    [Fact]
    public void EqualsLogSoftmaxThenPickBitForBit()
    {
        var logits = Tensor.Randn([37, 256], _gen, std: 3f).RequireGrad();
        var targets = Enumerable.Range(0, 37).Select(_ => _gen.NextInt(256)).ToArray();
        var index = Tensor.FromArray([.. targets.Select(t => (float)t)], 37, 1);
        var fused = logits.SoftmaxCrossEntropy(targets);
        var chain = logits.LogSoftmax(1).Gather(1, index).Reshape(37).Neg();
        Assert.Equal(chain.ToArray(), fused.ToArray());
        var gy = Tensor.Randn([37], _gen);
        Assert.Equal(Autograd.Grad(chain, logits, gy).ToArray(), Autograd.Grad(fused, logits, gy).ToArray());
    }

    [Fact]
    public void GradientOfTheGradientMatchesTheUnfusedChain()
    {
        var logits = Tensor.Randn([5, 7], _gen).RequireGrad();
        int[] targets = [0, 6, 3, 3, 1];
        var index = Tensor.FromArray([.. targets.Select(t => (float)t)], 5, 1);
        var v = Tensor.Randn([5, 7], _gen);
        Tensor SecondOrder(Func<Tensor, Tensor> loss)
        {
            var g = Autograd.Grad(loss(logits).Square().Sum(), logits, createGraph: true);
            return Autograd.Grad((g * v).Sum(), logits);
        }
        var fused = SecondOrder(l => l.SoftmaxCrossEntropy(targets));
        var chain = SecondOrder(l => l.LogSoftmax(1).Gather(1, index).Reshape(5).Neg());
        for (int i = 0; i < chain.Size; i++) Close.Assert(chain.Data[i], fused.Data[i], 1e-5, 1e-4, $"element {i}");
    }

    [Fact]
    public void RejectsTargetsOutsideTheClassesAndMismatchedRows()
    {
        var logits = Tensor.Randn([2, 3], _gen);
        Assert.Contains("target 3 at row 1", Assert.Throws<ArgumentException>(() => logits.SoftmaxCrossEntropy([0, 3])).Message);
        Assert.Contains("[M, C] for 3 targets", Assert.Throws<ArgumentException>(() => logits.SoftmaxCrossEntropy([0, 1, 2])).Message);
    }
}
