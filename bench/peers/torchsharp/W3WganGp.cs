using static TorchSharp.torch;

namespace Latent.TorchSharpPeer;

/// <summary>
/// W3: WGAN-GP on W2's networks, the critic without batch norm: critic loss mean D(fake) − mean D(real) + 10·GP, GP on
/// per-sample gradient norms at interpolates (ε ~ U(0, 1) per sample); G loss −mean D(G(z)); Adam 1e-4, β = (0, 0.9).
/// </summary>
internal sealed class W3WganGp(int seed) : GanPeer(seed, batch: 64, dBatchNorm: false, lr: 1e-4, beta1: 0.0, beta2: 0.9)
{
    protected override Tensor DLoss(Tensor real, Tensor fake) => D.call(fake).mean() - D.call(real).mean() + 10 * GradientPenalty(real, fake);

    protected override Tensor GLoss(Tensor fake) => -D.call(fake).mean();

    private Tensor GradientPenalty(Tensor real, Tensor fake)
    {
        var eps = rand(real.shape[0], 1, 1, 1);
        var x = (eps * real + (1 - eps) * fake).requires_grad_(true);
        // retain_graph as in Python, where it defaults to create_graph (TorchSharp defaults it to false).
        var grad = autograd.grad([D.call(x).sum()], [x], retain_graph: true, create_graph: true)[0];
        return (linalg.vector_norm(grad.flatten(1), 2, [1]) - 1).pow(2).mean();
    }
}
