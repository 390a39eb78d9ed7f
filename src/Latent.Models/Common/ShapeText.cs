namespace Latent.Models.Common;

/// <summary>Shape formatting and comparison for error messages of the model zoo.</summary>
internal static class ShapeText
{
    /// <summary>A shape as "[a, b, c]".</summary>
    public static string Format(int[] shape) => "[" + string.Join(", ", shape) + "]";

    /// <summary>Whether two shapes are equal.</summary>
    public static bool Same(int[] a, int[] b) => a.AsSpan().SequenceEqual(b);
}
