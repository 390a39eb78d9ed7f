using Latent.NN;
using Latent.Tensors;

namespace Latent.Models.Gans;

/// <summary>
/// The DCGAN generator for 28×28 images (workload W2): z [N, 100] as a 1×1 map →
/// ConvT(100→256, k7 s1 p0) + norm + ReLU → ConvT(256→128, k4 s2 p1) + norm + ReLU → ConvT(128→C, k4 s2 p1) + tanh,
/// all without bias, initialized from N(0, 0.02²). A conditional generator appends the label encoding to z. With
/// <see cref="UpsampleKind.Resize"/> each stride-2 transposed convolution becomes a nearest-neighbour resize ×2 and a
/// 3×3 convolution with the same channels.
/// </summary>
public sealed class DcganGenerator : GanGenerator
{
    private readonly Sequential _body;
    private readonly LabelEncoder? _labels;
    private readonly int _channels;

    /// <summary>Creates the generator.</summary>
    /// <param name="gen">Initializes the weights.</param>
    /// <param name="latentDim">The size of z (100 in W2).</param>
    /// <param name="channels">Image channels (1 for Fashion-MNIST).</param>
    /// <param name="norm">Normalization after the first two transposed convolutions (batch norm in W2).</param>
    /// <param name="labels">A label encoder for a conditional generator, else null.</param>
    /// <param name="width">Channels of the first hidden map (256 in W2; the second has half).</param>
    /// <param name="upsample">How the two stride-2 stages double the resolution.</param>
    public DcganGenerator(Generator gen, int latentDim = 100, int channels = 1, NormKind norm = NormKind.Batch,
        LabelEncoder? labels = null, int width = 256, UpsampleKind upsample = UpsampleKind.Transposed)
    {
        if (latentDim <= 0 || channels <= 0 || width < 2)
            throw new ArgumentOutOfRangeException(nameof(latentDim), $"DcganGenerator: latentDim {latentDim}, channels {channels} and width {width} must be positive (width ≥ 2).");
        LatentDim = latentDim;
        _channels = channels;
        if (labels != null)
        {
            _labels = RegisterModule("labels", labels);
            Classes = labels.Classes;
        }
        int input = latentDim + (labels?.Dim ?? 0);
        _body = new Sequential(new ConvTranspose2d(input, width, 7, gen, stride: 1, padding: 0, bias: false));
        AddNormRelu(_body, norm, width);
        AddDoubling(_body, upsample, width, width / 2, gen);
        AddNormRelu(_body, norm, width / 2);
        AddDoubling(_body, upsample, width / 2, channels, gen);
        _body.Add(new Tanh());
        DcganInit.Apply(_body, gen);
        RegisterModule("body", _body);
    }

    /// <inheritdoc />
    public override int[] SampleShape => [_channels, 28, 28];

    /// <inheritdoc />
    public override Tensor Generate(Tensor z, int[]? labels = null)
    {
        CheckInput(z, labels);
        var input = _labels != null ? Tensor.Concat([z, _labels.Encode(labels!)], 1) : z;
        return _body.Call(input.Reshape(input.Shape[0], input.Shape[1], 1, 1));
    }

    private static void AddDoubling(Sequential body, UpsampleKind upsample, int input, int output, Generator gen)
    {
        if (upsample == UpsampleKind.Transposed)
        {
            body.Add(new ConvTranspose2d(input, output, 4, gen, stride: 2, padding: 1, bias: false));
            return;
        }
        body.Add(new Upsample(2));
        body.Add(new Conv2d(input, output, 3, gen, padding: 1, bias: false));
    }

    private static void AddNormRelu(Sequential body, NormKind norm, int channels)
    {
        if (NormLayers.ForImages(norm, channels) is { } n) body.Add(n);
        body.Add(new Relu());
    }
}
