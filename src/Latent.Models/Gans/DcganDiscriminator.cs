using Latent.NN;
using Latent.Tensors;

namespace Latent.Models.Gans;

/// <summary>
/// The DCGAN discriminator for 28×28 images (workload W2): Conv(C→64, k4 s2 p1) + LeakyReLU 0.2 →
/// Conv(64→128, k4 s2 p1) + norm + LeakyReLU 0.2 (the 128×7×7 features) → Conv(128→1, k7 s1 p0) → one score; no bias
/// unless asked for, N(0, 0.02²) initialization. Options: no norm (the WGAN-GP critic of W3), spectral normalization of every
/// convolution, a minibatch standard-deviation channel before the last convolution, or minibatch discrimination on the
/// flattened features followed by a linear layer instead of the last convolution. A conditional discriminator appends
/// the label encoding as constant input channels.
/// </summary>
public sealed class DcganDiscriminator : GanDiscriminator
{
    private const int FeatureChannels = 128;

    /// <summary>The number of values in one example's <see cref="Features"/>: 128 channels of 7×7.</summary>
    public const int FeatureSize = FeatureChannels * 49;
    private readonly Sequential _features;
    private readonly MinibatchStdDev? _minibatchStd;
    private readonly MinibatchDiscrimination? _minibatch;
    private readonly Module _output;
    private readonly LabelEncoder? _labels;
    private readonly int _channels;

    /// <summary>Creates the discriminator.</summary>
    /// <param name="gen">Initializes the weights.</param>
    /// <param name="channels">Image channels.</param>
    /// <param name="norm">Normalization after the second convolution (batch norm in W2, none for the W3 critic).</param>
    /// <param name="spectralNorm">Wrap every convolution (and linear layer) in <see cref="SpectralNorm"/>.</param>
    /// <param name="minibatchStd">Append a minibatch standard-deviation channel to the features.</param>
    /// <param name="minibatchKernels">Kernels of minibatch discrimination on the flattened features; 0 for none.</param>
    /// <param name="minibatchKernelDim">The kernel size of minibatch discrimination.</param>
    /// <param name="labels">A label encoder for a conditional discriminator, else null.</param>
    /// <param name="bias">
    /// Give the convolutions biases (zero-initialized). Without norm and without biases every layer maps 0 to 0, so the
    /// mid-grey image (0 in [−1, 1]) always scores exactly 0 — D(x) = ½ — whatever D learns, and a generator can settle there.
    /// </param>
    public DcganDiscriminator(Generator gen, int channels = 1, NormKind norm = NormKind.Batch, bool spectralNorm = false,
        bool minibatchStd = false, int minibatchKernels = 0, int minibatchKernelDim = 3, LabelEncoder? labels = null, bool bias = false)
    {
        if (channels <= 0) throw new ArgumentOutOfRangeException(nameof(channels), $"DcganDiscriminator: channels must be positive, got {channels}.");
        if (norm == NormKind.Virtual)
            throw new ArgumentException("DcganDiscriminator: virtual batch norm is for the generator; use batch, instance or none.", nameof(norm));
        _channels = channels;
        if (labels != null)
        {
            _labels = RegisterModule("labels", labels);
            Classes = labels.Classes;
        }
        int input = channels + (labels?.Dim ?? 0);
        _features = new Sequential(Wrap(new Conv2d(input, 64, 4, gen, stride: 2, padding: 1, bias: bias), spectralNorm, gen), new LeakyRelu(0.2f),
            Wrap(new Conv2d(64, FeatureChannels, 4, gen, stride: 2, padding: 1, bias: bias), spectralNorm, gen));
        if (NormLayers.ForImages(norm, FeatureChannels) is { } n) _features.Add(n);
        _features.Add(new LeakyRelu(0.2f));
        RegisterModule("features", _features);
        if (minibatchStd) _minibatchStd = RegisterModule("minibatchStd", new MinibatchStdDev());
        int headChannels = FeatureChannels + (minibatchStd ? 1 : 0);
        if (minibatchKernels > 0)
        {
            _minibatch = RegisterModule("minibatch", new MinibatchDiscrimination(headChannels * 49, minibatchKernels, minibatchKernelDim, gen));
            _output = RegisterModule("output", Wrap(DcganInit.Apply(new Linear(_minibatch.OutFeatures, 1, gen, bias: bias), gen), spectralNorm, gen));
        }
        else
            _output = RegisterModule("output", Wrap(new Conv2d(headChannels, 1, 7, gen, stride: 1, padding: 0, bias: bias), spectralNorm, gen));
    }

    /// <inheritdoc />
    public override Tensor Features(Tensor x, int[]? labels = null)
    {
        CheckLabels(labels, x.Shape[0]);
        if (x.Rank != 4 || x.Shape[1] != _channels || x.Shape[2] != 28 || x.Shape[3] != 28)
            throw new ArgumentException($"DcganDiscriminator: expected images [N, {_channels}, 28, 28], got {Common.ShapeText.Format(x.Shape)}.", nameof(x));
        if (_labels != null)
        {
            var code = _labels.Encode(labels!);
            x = Tensor.Concat([x, code.Reshape(code.Shape[0], code.Shape[1], 1, 1).Expand(x.Shape[0], code.Shape[1], 28, 28)], 1);
        }
        return _features.Call(x);
    }

    /// <inheritdoc />
    public override Tensor Head(Tensor features, int[]? labels = null)
    {
        var h = _minibatchStd != null ? _minibatchStd.Call(features) : features;
        if (_minibatch != null) h = _minibatch.Call(h.Flatten(1));
        return _output.Call(h).Reshape(features.Shape[0]);
    }

    private static Module Wrap(Module layer, bool spectralNorm, Generator gen)
    {
        DcganInit.Apply(layer, gen);
        return spectralNorm ? new SpectralNorm(layer, gen) : layer;
    }
}
