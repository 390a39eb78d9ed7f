using Latent.Models.Flows;
using Latent.NN;
using Latent.Tensors;

namespace Latent.Tests.Models.Flows;

public class VectorCouplingTests
{
    // A masked coupling's MLP restricted to what the compact one computes: the first layer's columns of kept inputs,
    // the last layer's rows of transformed outputs (per output block: log-scale, then shift).
    private static Sequential Restricted(Sequential full, int[] kept, int[] transformed, int dimensions, int blocks)
    {
        var first = (Linear)full[0];
        var last = (Linear)full[2];
        var net = FlowNetworks.Mlp(kept.Length, [first.Weight.Shape[0]], blocks * transformed.Length, new Generator(0));
        ((Linear)net[0]).Weight.CopyFrom(first.Weight.IndexSelect(1, kept));
        ((Linear)net[0]).Bias!.CopyFrom(first.Bias!);
        int[] rows = [.. Enumerable.Range(0, blocks).SelectMany(b => transformed.Select(t => b * dimensions + t))];
        ((Linear)net[2]).Weight.CopyFrom(last.Weight.IndexSelect(0, rows));
        ((Linear)net[2]).Bias!.CopyFrom(last.Bias!.IndexSelect(0, rows));
        return net;
    }

    [Theory]
    [InlineData(CouplingKind.Affine, MaskKind.Checkerboard, false)]
    [InlineData(CouplingKind.Affine, MaskKind.Checkerboard, true)]
    [InlineData(CouplingKind.Affine, MaskKind.Channel, false)]
    [InlineData(CouplingKind.Additive, MaskKind.Checkerboard, true)]
    [InlineData(CouplingKind.Additive, MaskKind.Channel, true)]
    public void IsTheMaskedCouplingWithoutItsDeadWeights(CouplingKind kind, MaskKind maskKind, bool flip)
    {
        const int d = 7;
        var gen = new Generator(21);
        var mask = CouplingMask.Of(maskKind, [d], flip);
        int blocks = kind == CouplingKind.Affine ? 2 : 1;
        var full = FlowNetworks.Mlp(d, [8], blocks * d, gen);
        FlowLayer masked = kind == CouplingKind.Affine ? new AffineCoupling(mask, full) : new AdditiveCoupling(mask, full);
        var values = mask.ToArray();
        int[] kept = [.. Enumerable.Range(0, d).Where(i => values[i] != 0)];
        int[] transformed = [.. Enumerable.Range(0, d).Where(i => values[i] == 0)];
        var compact = new VectorCoupling(mask, kind, Restricted(full, kept, transformed, d, blocks));
        Assert.Equal(kept.Length, compact.KeptCount);
        var x = Tensor.Randn([5, d], gen);
        var (zMasked, logDetMasked) = masked.Transform(x);
        var (z, logDet) = compact.Transform(x);
        FlowTestKit.AssertClose(zMasked, z, atol: 1e-5, rtol: 1e-5, what: "z");
        FlowTestKit.AssertClose(logDetMasked, logDet, atol: 1e-5, rtol: 1e-5, what: "log|det J|");
        FlowTestKit.AssertClose(x, compact.Inverse(z), atol: 1e-5, rtol: 1e-5, what: "f⁻¹(f(x))");
        Close.Assert(FlowTestKit.LogAbsDetByAutograd(compact, x.Narrow(0, 2, 1)), logDet.Data[2], atol: 1e-4, rtol: 1e-5, what: "log|det J| by autograd");
    }

    [Fact]
    public void GradientsReachTheKeptValuesThroughTheNetwork()
    {
        var gen = new Generator(5);
        var mask = CouplingMask.Checkerboard([6], flip: false);
        var coupling = new VectorCoupling(mask, CouplingKind.Affine, FlowNetworks.Mlp(3, [4], 6, gen));
        var x = Tensor.Randn([2, 6], gen).RequireGrad();
        var (z, logDet) = coupling.Transform(x);
        (z.Sum() + logDet.Sum()).Backward();
        // A kept value moves z only through the network: its gradient is 1 (identity) plus the network's part.
        Assert.Contains(Enumerable.Range(0, 3), i => Math.Abs(x.Grad!.Data[2 * i] - 1f) > 1e-4);
    }

    [Fact]
    public void TheMlpFlowStartsAsTheIdentityWithTheMaskedInitialisationScale()
    {
        var options = new FlowOptions { Hidden = [16], Couplings = 2, Preprocess = ImagePreprocessing.None };
        var flow = FlowNetworks.Build(options, [10], image: false, new Generator(3));
        var couplings = flow.Layers.OfType<VectorCoupling>().ToList();
        Assert.Equal(2, couplings.Count);
        var first = (Linear)((Sequential)couplings[0].Network)[0];
        Assert.Equal([16, 5], first.Weight.Shape);
        // Uniform in ±1/√D with D = 10, not ±1/√5.
        Assert.All(first.Weight.ToArray(), w => Assert.InRange(Math.Abs(w), 0, 1 / Math.Sqrt(10) + 1e-6));
        Assert.Contains(first.Weight.ToArray(), w => Math.Abs(w) > 0.5 / Math.Sqrt(10));
        var x = Tensor.Randn([3, 10], new Generator(4));
        using var _ = Autograd.NoGrad();
        FlowTestKit.AssertClose(x, flow.Transform(x).Z, atol: 1e-6, rtol: 1e-6, what: "identity at the start");
        Assert.Throws<ArgumentException>(() => new VectorCoupling(Tensor.Ones(4), CouplingKind.Affine, new Identity()));
    }
}
