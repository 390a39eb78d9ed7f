namespace Latent.IO;

/// <summary>The five PNG scanline filters (None, Sub, Up, Average, Paeth), forward and inverse.</summary>
internal static class PngFilters
{
    public const int Count = 5;

    /// <summary>Filters <paramref name="row"/> with <paramref name="type"/> into <paramref name="output"/>.</summary>
    public static void Apply(int type, ReadOnlySpan<byte> row, ReadOnlySpan<byte> previous, int bpp, Span<byte> output)
    {
        for (int i = 0; i < row.Length; i++)
        {
            int a = i >= bpp ? row[i - bpp] : 0;
            int b = previous[i];
            int c = i >= bpp ? previous[i - bpp] : 0;
            output[i] = (byte)(row[i] - Predict(type, a, b, c));
        }
    }

    /// <summary>Reverses filter <paramref name="type"/> in place on <paramref name="row"/>.</summary>
    public static void Undo(int type, Span<byte> row, ReadOnlySpan<byte> previous, int bpp)
    {
        if (type == 0) return;
        for (int i = 0; i < row.Length; i++)
        {
            int a = i >= bpp ? row[i - bpp] : 0;
            int b = previous[i];
            int c = i >= bpp ? previous[i - bpp] : 0;
            row[i] = (byte)(row[i] + Predict(type, a, b, c));
        }
    }

    private static int Predict(int type, int a, int b, int c) => type switch
    {
        0 => 0,
        1 => a,
        2 => b,
        3 => (a + b) >> 1,
        4 => Paeth(a, b, c),
        _ => throw new ArgumentOutOfRangeException(nameof(type), $"PNG filter type {type} does not exist."),
    };

    private static int Paeth(int a, int b, int c)
    {
        int p = a + b - c;
        int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
