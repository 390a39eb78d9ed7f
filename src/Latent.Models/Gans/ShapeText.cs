namespace Latent.Models.Gans;

/// <summary>Formats tensor shapes for error messages, as "[N, C, H, W]".</summary>
internal static class ShapeText
{
    /// <summary>The shape in brackets.</summary>
    public static string Of(ReadOnlySpan<int> shape) => "[" + string.Join(", ", shape.ToArray()) + "]";
}
