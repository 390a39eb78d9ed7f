using Latent.Data;
using Latent.Tensors;

namespace Latent.Models.Gans.Studies;

/// <summary>
/// The small GAN the ring-of-8-Gaussians studies train (radius 2, σ = 0.02): an MLP generator 16 → 128 → 128 → 2 and an
/// MLP discriminator with one hidden layer of 128, non-saturating loss, Adam 1e-3 (β₁ = 0.5), batches of 128 fresh
/// ring points per step. The studies differ only in the generator objective and the discriminator's extras.
/// </summary>
internal sealed class RingGan
{
    private const int LatentDim = 16;
    private const int Hidden = 128;
    private const int BatchSize = 128;
    private readonly Generator _data;
    private readonly int[] _indices = Enumerable.Range(0, BatchSize).ToArray();

    /// <summary>Builds the networks and the data stream for one seed.</summary>
    /// <param name="seed">Seeds the initialisation, the data and the generator's noise.</param>
    /// <param name="unrollSteps">k of the unrolled objective (0: the plain generator loss).</param>
    /// <param name="minibatchKernels">Minibatch-discrimination kernels in the discriminator (0: none).</param>
    public RingGan(ulong seed, int unrollSteps = 0, int minibatchKernels = 0)
    {
        var init = new Generator(seed * 7919 + 17);
        _data = new Generator(seed * 104729 + 3);
        var options = new GanOptions
        {
            Loss = GanLossKind.NonSaturating,
            LearningRate = 1e-3,
            Beta1 = 0.5,
            Beta2 = 0.999,
            UnrollSteps = unrollSteps,
            UnrollLr = 1e-2,
        };
        var generator = new MlpGenerator(LatentDim, [2], [Hidden, Hidden], init);
        var discriminator = new MlpDiscriminator(2, [Hidden], init, minibatchKernels: minibatchKernels, minibatchKernelDim: 3);
        Model = new GanModel(generator, discriminator, options, new Generator(seed), ToyDistributions.Ring(1000, _data));
    }

    /// <summary>The GAN being trained.</summary>
    public GanModel Model { get; }

    /// <summary>The ring's modes and their standard deviation, for scoring samples.</summary>
    public static (Tensor Modes, float Std) Ring()
    {
        var ring = ToyDistributions.Ring(1, new Generator(1));
        return (ring.Modes!, ring.ModeStd);
    }

    /// <summary>One discriminator and generator update on a fresh batch of ring points.</summary>
    public void Step() => Model.TrainStep(new Batch(ToyDistributions.Ring(BatchSize, _data).Points, null, null, _indices));
}
