using Latent.NN;
using Latent.Tensors;

namespace Latent.Models.Gans;

/// <summary>
/// StackGAN stage I: [z, ĉ] → Linear → 64×7×7 → batch norm → ReLU → ConvT(64→32, k4 s2 p1) → batch norm → ReLU →
/// Conv(32→C, k3 p1) → tanh: a rough 14×14 image of the class.
/// </summary>
public sealed class StackganStageOneGenerator : Module
{
    private readonly Sequential _net;

    /// <summary>Creates the generator.</summary>
    public StackganStageOneGenerator(int latentDim, int conditionDim, int channels, Generator gen)
    {
        _net = RegisterModule("net", new Sequential(new Linear(latentDim + conditionDim, 64 * 49, gen), new Unflatten(1, [64, 7, 7]), new BatchNorm2d(64), new Relu(),
            new ConvTranspose2d(64, 32, 4, gen, stride: 2, padding: 1), new BatchNorm2d(32), new Relu(),
            new Conv2d(32, channels, 3, gen, padding: 1), new Tanh()));
    }

    /// <summary>Images [N, C, 14, 14] from codes [N, latent] and conditions [N, conditionDim].</summary>
    public Tensor Generate(Tensor z, Tensor condition) => _net.Call(Tensor.Concat([z, condition], 1));

    /// <summary>Not used: call <see cref="Generate"/>.</summary>
    public override Tensor Forward(Tensor x) => throw new NotSupportedException("StackganStageOneGenerator: call Generate(z, condition).");
}

/// <summary>
/// StackGAN stage II: it refines a 14×14 stage-I image, conditioned again: the image and ĉ (broadcast over the
/// pixels) → Conv(C+c→64, k3 p1) → ReLU → a residual block of two 3×3 convolutions → ConvT(64→32, k4 s2 p1) →
/// batch norm → ReLU → Conv(32→C, k3 p1) → tanh: a 28×28 image.
/// </summary>
public sealed class StackganStageTwoGenerator : Module
{
    private readonly Sequential _encode;
    private readonly Sequential _residual;
    private readonly Sequential _decode;

    /// <summary>Creates the generator.</summary>
    public StackganStageTwoGenerator(int conditionDim, int channels, Generator gen)
    {
        _encode = RegisterModule("encode", new Sequential(new Conv2d(channels + conditionDim, 64, 3, gen, padding: 1), new Relu()));
        _residual = RegisterModule("residual", new Sequential(new Conv2d(64, 64, 3, gen, padding: 1), new BatchNorm2d(64), new Relu(),
            new Conv2d(64, 64, 3, gen, padding: 1), new BatchNorm2d(64)));
        _decode = RegisterModule("decode", new Sequential(new ConvTranspose2d(64, 32, 4, gen, stride: 2, padding: 1), new BatchNorm2d(32), new Relu(),
            new Conv2d(32, channels, 3, gen, padding: 1), new Tanh()));
    }

    /// <summary>Images [N, C, 28, 28] from stage-I images [N, C, 14, 14] and conditions [N, conditionDim].</summary>
    public Tensor Refine(Tensor stageOne, Tensor condition)
    {
        var h = _encode.Call(Tensor.Concat([stageOne, StackganDiscriminator.Broadcast(condition, stageOne.Shape[2])], 1));
        return _decode.Call((h + _residual.Call(h)).Relu());
    }

    /// <summary>Not used: call <see cref="Refine"/>.</summary>
    public override Tensor Forward(Tensor x) => throw new NotSupportedException("StackganStageTwoGenerator: call Refine(image, condition).");
}

/// <summary>
/// A StackGAN discriminator for one stage: strided 4×4 convolutions with LeakyReLU 0.2 down to 7×7 (one for
/// 14×14 images, two for 28×28), then the condition μ broadcast over the 7×7 map is appended, Conv(→64, k3 p1) →
/// LeakyReLU → Flatten → Linear → one logit for "real image that matches its condition".
/// </summary>
public sealed class StackganDiscriminator : Module
{
    private readonly Sequential _image;
    private readonly Sequential _joint;

    /// <summary>Creates the discriminator for <paramref name="size"/>×<paramref name="size"/> images (14 or 28).</summary>
    /// <exception cref="ArgumentException">The size is neither.</exception>
    public StackganDiscriminator(int channels, int size, int conditionDim, Generator gen)
    {
        if (size is not (14 or 28)) throw new ArgumentException($"StackganDiscriminator: images must be 14 or 28 pixels wide, got {size}.", nameof(size));
        _image = new Sequential(new Conv2d(channels, 32, 4, gen, stride: 2, padding: 1), new LeakyRelu(0.2f));
        int width = 32;
        if (size == 28)
        {
            _image.Add(new Conv2d(32, 64, 4, gen, stride: 2, padding: 1)).Add(new LeakyRelu(0.2f));
            width = 64;
        }
        RegisterModule("image", _image);
        _joint = RegisterModule("joint", new Sequential(new Conv2d(width + conditionDim, 64, 3, gen, padding: 1), new LeakyRelu(0.2f),
            new Flatten(), new Linear(64 * 49, 1, gen)));
    }

    /// <summary>Logits [N] of images paired with conditions [N, conditionDim].</summary>
    public Tensor Score(Tensor images, Tensor condition) => _joint.Call(Tensor.Concat([_image.Call(images), Broadcast(condition, 7)], 1)).Reshape(images.Shape[0]);

    /// <summary>Not used: call <see cref="Score"/>.</summary>
    public override Tensor Forward(Tensor x) => throw new NotSupportedException("StackganDiscriminator: call Score(images, condition).");

    /// <summary>A condition [N, D] as a constant D-channel map [N, D, size, size].</summary>
    public static Tensor Broadcast(Tensor condition, int size)
        => condition.Reshape(condition.Shape[0], condition.Shape[1], 1, 1).Expand(condition.Shape[0], condition.Shape[1], size, size);
}
