using Latent.NN;
using Latent.Tensors;

namespace Latent.Models.Gans;

/// <summary>
/// The lens of a tempered GAN (Sajjadi et al. 2018): a small residual network L(x) = x + a·r(x) that distorts real
/// samples before the discriminator sees them, with the distortion scaled by the annealing factor a ∈ [0, 1]. For
/// images r is Conv(C→16, k3) → ReLU → Conv(16→16, k3) → ReLU → Conv(16→C, k3), for vectors an MLP with one hidden
/// layer of 64; its last layer starts at zero, so the lens starts as the identity.
/// </summary>
public sealed class LensNetwork : Module
{
    private readonly Sequential _residual;

    /// <summary>Creates the lens for samples of <paramref name="sampleShape"/> ([C, H, W] or [D]).</summary>
    /// <exception cref="ArgumentException">The shape is neither.</exception>
    public LensNetwork(int[] sampleShape, Generator gen)
    {
        ArgumentNullException.ThrowIfNull(sampleShape);
        Module last;
        if (sampleShape.Length == 3)
        {
            int c = sampleShape[0];
            last = new Conv2d(16, c, 3, gen, padding: 1);
            _residual = new Sequential(new Conv2d(c, 16, 3, gen, padding: 1), new Relu(), new Conv2d(16, 16, 3, gen, padding: 1), new Relu(), last);
        }
        else if (sampleShape.Length == 1)
        {
            last = new Linear(64, sampleShape[0], gen);
            _residual = new Sequential(new Linear(sampleShape[0], 64, gen), new Relu(), last);
        }
        else throw new ArgumentException($"LensNetwork: expected a sample shape [C, H, W] or [D], got {Common.ShapeText.Format(sampleShape)}.", nameof(sampleShape));
        using (Autograd.NoGrad())
            foreach (var p in last.Parameters()) p.CopyFrom(Tensor.ZerosLike(p));
        RegisterModule("residual", _residual);
    }

    /// <summary>L(x) = x + <paramref name="strength"/>·r(x).</summary>
    public Tensor Distort(Tensor x, float strength) => strength == 0 ? x : x + strength * _residual.Call(x);

    /// <summary>The full-strength lens x + r(x).</summary>
    public override Tensor Forward(Tensor x) => Distort(x, 1f);
}
