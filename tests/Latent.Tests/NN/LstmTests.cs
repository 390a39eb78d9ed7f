using Latent.NN;
using Latent.Tensors;

namespace Latent.Tests.NN;

public class LstmTests
{
    private static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));

    [Fact]
    public void OneStepMatchesHandFormula()
    {
        const int input = 3, hidden = 2, batch = 2;
        var lstm = new Lstm(input, hidden, new Generator(1));
        Assert.Equal(["weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0"], lstm.NamedParameters().Select(p => p.Name));
        var x = Tensor.Randn([1, batch, input], new Generator(2));
        var h0 = Tensor.Randn([1, batch, hidden], new Generator(3));
        var c0 = Tensor.Randn([1, batch, hidden], new Generator(4));
        var wi = lstm.GetParameter("weight_ih_l0");
        var wh = lstm.GetParameter("weight_hh_l0");
        var bi = lstm.GetParameter("bias_ih_l0");
        var bh = lstm.GetParameter("bias_hh_l0");

        var expectedH = new double[batch * hidden];
        var expectedC = new double[batch * hidden];
        for (int b = 0; b < batch; b++)
            for (int j = 0; j < hidden; j++)
            {
                double Gate(int g)
                {
                    int row = g * hidden + j;
                    double s = bi[row] + bh[row];
                    for (int k = 0; k < input; k++) s += wi[row, k] * (double)x[0, b, k];
                    for (int k = 0; k < hidden; k++) s += wh[row, k] * (double)h0[0, b, k];
                    return s;
                }
                double i = Sigmoid(Gate(0)), f = Sigmoid(Gate(1)), g = Math.Tanh(Gate(2)), o = Sigmoid(Gate(3));
                double c = f * c0[0, b, j] + i * g;
                expectedC[b * hidden + j] = c;
                expectedH[b * hidden + j] = o * Math.Tanh(c);
            }
        var result = lstm.Forward(x, (h0, c0));
        NnAssert.Close(expectedH, result.Output);
        NnAssert.Close(expectedH, result.H);
        NnAssert.Close(expectedC, result.C);
        Assert.Equal([1, batch, hidden], result.H.Shape);
    }

    [Fact]
    public void MultiLayerBatchFirstShapesAndConsistency()
    {
        var lstm = new Lstm(3, 4, new Generator(5), numLayers: 2, batchFirst: true);
        Assert.Equal(8, lstm.Parameters().Count());
        var x = Tensor.Randn([2, 5, 3], new Generator(6)); // [B, T, in]
        var result = lstm.Forward(x, null);
        Assert.Equal([2, 5, 4], result.Output.Shape);
        Assert.Equal([2, 2, 4], result.H.Shape);
        // The last output step is the top layer's final hidden state.
        NnAssert.Close(result.H.Select(0, 1), result.Output.Select(1, 4));
        // Running the sequence in two halves with the carried state gives the same result.
        var first = lstm.Forward(x.Narrow(1, 0, 2), null);
        var second = lstm.Forward(x.Narrow(1, 2, 3), (first.H, first.C));
        NnAssert.Close(result.Output.Narrow(1, 2, 3), second.Output, atol: 1e-6);
        Assert.Contains("[B, T, 3]", Assert.Throws<ArgumentException>(() => lstm.Forward(Tensor.Ones(2, 5, 4))).Message);
    }

    [Fact]
    public void GradientMatchesFiniteDifferences()
    {
        var lstm = new Lstm(2, 3, new Generator(7), numLayers: 2);
        var x = NnAssert.Leaf(8, 3, 2, 2);
        var parameters = lstm.Parameters().ToArray();
        GradCheck.Check(xs => lstm.Forward(xs[0]), [x, parameters[0], parameters[1], parameters[4], parameters[7]]);
    }

    [Fact]
    public void BidirectionalLayersUsePyTorchNamesAndConcatenateBothDirections()
    {
        var lstm = new Lstm(3, 2, new Generator(7), numLayers: 2, bidirectional: true);
        Assert.Equal(
            ["weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0", "weight_ih_l0_reverse", "weight_hh_l0_reverse", "bias_ih_l0_reverse",
                "bias_hh_l0_reverse", "weight_ih_l1", "weight_hh_l1", "bias_ih_l1", "bias_hh_l1", "weight_ih_l1_reverse", "weight_hh_l1_reverse",
                "bias_ih_l1_reverse", "bias_hh_l1_reverse"],
            lstm.NamedParameters().Select(p => p.Name));
        Assert.Equal([8, 4], lstm.GetParameter("weight_ih_l1").Shape); // layer 1 reads both directions of layer 0
        var x = Tensor.Randn([5, 2, 3], new Generator(8));
        var result = lstm.Forward(x, null);
        Assert.Equal([5, 2, 4], result.Output.Shape);
        Assert.Equal([4, 2, 2], result.H.Shape);

        // Layer 0 by hand: the forward half reads steps 0…4, the reverse half 4…0 and stores its states in step order.
        var zeros = Tensor.Zeros(2, 2);
        Tensor P(string name) => lstm.GetParameter(name);
        var fwd = Functional.LstmLayer(x, P("weight_ih_l0"), P("weight_hh_l0"), P("bias_ih_l0"), P("bias_hh_l0"), zeros, zeros);
        var rev = Functional.LstmLayer(x, P("weight_ih_l0_reverse"), P("weight_hh_l0_reverse"), P("bias_ih_l0_reverse"), P("bias_hh_l0_reverse"),
            zeros, zeros, reverse: true);
        var flipped = Functional.LstmLayer(x.Flip(0), P("weight_ih_l0_reverse"), P("weight_hh_l0_reverse"), P("bias_ih_l0_reverse"),
            P("bias_hh_l0_reverse"), zeros, zeros).Output.Flip(0);
        for (int i = 0; i < rev.Output.Size; i++) Close.Assert(flipped.Data[i], rev.Output.Data[i], atol: 1e-6, rtol: 1e-6);
        var layer1 = Functional.LstmLayer(Tensor.Concat([fwd.Output, rev.Output], 2), P("weight_ih_l1"), P("weight_hh_l1"), P("bias_ih_l1"),
            P("bias_hh_l1"), zeros, zeros);
        for (int i = 0; i < layer1.Output.Size; i++)
            Close.Assert(layer1.Output.Data[i], result.Output.Narrow(2, 0, 2).Data[i], atol: 1e-6, rtol: 1e-5);
        // Final states: [l0 forward, l0 reverse, l1 forward, l1 reverse]; the reverse direction ends at step 0.
        for (int i = 0; i < 4; i++)
        {
            Close.Assert(fwd.H.Data[i], result.H.Select(0, 0).Data[i], atol: 1e-6, rtol: 1e-5);
            Close.Assert(rev.Output.Select(0, 0).Data[i], result.H.Select(0, 1).Data[i], atol: 1e-6, rtol: 1e-5);
        }
    }
}
