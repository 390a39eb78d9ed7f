using Latent.Tensors;

namespace Latent.Models.Common;

/// <summary>
/// Which pixels of an H×W image are hidden and must be completed: the lower rows, or a rectangle. A pixel model draws
/// the hidden pixels in raster order, each given every pixel before it.
/// </summary>
public sealed class CompletionMask
{
    private readonly bool[] _hidden;

    private CompletionMask(int height, int width, bool[] hidden, string description)
    {
        Height = height;
        Width = width;
        _hidden = hidden;
        Description = description;
        First = Array.IndexOf(hidden, true);
    }

    /// <summary>Image height.</summary>
    public int Height { get; }

    /// <summary>Image width.</summary>
    public int Width { get; }

    /// <summary>What is hidden, e.g. "rows 14..27" or "rectangle 8..19 × 8..19".</summary>
    public string Description { get; }

    /// <summary>The raster index of the first hidden pixel, or −1 when nothing is hidden.</summary>
    public int First { get; }

    /// <summary>Whether pixel (<paramref name="row"/>, <paramref name="column"/>) is hidden.</summary>
    public bool IsHidden(int row, int column) => _hidden[row * Width + column];

    /// <summary>The mask as an image [1, 1, H, W]: 1 where the pixel is hidden, 0 where it is visible.</summary>
    public Tensor ToTensor() => Tensor.FromArray([.. _hidden.Select(h => h ? 1f : 0f)], 1, 1, Height, Width);

    /// <summary>
    /// <paramref name="visible"/> where the pixel is visible and <paramref name="filled"/> where it is hidden, for images
    /// [N, C, H, W] (with a graph through <paramref name="filled"/> when gradients are on).
    /// </summary>
    /// <exception cref="ArgumentException">The images are not [N, C, H, W] of the mask's size, or the two shapes differ.</exception>
    public Tensor Combine(Tensor visible, Tensor filled)
    {
        ArgumentNullException.ThrowIfNull(visible);
        ArgumentNullException.ThrowIfNull(filled);
        if (visible.Rank != 4 || visible.Shape[2] != Height || visible.Shape[3] != Width || !visible.Shape.SequenceEqual(filled.Shape))
            throw new ArgumentException($"CompletionMask: expected two batches [N, C, {Height}, {Width}], got {ShapeText.Format(visible.Shape)} and {ShapeText.Format(filled.Shape)}.");
        var hidden = ToTensor();
        return visible * (1f - hidden) + filled * hidden;
    }

    /// <summary><paramref name="images"/> [N, C, H, W] with every hidden pixel set to 0.5 (mid grey), as pictures show the visible part.</summary>
    public Tensor Hide(Tensor images)
    {
        ArgumentNullException.ThrowIfNull(images);
        using var _ = Autograd.NoGrad();
        return Combine(images, Tensor.Full(0.5f, images.Shape));
    }

    /// <summary>The number of hidden pixels.</summary>
    public int HiddenCount => _hidden.Count(h => h);

    /// <summary>
    /// The hidden pixels (or, with <paramref name="hidden"/> false, the visible ones) of images [N, C, H, W] as
    /// [N, C·count], in channel then raster order: the values a completion is scored on, or a neighbour searched by.
    /// </summary>
    /// <exception cref="ArgumentException">The images are not [N, C, H, W] of the mask's size.</exception>
    public Tensor Pick(Tensor images, bool hidden = true)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.Rank != 4 || images.Shape[2] != Height || images.Shape[3] != Width)
            throw new ArgumentException($"CompletionMask: expected images [N, C, {Height}, {Width}], got {ShapeText.Format(images.Shape)}.");
        var positions = Enumerable.Range(0, _hidden.Length).Where(i => _hidden[i] == hidden).ToArray();
        int n = images.Shape[0], c = images.Shape[1], plane = Height * Width, count = positions.Length;
        var source = images.Data;
        var picked = new float[n * c * count];
        for (int k = 0; k < n * c; k++)
            for (int p = 0; p < count; p++) picked[k * count + p] = source[k * plane + positions[p]];
        return Tensor.FromArray(picked, n, c * count);
    }

    /// <summary>Hides every row from <paramref name="firstRow"/> on.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The row is outside 0..height.</exception>
    public static CompletionMask Below(int height, int width, int firstRow)
    {
        if (firstRow < 0 || firstRow > height) throw new ArgumentOutOfRangeException(nameof(firstRow), $"row {firstRow} is outside 0..{height}.");
        var hidden = new bool[height * width];
        Array.Fill(hidden, true, firstRow * width, (height - firstRow) * width);
        return new CompletionMask(height, width, hidden, $"rows {firstRow}..{height - 1}");
    }

    /// <summary>Hides the rectangle of <paramref name="rows"/> × <paramref name="columns"/> pixels whose top-left pixel is (<paramref name="top"/>, <paramref name="left"/>).</summary>
    /// <exception cref="ArgumentException">The rectangle is empty or does not fit in the image.</exception>
    public static CompletionMask Rectangle(int height, int width, int top, int left, int rows, int columns)
    {
        if (rows <= 0 || columns <= 0 || top < 0 || left < 0 || top + rows > height || left + columns > width)
            throw new ArgumentException($"The hole of {rows}×{columns} pixels at ({top}, {left}) does not fit in a {height}×{width} image.");
        var hidden = new bool[height * width];
        for (int r = top; r < top + rows; r++) Array.Fill(hidden, true, r * width + left, columns);
        return new CompletionMask(height, width, hidden, $"rectangle rows {top}..{top + rows - 1} × columns {left}..{left + columns - 1}");
    }

    /// <summary>
    /// The mask a command line names: <c>lower</c> (the lower half), <c>centre</c> (the central half-size square) or
    /// <c>rect:TOP,LEFT,ROWS,COLUMNS</c>.
    /// </summary>
    /// <exception cref="ArgumentException">The text is none of these, naming what is accepted.</exception>
    public static CompletionMask Parse(string text, int height, int width)
    {
        ArgumentNullException.ThrowIfNull(text);
        string t = text.Trim().ToLowerInvariant();
        if (t is "lower" or "lower-half") return Below(height, width, height / 2);
        if (t is "centre" or "center") return Rectangle(height, width, height / 4, width / 4, height / 2, width / 2);
        if (t.StartsWith("rect:", StringComparison.Ordinal))
        {
            var parts = t[5..].Split(',');
            if (parts.Length == 4 && parts.All(p => int.TryParse(p, out _)))
            {
                var v = parts.Select(int.Parse).ToArray();
                return Rectangle(height, width, v[0], v[1], v[2], v[3]);
            }
        }
        throw new ArgumentException($"Option --hole: expected lower, centre or rect:TOP,LEFT,ROWS,COLUMNS, got '{text}'.");
    }
}
