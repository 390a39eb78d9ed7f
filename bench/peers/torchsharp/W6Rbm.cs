using System.Text.Json.Nodes;
using static TorchSharp.torch;

namespace Latent.TorchSharpPeer;

/// <summary>
/// W6: a Bernoulli RBM 784–500 trained by CD-1 on Fashion-MNIST binarized at 0.5, learning rate 0.01, batch 100, no
/// autograd: the update of w6.py (W ~ N(0, 0.01²), visible biases at the log-odds of the binarized means, hidden 0).
/// </summary>
internal sealed class W6Rbm : EpochTraining
{
    private const int Visible = 784, Hidden = 500, Batch = 100;
    private const double Lr = 0.01, Threshold = 0.5;
    private readonly Tensor _w, _b, _c;

    public W6Rbm(int seed)
    {
        random.manual_seed(seed);
        set_grad_enabled(false);
        var train = FashionMnist.Images("train").reshape(-1, Visible);
        long n = train.shape[0];
        var p = ((train > Threshold).to(float32).mean([0]) * n + 0.25) / (n + 0.5);
        _w = randn(Hidden, Visible) * 0.01;
        _b = p.log() - (-p).log1p();
        _c = zeros(Hidden);
        Batches = new Batches(train, Batch, seed);
    }

    protected override Batches Batches { get; }

    protected override double Step(Tensor x)
    {
        var v0 = (x > Threshold).to(float32);
        var ph0 = (v0.matmul(_w.t()) + _c).sigmoid();
        var h0 = bernoulli(ph0);
        var pv1 = (h0.matmul(_w) + _b).sigmoid();
        var v1 = bernoulli(pv1);
        var ph1 = (v1.matmul(_w.t()) + _c).sigmoid();
        long n = v0.shape[0];
        _w.addmm_(ph0.t(), v0, beta: 1, alpha: (float)(Lr / n)).addmm_(ph1.t(), v1, beta: 1, alpha: (float)(-Lr / n));
        _b.add_((v0 - v1).mean([0]), alpha: Lr);
        _c.add_((ph0 - ph1).mean([0]), alpha: Lr);
        return (v0 - pv1).pow(2).sum().item<float>() / n;
    }

    protected override JsonObject Metrics(int epoch, double trainLoss)
        => new() { ["epoch"] = epoch, ["train_reconstruction_error"] = trainLoss };
}
