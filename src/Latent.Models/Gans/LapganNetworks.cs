using Latent.NN;
using Latent.Tensors;

namespace Latent.Models.Gans;

/// <summary>
/// The generator of one refining LAPGAN level: from the upsampled coarser image l [N, C, S, S] and one noise channel
/// it makes the band-pass residual h [N, C, S, S]: Conv(C+1→w, k3) → ReLU → Conv(w→w, k3) → ReLU → Conv(w→C, k3),
/// linear output (residuals are signed and small).
/// </summary>
public sealed class LapganLevelGenerator : Module
{
    private readonly Sequential _net;
    private readonly int _channels;

    /// <summary>Creates the generator for <paramref name="channels"/>-channel images, <paramref name="width"/> hidden channels.</summary>
    public LapganLevelGenerator(int channels, int width, Generator gen)
    {
        _channels = channels;
        _net = RegisterModule("net", new Sequential(new Conv2d(channels + 1, width, 3, gen, padding: 1), new Relu(),
            new Conv2d(width, width, 3, gen, padding: 1), new Relu(), new Conv2d(width, channels, 3, gen, padding: 1)));
    }

    /// <summary>The residual for upsampled coarse images <paramref name="low"/>, noise drawn from <paramref name="gen"/>.</summary>
    public Tensor Generate(Tensor low, Generator gen)
        => _net.Call(Tensor.Concat([low, Tensor.Randn([low.Shape[0], 1, low.Shape[2], low.Shape[3]], gen)], 1));

    /// <summary>Not used: a level generator needs its noise generator; call <see cref="Generate"/>.</summary>
    public override Tensor Forward(Tensor x) => throw new NotSupportedException("LapganLevelGenerator: call Generate(low, gen).");

    /// <summary>The image channels.</summary>
    public int Channels => _channels;
}

/// <summary>
/// The discriminator of one refining LAPGAN level: it scores a residual h given the upsampled coarse image l it
/// refines, Conv(2C→w, k4 s2 p1) → LeakyReLU 0.2 → Conv(w→w, k3 p1) → LeakyReLU 0.2 → Flatten → Linear → one logit.
/// </summary>
public sealed class LapganLevelDiscriminator : Module
{
    private readonly Sequential _net;

    /// <summary>Creates the discriminator for residuals of <paramref name="size"/>×<paramref name="size"/> (even).</summary>
    public LapganLevelDiscriminator(int channels, int size, int width, Generator gen)
    {
        _net = RegisterModule("net", new Sequential(new Conv2d(2 * channels, width, 4, gen, stride: 2, padding: 1), new LeakyRelu(0.2f),
            new Conv2d(width, width, 3, gen, padding: 1), new LeakyRelu(0.2f), new Flatten(), new Linear(width * (size / 2) * (size / 2), 1, gen)));
    }

    /// <summary>Logits [N] for residuals given their coarse images.</summary>
    public Tensor Score(Tensor residual, Tensor low) => _net.Call(Tensor.Concat([residual, low], 1)).Reshape(residual.Shape[0]);

    /// <summary>Not used: the discriminator needs the coarse image too; call <see cref="Score"/>.</summary>
    public override Tensor Forward(Tensor x) => throw new NotSupportedException("LapganLevelDiscriminator: call Score(residual, low).");
}
