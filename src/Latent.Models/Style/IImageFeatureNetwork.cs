using Latent.Tensors;

namespace Latent.Models.Style;

/// <summary>
/// A frozen convolutional network whose inner layers describe an image: the feature space of style transfer, texture
/// synthesis and deep dream. Its activations are recorded for autograd, so losses on them can be differentiated with
/// respect to the image.
/// </summary>
public interface IImageFeatureNetwork
{
    /// <summary>A short name for reports, e.g. "resnet18".</summary>
    string Name { get; }

    /// <summary>Image sides must be multiples of this (32 for a network that halves the resolution five times; 1 when any size works).</summary>
    int SizeMultiple { get; }

    /// <summary>The layer names <see cref="Activations"/> accepts, from the input side to the output side.</summary>
    IReadOnlyList<string> Layers { get; }

    /// <summary>
    /// The activations [N, C, h, w] of <paramref name="layers"/> for RGB images [N, 3, H, W] in [0, 1] (any size the
    /// network accepts), with the graph recorded so that gradients reach <paramref name="images"/>.
    /// </summary>
    /// <exception cref="ArgumentException">A layer is not one of <see cref="Layers"/>, or the images are not [N, 3, H, W].</exception>
    IReadOnlyDictionary<string, Tensor> Activations(Tensor images, IReadOnlyList<string> layers);
}
