using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Latent.TorchSharpPeer;

/// <summary>W2: DCGAN with the non-saturating loss (BCE with logits); Adam 2e-4, β = (0.5, 0.999); batch 64.</summary>
internal sealed class W2Dcgan(int seed) : GanPeer(seed, batch: 64, dBatchNorm: true, lr: 2e-4, beta1: 0.5, beta2: 0.999)
{
    protected override Tensor DLoss(Tensor real, Tensor fake)
    {
        long n = real.shape[0];
        return F.binary_cross_entropy_with_logits(D.call(real).view(-1), ones(n))
            + F.binary_cross_entropy_with_logits(D.call(fake).view(-1), zeros(n));
    }

    protected override Tensor GLoss(Tensor fake) => F.binary_cross_entropy_with_logits(D.call(fake).view(-1), ones(fake.shape[0]));
}
