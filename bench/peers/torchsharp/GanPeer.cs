using System.Text.Json.Nodes;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Latent.TorchSharpPeer;

/// <summary>
/// W2/W3's networks (bench/peers/pytorch/w2.py) and step: one D step on a real batch and the detached fakes, then one G
/// step reusing the same fake batch, D's parameters frozen for the G step. Data scaled to [−1, 1], batch 64, z ~ N(0, I).
/// </summary>
internal abstract class GanPeer : IWorkload
{
    private const int Latent = 100;
    private readonly nn.Module<Tensor, Tensor> _g;
    private readonly optim.Optimizer _optG, _optD;
    private readonly Batches _batches;
    private int _epochs;

    protected GanPeer(int seed, int batch, bool dBatchNorm, double lr, double beta1, double beta2)
    {
        random.manual_seed(seed);
        _g = nn.Sequential(
            nn.ConvTranspose2d(Latent, 256, 7, 1, 0, bias: false), nn.BatchNorm2d(256), nn.ReLU(true),
            nn.ConvTranspose2d(256, 128, 4, 2, 1, bias: false), nn.BatchNorm2d(128), nn.ReLU(true),
            nn.ConvTranspose2d(128, 1, 4, 2, 1, bias: false), nn.Tanh());
        D = dBatchNorm
            ? nn.Sequential(
                nn.Conv2d(1, 64, 4, 2, 1, bias: false), nn.LeakyReLU(0.2, true),
                nn.Conv2d(64, 128, 4, 2, 1, bias: false), nn.BatchNorm2d(128), nn.LeakyReLU(0.2, true),
                nn.Conv2d(128, 1, 7, 1, 0, bias: false))
            : nn.Sequential(
                nn.Conv2d(1, 64, 4, 2, 1, bias: false), nn.LeakyReLU(0.2, true),
                nn.Conv2d(64, 128, 4, 2, 1, bias: false), nn.LeakyReLU(0.2, true),
                nn.Conv2d(128, 1, 7, 1, 0, bias: false));
        DcganInit(_g);
        DcganInit(D);
        _optG = optim.Adam(_g.parameters(), lr, beta1, beta2);
        _optD = optim.Adam(D.parameters(), lr, beta1, beta2);
        var images = FashionMnist.Images("train").reshape(-1, 1, 28, 28);
        _batches = new Batches(images * 2 - 1, batch, seed);
    }

    /// <summary>The discriminator (critic).</summary>
    protected nn.Module<Tensor, Tensor> D { get; }

    /// <summary>The discriminator's (critic's) loss on a real batch and detached fakes.</summary>
    protected abstract Tensor DLoss(Tensor real, Tensor fake);

    /// <summary>The generator's loss on its fakes.</summary>
    protected abstract Tensor GLoss(Tensor fake);

    public void Step() => Step(_batches.Next());

    private (double D, double G) Step(Tensor real)
    {
        var fake = _g.call(randn(real.shape[0], Latent, 1, 1));
        _optD.zero_grad();
        var dLoss = DLoss(real, fake.detach());
        dLoss.backward();
        _optD.step();
        _optG.zero_grad();
        SetRequiresGrad(D, false); // the G step does not need D's parameter gradients
        var gLoss = GLoss(fake);
        gLoss.backward();
        SetRequiresGrad(D, true);
        _optG.step();
        return (dLoss.item<float>(), gLoss.item<float>());
    }

    public JsonArray TrainEpochs(int epochs)
    {
        var result = new JsonArray();
        for (int e = 0; e < epochs; e++)
        {
            double dTotal = 0, gTotal = 0;
            int steps = 0;
            foreach (var x in _batches.Epoch())
                using (NewDisposeScope())
                {
                    var (d, g) = Step(x);
                    dTotal += d;
                    gTotal += g;
                    steps++;
                }
            _epochs++;
            result.Add(new JsonObject { ["epoch"] = _epochs, ["d_loss"] = dTotal / steps, ["g_loss"] = gTotal / steps });
        }
        return result;
    }

    private static void SetRequiresGrad(nn.Module module, bool value)
    {
        foreach (var p in module.parameters()) p.requires_grad = value;
    }

    /// <summary>DCGAN's init: conv weights ~ N(0, 0.02), batch-norm scales ~ N(1, 0.02), shifts 0.</summary>
    private static void DcganInit(nn.Module module)
    {
        using var _ = no_grad();
        foreach (var m in module.modules())
        {
            if (m is Conv2d conv) nn.init.normal_(conv.weight, 0.0, 0.02);
            else if (m is ConvTranspose2d convT) nn.init.normal_(convT.weight, 0.0, 0.02);
            else if (m is BatchNorm2d bn)
            {
                nn.init.normal_(bn.weight, 1.0, 0.02);
                nn.init.zeros_(bn.bias);
            }
        }
    }
}
