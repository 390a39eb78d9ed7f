namespace Latent.Models.Siamese;

/// <summary>
/// Draws pen strokes (polylines in font units, y down) into a square grey image: strokes of constant width with an
/// anti-aliased edge, the glyph's bounding box centred, at a fixed scale so that glyphs keep their relative sizes
/// (a full stop stays small), shrunk only when the glyph would not fit.
/// </summary>
public static class GlyphRaster
{
    /// <summary>
    /// The glyph of <paramref name="strokes"/> as <paramref name="size"/> × <paramref name="size"/> intensities in
    /// [0, 1], row-major (ink 1, paper 0).
    /// </summary>
    /// <param name="strokes">Polylines in font units.</param>
    /// <param name="size">Image width and height in pixels.</param>
    /// <param name="pixelsPerUnit">The scale: Hershey capitals are about 21 units tall, so 0.8 makes them 17 pixels of 28.</param>
    /// <param name="strokeRadius">Half the stroke width, in pixels.</param>
    /// <exception cref="ArgumentException">The size or scale is not positive.</exception>
    public static float[] Draw(IReadOnlyList<(double X, double Y)[]> strokes, int size = 28, double pixelsPerUnit = 0.8, double strokeRadius = 0.9)
    {
        ArgumentNullException.ThrowIfNull(strokes);
        if (size < 4) throw new ArgumentException($"Glyph images must be at least 4 pixels wide, got {size}.", nameof(size));
        if (!(pixelsPerUnit > 0)) throw new ArgumentException($"The scale must be positive, got {pixelsPerUnit}.", nameof(pixelsPerUnit));
        var image = new float[size * size];
        var points = strokes.SelectMany(s => s).ToList();
        if (points.Count == 0) return image;
        double minX = points.Min(p => p.X), maxX = points.Max(p => p.X), minY = points.Min(p => p.Y), maxY = points.Max(p => p.Y);
        double room = size - 2 - 2 * strokeRadius;
        double scale = Math.Min(pixelsPerUnit, room / Math.Max(1e-9, Math.Max(maxX - minX, maxY - minY)));
        double cx = (minX + maxX) / 2, cy = (minY + maxY) / 2, centre = size / 2.0;
        var segments = new List<(double X0, double Y0, double X1, double Y1)>();
        foreach (var stroke in strokes)
        {
            if (stroke.Length == 0) continue;
            for (int i = 0; i < Math.Max(1, stroke.Length - 1); i++)
            {
                var (a, b) = (stroke[i], stroke[Math.Min(i + 1, stroke.Length - 1)]);
                segments.Add((centre + (a.X - cx) * scale, centre + (a.Y - cy) * scale, centre + (b.X - cx) * scale, centre + (b.Y - cy) * scale));
            }
        }
        for (int row = 0; row < size; row++)
            for (int col = 0; col < size; col++)
            {
                double px = col + 0.5, py = row + 0.5, nearest = double.MaxValue;
                foreach (var s in segments) nearest = Math.Min(nearest, Distance(px, py, s));
                image[row * size + col] = (float)Math.Clamp(strokeRadius + 0.5 - nearest, 0, 1);
            }
        return image;
    }

    private static double Distance(double px, double py, (double X0, double Y0, double X1, double Y1) s)
    {
        double dx = s.X1 - s.X0, dy = s.Y1 - s.Y0, length2 = dx * dx + dy * dy;
        double t = length2 > 0 ? Math.Clamp(((px - s.X0) * dx + (py - s.Y0) * dy) / length2, 0, 1) : 0;
        double ex = s.X0 + t * dx - px, ey = s.Y0 + t * dy - py;
        return Math.Sqrt(ex * ex + ey * ey);
    }
}
