using Latent.Models.Catalog;

namespace Latent.Models.Gans;

/// <summary>How the DCGAN generator doubles its maps' resolution (Odena et al. 2016, "Deconvolution and checkerboard artifacts").</summary>
public enum UpsampleKind
{
    /// <summary>A transposed convolution, kernel 4, stride 2 (DCGAN, W2): its kernel overlaps unevenly, which can paint a checkerboard.</summary>
    [OptionValue("transposed", "deconv")]
    Transposed,

    /// <summary>Nearest-neighbour resize to twice the size, then a 3×3 convolution: every output pixel gets the same kernel overlap.</summary>
    [OptionValue("resize", "resize-conv")]
    Resize,
}
