using Latent.NN;
using Latent.Tensors;

namespace Latent.Models.Autoregressive;

/// <summary>
/// A network that maps images [N, 1, H, W] (values in [0, 1]) to the parameters of every pixel's distribution, where
/// the parameters at a pixel depend only on the pixels before it in raster order (and on the class label, when
/// conditional). <see cref="Start"/> gives the same parameters one pixel at a time, reusing what earlier pixels computed.
/// </summary>
public abstract class PixelNetwork : Module
{
    /// <summary>Parameters per pixel (the output distribution's <see cref="PixelDistribution.Channels"/>).</summary>
    public abstract int Outputs { get; }

    /// <summary>Classes the network is conditioned on; 0 when it is not conditional.</summary>
    public virtual int Classes => 0;

    /// <summary>The parameters of every pixel as rows [N·H·W, Outputs], pixels in (image, row, column) order.</summary>
    /// <param name="x">Images [N, 1, H, W] in [0, 1].</param>
    /// <param name="labels">One class per image when <see cref="Classes"/> &gt; 0, else null.</param>
    public abstract Tensor ClassLastOutputs(Tensor x, int[]? labels);

    /// <summary>The parameters [N, Outputs, H, W] of every pixel.</summary>
    public Tensor Forward(Tensor x, int[]? labels)
    {
        ArgumentNullException.ThrowIfNull(x);
        return ClassLastOutputs(x, labels).Reshape(x.Shape[0], x.Shape[2], x.Shape[3], Outputs).Permute(0, 3, 1, 2);
    }

    /// <inheritdoc />
    public override Tensor Forward(Tensor x) => Forward(x, null);

    /// <summary>
    /// Begins pixel-by-pixel evaluation of <paramref name="x"/>, which the caller fills in raster order: when
    /// <see cref="PixelStepper.At"/>(r, c) is called, every pixel before (r, c) holds its final value.
    /// </summary>
    public abstract PixelStepper Start(Tensor x, int[]? labels);

    /// <summary>Throws unless <paramref name="labels"/> fits <paramref name="n"/> images and <see cref="Classes"/>.</summary>
    protected void CheckLabels(int[]? labels, int n)
    {
        if (Classes == 0)
        {
            if (labels != null) throw new ArgumentException($"{GetType().Name}: labels were given, but the network is not conditional (classes 0).", nameof(labels));
            return;
        }
        if (labels == null) throw new ArgumentException($"{GetType().Name}: the network is conditioned on {Classes} classes and needs one label per image.", nameof(labels));
        if (labels.Length != n) throw new ArgumentException($"{GetType().Name}: {labels.Length} labels for {n} images.", nameof(labels));
        foreach (int y in labels)
            if (y < 0 || y >= Classes) throw new ArgumentException($"{GetType().Name}: label {y} is outside 0..{Classes - 1}.", nameof(labels));
    }

    /// <summary>Throws unless <paramref name="x"/> is [N, 1, H, W].</summary>
    protected void CheckImages(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Rank != 4 || x.Shape[1] != 1)
            throw new ArgumentException($"{GetType().Name}: expected images [N, 1, H, W], got [{string.Join(", ", x.Shape)}].", nameof(x));
    }
}

/// <summary>Pixel-by-pixel evaluation of a <see cref="PixelNetwork"/> on an image the caller fills in raster order.</summary>
public abstract class PixelStepper
{
    /// <summary>The parameters [N, Outputs] of pixel (<paramref name="row"/>, <paramref name="column"/>), equal to the full forward pass there. Calls come in raster order; pixels may be skipped.</summary>
    public abstract Tensor At(int row, int column);
}
