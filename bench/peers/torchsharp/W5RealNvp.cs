using System.Text.Json.Nodes;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Latent.TorchSharpPeer;

/// <summary>
/// W5: RealNVP (MLP) — 6 affine couplings on 784-d vectors with alternating index-parity masks; each coupling net
/// 784→1024 ReLU→1024 ReLU→1568 split into a log-scale (tanh, masked) and a shift (masked), its last layer starting at
/// zero. Data: uniform dequantization then logit(0.05 + 0.9x). Loss: exact NLL under N(0, I). Adam 1e-4; batch 64.
/// </summary>
internal sealed class W5RealNvp : IWorkload
{
    private const int D = 784;
    private const double Alpha = 0.05;
    private readonly RealNvp _model;
    private readonly optim.Optimizer _optimizer;
    private readonly Batches _batches;
    private readonly Tensor _test;
    private int _epochs;

    public W5RealNvp(int seed)
    {
        random.manual_seed(seed);
        var train = FashionMnist.Images("train").reshape(-1, D);
        _test = FashionMnist.Images("test").reshape(-1, D);
        _model = new RealNvp();
        _optimizer = optim.Adam(_model.parameters(), lr: 1e-4);
        _batches = new Batches(train, 64, seed);
    }

    private static Tensor Dequantize(Tensor x, Generator? generator = null) => ((x * 255).round() + rand(x.shape, generator: generator)) / 256;

    public void Step() => Step(_batches.Next());

    private double Step(Tensor x)
    {
        _optimizer.zero_grad();
        var loss = -_model.call(Dequantize(x)).mean();
        loss.backward();
        _optimizer.step();
        return loss.item<float>();
    }

    private double TestBitsPerDim()
    {
        var generator = new Generator(4242);
        double total = 0;
        using (no_grad())
            for (long i = 0; i < _test.shape[0]; i += 500)
                using (NewDisposeScope())
                    total += _model.call(Dequantize(_test.narrow(0, i, Math.Min(500, _test.shape[0] - i)), generator)).sum().item<float>();
        return -total / _test.shape[0] / (D * Math.Log(2)) + 8;
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
                    total += Step(x) * x.shape[0];
                    n += x.shape[0];
                }
            _epochs++;
            result.Add(new JsonObject { ["epoch"] = _epochs, ["train_nll"] = total / n, ["test_bits_per_dim"] = TestBitsPerDim() });
        }
        return result;
    }

    /// <summary>The flow's log-density of data in [0, 1] (logit pre-processing and its Jacobian included).</summary>
    private sealed class RealNvp : nn.Module<Tensor, Tensor>
    {
        private readonly ModuleList<Coupling> couplings = new();

        public RealNvp() : base("realnvp")
        {
            var parity = (arange(D) % 2 == 0).to(float32);
            for (int i = 0; i < 6; i++) couplings.Add(new Coupling(i % 2 == 0 ? parity : 1 - parity));
            RegisterComponents();
        }

        public override Tensor forward(Tensor y)
        {
            var p = Alpha + (1 - 2 * Alpha) * y;
            var x = p.log() - (-p).log1p();
            var logDet = (Math.Log(1 - 2 * Alpha) - p.log() - (-p).log1p()).sum(1);
            foreach (var c in couplings)
            {
                var (next, ld) = c.call(x);
                x = next;
                logDet = logDet + ld;
            }
            return -0.5 * (x * x).sum(1) - 0.5 * D * Math.Log(2 * Math.PI) + logDet;
        }
    }

    private sealed class Coupling : nn.Module<Tensor, (Tensor, Tensor)>
    {
        private readonly Tensor mask;
        private readonly Sequential net;

        public Coupling(Tensor mask) : base("coupling")
        {
            this.mask = mask;
            var last = nn.Linear(1024, 2 * D);
            using (no_grad())
            {
                nn.init.zeros_(last.weight);
                nn.init.zeros_(last.bias);
            }
            net = nn.Sequential(nn.Linear(D, 1024), nn.ReLU(), nn.Linear(1024, 1024), nn.ReLU(), last);
            RegisterComponents();
        }

        public override (Tensor, Tensor) forward(Tensor x)
        {
            var ab = net.call(x * mask).chunk(2, 1);
            var s = ab[0].tanh() * (1 - mask);
            var t = ab[1] * (1 - mask);
            return (x * s.exp() + t, s.sum(1));
        }
    }
}
