using System.Text.Json.Nodes;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Latent.TorchSharpPeer;

/// <summary>W1: the pytorch/examples VAE (784→400→20+20, 20→400→784 logits), BCE-with-logits summed + analytic KL, Adam 1e-3, batch 128.</summary>
internal sealed class W1Vae : IWorkload
{
    private readonly Vae _model;
    private readonly optim.Optimizer _optimizer;
    private readonly Batches _batches;
    private readonly Tensor _test;
    private int _epochs;

    public W1Vae(int seed)
    {
        random.manual_seed(seed);
        var train = FashionMnist.Images("train").reshape(-1, 784);
        _test = FashionMnist.Images("test").reshape(-1, 784);
        _model = new Vae();
        _optimizer = optim.Adam(_model.parameters(), lr: 1e-3);
        _batches = new Batches(train, 128, seed);
    }

    public void Step() => Step(_batches.Next());

    private double Step(Tensor x)
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
        double total = 0;
        using (no_grad())
            for (long i = 0; i < _test.shape[0]; i += 128)
                using (NewDisposeScope())
                {
                    var x = _test.narrow(0, i, Math.Min(128, _test.shape[0] - i));
                    var (logits, mu, logvar) = _model.call(x);
                    total += Loss(logits, x, mu, logvar).item<float>();
                }
        _model.train();
        return total / _test.shape[0];
    }

    public JsonArray TrainEpochs(int epochs)
    {
        var result = new JsonArray();
        for (int e = 0; e < epochs; e++)
        {
            double total = 0;
            long n = 0;
            foreach (var x in _batches.Epoch())
                using (NewDisposeScope())
                {
                    total += Step(x);
                    n += x.shape[0];
                }
            _epochs++;
            result.Add(new JsonObject { ["epoch"] = _epochs, ["train_nelbo"] = total / n, ["test_nelbo"] = TestNelbo() });
        }
        return result;
    }

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
