using System.Text.Json.Nodes;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Latent.TorchSharpPeer;

/// <summary>
/// W4: PixelCNN — masked conv A 1→64 k7 p3, ReLU, 5 × (masked conv B 64→64 k3 p1, ReLU), conv 64→256 k1; 256-way
/// softmax cross-entropy on the pixel values; Adam 1e-3; batch 32. The mask multiplies the weight in every forward
/// pass (as in w4.py and Latent). LATENT_W4_TRAIN_SIZE / LATENT_W4_TEST_SIZE limit the images of the quality run.
/// </summary>
internal sealed class W4PixelCnn : EpochTraining
{
    private readonly nn.Module<Tensor, Tensor> _model;
    private readonly optim.Optimizer _optimizer;
    private readonly Tensor _test;

    public W4PixelCnn(int seed)
    {
        random.manual_seed(seed);
        var train = FashionMnist.Images("train");
        var test = FashionMnist.Images("test");
        long nTrain = long.Parse(Environment.GetEnvironmentVariable("LATENT_W4_TRAIN_SIZE") ?? train.shape[0].ToString());
        long nTest = long.Parse(Environment.GetEnvironmentVariable("LATENT_W4_TEST_SIZE") ?? test.shape[0].ToString());
        _test = test.narrow(0, 0, nTest).reshape(-1, 1, 28, 28);
        var layers = new List<nn.Module<Tensor, Tensor>> { new MaskedConv2d('A', 1, 64, 7), nn.ReLU() };
        for (int i = 0; i < 5; i++) layers.AddRange([new MaskedConv2d('B', 64, 64, 3), nn.ReLU()]);
        layers.Add(nn.Conv2d(64, 256, 1));
        _model = nn.Sequential(layers);
        _optimizer = optim.Adam(_model.parameters(), lr: 1e-3);
        Batches = new Batches(train.narrow(0, 0, nTrain).reshape(-1, 1, 28, 28), 32, seed);
    }

    protected override Batches Batches { get; }

    /// <summary>Per-dimension cross-entropy in nats (mean) of images in [0, 1].</summary>
    private static Tensor Nll(Tensor logits, Tensor x) => F.cross_entropy(logits, (x * 255).round().to(int64).squeeze(1));

    protected override double Step(Tensor x)
    {
        _optimizer.zero_grad();
        var loss = Nll(_model.call(x), x);
        loss.backward();
        _optimizer.step();
        return loss.item<float>();
    }

    private double TestNll()
    {
        _model.eval();
        double total = SumOverSlices(_test, 500, x => Nll(_model.call(x), x).item<float>() * x.shape[0] * 784);
        _model.train();
        return total / _test.shape[0];
    }

    protected override JsonObject Metrics(int epoch, double trainLoss)
    {
        double test = TestNll();
        return new JsonObject
        {
            ["epoch"] = epoch, ["train_bits_per_dim"] = trainLoss / Math.Log(2), ["test_nll"] = test,
            ["test_bits_per_dim"] = test / 784 / Math.Log(2),
        };
    }

    /// <summary>A k×k convolution whose weight is multiplied by a causal mask (type A excludes the centre pixel).</summary>
    private sealed class MaskedConv2d : nn.Module<Tensor, Tensor>
    {
        private readonly Conv2d conv;
        private readonly Tensor mask;
        private readonly long _padding;

        public MaskedConv2d(char type, long cin, long cout, int k) : base("masked_conv")
        {
            conv = nn.Conv2d(cin, cout, k, padding: k / 2);
            _padding = k / 2;
            var m = zeros(1, 1, k, k);
            int c = k / 2;
            m[.., .., ..c, ..] = 1;
            m[.., .., c, ..c] = 1;
            if (type == 'B') m[.., .., c, c] = 1;
            mask = m;
            RegisterComponents();
        }

        public override Tensor forward(Tensor x) => F.conv2d(x, conv.weight! * mask, conv.bias, padding: [_padding, _padding]);
    }
}
