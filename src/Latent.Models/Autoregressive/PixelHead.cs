using Latent.NN;
using Latent.Tensors;

namespace Latent.Models.Autoregressive;

/// <summary>
/// The per-pixel output head of a pixel network: ReLU, a hidden 1×1 layer with ReLU, and a 1×1 layer to the
/// distribution's parameters, run as matrix products on feature rows [M, channels] (one row per pixel).
/// </summary>
public sealed class PixelHead : Module
{
    private readonly Linear _hidden;
    private readonly Linear _output;

    /// <summary>Creates the head from <paramref name="channels"/> features through <paramref name="hidden"/> to <paramref name="outputs"/>.</summary>
    public PixelHead(int channels, int hidden, int outputs, Generator gen)
    {
        _hidden = RegisterModule("hidden", new Linear(channels, hidden, gen));
        _output = RegisterModule("output", new Linear(hidden, outputs, gen));
    }

    /// <summary>Parameters [M, outputs] of feature rows [M, channels].</summary>
    public override Tensor Forward(Tensor rows) => _output.Forward(_hidden.Forward(rows.Relu()).Relu());

    /// <summary>Parameters [N·H·W, outputs] of feature maps [N, channels, H, W], pixels in (image, row, column) order.</summary>
    public Tensor OfMaps(Tensor maps)
    {
        ArgumentNullException.ThrowIfNull(maps);
        return Forward(maps.Permute(0, 2, 3, 1).Reshape(-1, maps.Shape[1]));
    }
}
