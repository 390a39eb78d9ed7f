using Latent.IO;
using Latent.Tensors;

namespace Latent.Models.Common.Adversarial;

/// <summary>
/// A grid of grey images, each enlarged by an integer zoom and captioned underneath with a short number written in
/// a built-in 3 × 5 pixel font (digits, '.', '-', '&gt;' and space) — enough for the ε of each targeted attack
/// without a font file.
/// </summary>
public static class CaptionedGrid
{
    /// <summary>The characters the caption font has.</summary>
    public const string Alphabet = "0123456789.-> ";

    private const int GlyphWidth = 3, GlyphHeight = 5, TextScale = 2, Padding = 2;

    // Each glyph as 5 rows of 3 bits, most significant bit on the left.
    private static readonly int[][] Glyphs =
    [
        [7, 5, 5, 5, 7], [2, 6, 2, 2, 7], [7, 1, 7, 4, 7], [7, 1, 7, 1, 7], [5, 5, 7, 1, 1],
        [7, 4, 7, 1, 7], [7, 4, 7, 5, 7], [7, 1, 1, 1, 1], [7, 5, 7, 5, 7], [7, 5, 7, 1, 7],
        [0, 0, 0, 0, 2], [0, 0, 7, 0, 0], [4, 2, 1, 2, 4], [0, 0, 0, 0, 0],
    ];

    /// <summary>
    /// Composes <paramref name="images"/> [N, 1, H, W] in [0, 1] into rows of <paramref name="columns"/> cells, each
    /// zoomed <paramref name="zoom"/> times with <paramref name="captions"/>[i] centred under it (white on black).
    /// </summary>
    /// <exception cref="ArgumentException">The images are not [N, 1, H, W], the captions do not match them, a caption
    /// has a character outside <see cref="Alphabet"/> or is wider than its cell, or the layout is not positive.</exception>
    public static PngImage Compose(Tensor images, IReadOnlyList<string> captions, int columns, int zoom = 2)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(captions);
        if (images.Rank != 4 || images.Shape[1] != 1 || images.Shape[0] == 0)
            throw new ArgumentException($"CaptionedGrid: expected grey images [N, 1, H, W], got [{string.Join(", ", images.Shape)}].", nameof(images));
        int n = images.Shape[0], h = images.Shape[2] * zoom, w = images.Shape[3] * zoom;
        if (captions.Count != n) throw new ArgumentException($"CaptionedGrid: {captions.Count} captions for {n} images.", nameof(captions));
        if (columns < 1 || zoom < 1) throw new ArgumentException($"CaptionedGrid: columns ({columns}) and zoom ({zoom}) must be positive.");
        const int advance = (GlyphWidth + 1) * TextScale, strip = GlyphHeight * TextScale + 4;
        foreach (string caption in captions)
        {
            if (caption.Any(ch => !Alphabet.Contains(ch))) throw new ArgumentException($"CaptionedGrid: caption \"{caption}\" has a character outside \"{Alphabet}\".", nameof(captions));
            if (caption.Length * advance > w + TextScale) throw new ArgumentException($"CaptionedGrid: caption \"{caption}\" is wider than its {w}-pixel cell.", nameof(captions));
        }
        columns = Math.Min(columns, n);
        int rows = (n + columns - 1) / columns, cellHeight = h + strip;
        int width = columns * (w + Padding) + Padding, height = rows * (cellHeight + Padding) + Padding;
        var pixels = new byte[width * height];
        var src = images.Data;
        for (int k = 0; k < n; k++)
        {
            int top = Padding + k / columns * (cellHeight + Padding), left = Padding + k % columns * (w + Padding);
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++)
                {
                    float v = src[k * images.Shape[2] * images.Shape[3] + y / zoom * images.Shape[3] + x / zoom];
                    pixels[(top + y) * width + left + x] = v > 0 ? (byte)MathF.Round(Math.Min(v, 1f) * 255) : (byte)0;
                }
            string text = captions[k];
            int textLeft = left + (w - (text.Length * advance - TextScale)) / 2, textTop = top + h + 2;
            for (int i = 0; i < text.Length; i++) Draw(pixels, width, Glyphs[Alphabet.IndexOf(text[i])], textLeft + i * advance, textTop);
        }
        return new PngImage(width, height, 1, pixels);
    }

    private static void Draw(byte[] pixels, int width, int[] glyph, int left, int top)
    {
        for (int row = 0; row < GlyphHeight; row++)
            for (int col = 0; col < GlyphWidth; col++)
            {
                if ((glyph[row] >> (GlyphWidth - 1 - col) & 1) == 0) continue;
                for (int dy = 0; dy < TextScale; dy++)
                    for (int dx = 0; dx < TextScale; dx++)
                        pixels[(top + row * TextScale + dy) * width + left + col * TextScale + dx] = 255;
            }
    }
}
