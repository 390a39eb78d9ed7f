using System.Text.Json.Nodes;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Latent.TorchSharpPeer;

/// <summary>W1: the pytorch/examples VAE (784→400→20+20, 20→400→784 logits), BCE-with-logits summed + analytic KL, Adam 1e-3, batch 128.</summary>
internal sealed class W1Vae : EpochTraining
{
    private readonly Vae _model;
    private readonly optim.Optimizer _optimizer;
    private readonly Tensor _test;

    public W1Vae(int seed)
    {
        random.manual_seed(seed);
        var train = FashionMnist.Images("train").reshape(-1, 784);
        _test = FashionMnist.Images("test").reshape(-1, 784);
        _model = new Vae();
        _optimizer = optim.Adam(_model.parameters(), lr: 1e-3);
        Batches = new Batches(train, 128, seed);
    }

    protected override Batches Batches { get; }

    protected override long Weight(Tensor x) => 1; // the loss is summed over the batch

    protected override double Step(Tensor x)
    {
        _optimizer.zero_grad();
        var (logits, mu, logvar) = _model.call(x);
        var loss = Loss(logits, x, mu, logvar);
        loss.backward();
        _optimizer.step();
        return loss.item<float>();
    }

    private static Tensor Loss(Tensor logits, Tensor x, Tensor mu, Tensor logvar)
    {
        var bce = F.binary_cross_entropy_with_logits(logits, x, reduction: nn.Reduction.Sum);
        var kld = -0.5 * (1 + logvar - mu.pow(2) - logvar.exp()).sum();
        return bce + kld;
    }

    private double TestNelbo()
    {
        _model.eval();
        double total = SumOverSlices(_test, 128, x =>
        {
            var (logits, mu, logvar) = _model.call(x);
            return Loss(logits, x, mu, logvar).item<float>();
        });
        _model.train();
        return total / _test.shape[0];
    }

    protected override JsonObject Metrics(int epoch, double trainLoss)
        => new() { ["epoch"] = epoch, ["train_nelbo"] = trainLoss, ["test_nelbo"] = TestNelbo() };

    private sealed class Vae : nn.Module<Tensor, (Tensor, Tensor, Tensor)>
    {
        private readonly Linear fc1 = nn.Linear(784, 400), fc21 = nn.Linear(400, 20), fc22 = nn.Linear(400, 20);
        private readonly Linear fc3 = nn.Linear(20, 400), fc4 = nn.Linear(400, 784);

        public Vae() : base("vae") => RegisterComponents();

        public override (Tensor, Tensor, Tensor) forward(Tensor x)
        {
            var h = F.relu(fc1.call(x));
            var mu = fc21.call(h);
            var logvar = fc22.call(h);
            var z = mu + randn_like(mu) * (0.5 * logvar).exp();
            return (fc4.call(F.relu(fc3.call(z))), mu, logvar);
        }
    }
}
