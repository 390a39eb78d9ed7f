using Latent.Tensors;

namespace Latent.Data;

/// <summary>
/// A labelled set of 8-bit images kept as raw bytes (N × C × H × W, row-major), converted to float tensors on demand.
/// Keeping bytes makes loading fast and uses a quarter of the memory of floats.
/// </summary>
public sealed class ImageDataset
{
    private readonly byte[] _pixels;
    private readonly int[] _labels;

    /// <summary>Creates a dataset; the arrays are owned by the dataset afterwards and must not be modified.</summary>
    /// <exception cref="ArgumentException">Sizes do not agree or a label is outside 0 … classNames.Count − 1.</exception>
    public ImageDataset(string name, byte[] pixels, int[] labels, int channels, int height, int width, IReadOnlyList<string> classNames)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(classNames);
        if (channels <= 0 || height <= 0 || width <= 0)
            throw new ArgumentException($"{name}: image size {channels}×{height}×{width} must be positive.");
        long expected = (long)labels.Length * channels * height * width;
        if (expected != pixels.Length)
            throw new ArgumentException($"{name}: {labels.Length} labels of {channels}×{height}×{width} images need {expected} pixel bytes, got {pixels.Length}.");
        for (int i = 0; i < labels.Length; i++)
            if ((uint)labels[i] >= (uint)classNames.Count)
                throw new ArgumentException($"{name}: label {labels[i]} of example {i} is outside 0…{classNames.Count - 1}.");
        Name = name;
        _pixels = pixels;
        _labels = labels;
        Channels = channels;
        Height = height;
        Width = width;
        ClassNames = classNames;
    }

    /// <summary>A human-readable name such as "Fashion-MNIST train".</summary>
    public string Name { get; }

    /// <summary>The number of images.</summary>
    public int Count => _labels.Length;

    /// <summary>Channels per image.</summary>
    public int Channels { get; }

    /// <summary>Image height in pixels.</summary>
    public int Height { get; }

    /// <summary>Image width in pixels.</summary>
    public int Width { get; }

    /// <summary>Values per image (C·H·W).</summary>
    public int ImageSize => Channels * Height * Width;

    /// <summary>The class names, indexed by label.</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>All pixels as bytes, image after image.</summary>
    public ReadOnlySpan<byte> Pixels => _pixels;

    /// <summary>The class label of every image.</summary>
    public ReadOnlySpan<int> Labels => _labels;

    /// <summary>The pixels of image <paramref name="index"/>.</summary>
    public ReadOnlySpan<byte> Image(int index)
    {
        CheckIndex(index);
        return _pixels.AsSpan(index * ImageSize, ImageSize);
    }

    /// <summary>All images as a float tensor [N, C, H, W] with values in [0, 1].</summary>
    public Tensor ToTensor() => ToTensor(0, Count);

    /// <summary>Images <paramref name="start"/> … start + count − 1 as a float tensor [count, C, H, W] in [0, 1].</summary>
    /// <exception cref="ArgumentOutOfRangeException">The range lies outside the dataset.</exception>
    public Tensor ToTensor(int start, int count)
    {
        if (start < 0 || count < 0 || start + count > Count)
            throw new ArgumentOutOfRangeException(nameof(count), $"{Name}: range [{start}, {start + count}) is outside 0…{Count}.");
        var data = Tensor.NewStorage(count * ImageSize);
        ConvertToUnit(_pixels.AsSpan(start * ImageSize, count * ImageSize), data);
        return new Tensor(data, [count, Channels, Height, Width]);
    }

    /// <summary>The images at <paramref name="indices"/> as a float tensor [k, C, H, W] in [0, 1].</summary>
    public Tensor ToTensor(ReadOnlySpan<int> indices)
    {
        var data = Tensor.NewStorage(indices.Length * ImageSize);
        for (int i = 0; i < indices.Length; i++)
            CopyImage(indices[i], data.AsSpan(i * ImageSize, ImageSize));
        return new Tensor(data, [indices.Length, Channels, Height, Width]);
    }

    /// <summary>The labels as a float tensor [N] (for losses that take class indices as floats).</summary>
    public Tensor LabelsTensor()
    {
        var data = new float[Count];
        for (int i = 0; i < data.Length; i++) data[i] = _labels[i];
        return new Tensor(data, [Count]);
    }

    /// <summary>The first <paramref name="count"/> examples as a new dataset sharing no arrays with this one.</summary>
    public ImageDataset Take(int count)
    {
        if (count < 0 || count > Count)
            throw new ArgumentOutOfRangeException(nameof(count), $"{Name}: cannot take {count} of {Count} examples.");
        return new ImageDataset(Name, _pixels.AsSpan(0, count * ImageSize).ToArray(), _labels.AsSpan(0, count).ToArray(),
            Channels, Height, Width, ClassNames);
    }

    /// <summary>Writes image <paramref name="index"/> as floats in [0, 1] into <paramref name="destination"/>.</summary>
    internal void CopyImage(int index, Span<float> destination)
    {
        CheckIndex(index);
        ConvertToUnit(_pixels.AsSpan(index * ImageSize, ImageSize), destination);
    }

    internal static void ConvertToUnit(ReadOnlySpan<byte> source, Span<float> destination)
    {
        const float scale = 1f / 255f;
        for (int i = 0; i < source.Length; i++) destination[i] = source[i] * scale;
    }

    private void CheckIndex(int index)
    {
        if ((uint)index >= (uint)Count)
            throw new ArgumentOutOfRangeException(nameof(index), $"{Name}: image index {index} is outside 0…{Count - 1}.");
    }
}
