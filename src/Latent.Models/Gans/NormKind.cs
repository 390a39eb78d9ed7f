using Latent.Models.Catalog;
using Latent.NN;

namespace Latent.Models.Gans;

/// <summary>The normalization a GAN network puts after its hidden layers.</summary>
public enum NormKind
{
    /// <summary>No normalization.</summary>
    None,

    /// <summary>Batch normalization (the DCGAN default).</summary>
    [OptionValue("batch", "batchnorm")]
    Batch,

    /// <summary>Instance normalization: each sample normalized on its own, so samples in a batch do not interact.</summary>
    [OptionValue("instance", "instancenorm")]
    Instance,

    /// <summary>
    /// Virtual batch normalization: statistics of a reference batch fixed at the start of training and forwarded through
    /// the current network before every pass (generator only; <see cref="GanModel"/> drives the reference pass).
    /// </summary>
    [OptionValue("virtual", "vbn")]
    Virtual,
}

/// <summary>Builds normalization layers for <see cref="NormKind"/>.</summary>
public static class NormLayers
{

    /// <summary>A layer for features [N, F] (instance norm normalizes each sample over its F features), or null for none.</summary>
    public static Module? ForVectors(NormKind kind, int features) => kind switch
    {
        NormKind.None => null,
        NormKind.Batch => new BatchNorm1d(features),
        NormKind.Instance => new LayerNorm([features], elementwiseAffine: false),
        NormKind.Virtual => new VirtualBatchNorm(features),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown normalization."),
    };

    /// <summary>A layer for feature maps [N, C, H, W], or null for none.</summary>
    public static Module? ForImages(NormKind kind, int channels) => kind switch
    {
        NormKind.None => null,
        NormKind.Batch => new BatchNorm2d(channels),
        NormKind.Instance => new InstanceNorm2d(channels),
        NormKind.Virtual => new VirtualBatchNorm(channels),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown normalization."),
    };
}
