using Latent.Tensors;

namespace Latent.Models.Flows;

/// <summary>How a coupling layer splits its input into the part it keeps and the part it transforms.</summary>
public enum MaskKind
{
    /// <summary>By index parity: for vectors the even/odd positions, for images [C, H, W] the checkerboard (h + w) mod 2.</summary>
    Checkerboard,

    /// <summary>By channel: the first half of the channels (for vectors, the first half of the positions) against the second.</summary>
    Channel,
}

/// <summary>Binary masks for coupling layers: 1 where the input is kept (and conditions the transform), 0 where it is transformed.</summary>
public static class CouplingMask
{
    /// <summary>The mask of <paramref name="kind"/> for one example of <paramref name="shape"/>; <paramref name="flip"/> swaps the two parts.</summary>
    /// <exception cref="ArgumentException">The shape is empty, or a channel mask has fewer than two channels.</exception>
    public static Tensor Of(MaskKind kind, int[] shape, bool flip) => kind switch
    {
        MaskKind.Checkerboard => Checkerboard(shape, flip),
        MaskKind.Channel => Channel(shape, flip),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown mask kind."),
    };

    /// <summary>
    /// Index parity: for a vector [D] position i is kept when i is even (odd with <paramref name="flip"/>); for
    /// [C, H, W] (or [H, W]) pixel (h, w) is kept when h + w is even, the same pattern in every channel.
    /// </summary>
    /// <exception cref="ArgumentException">The shape is empty or has a non-positive size.</exception>
    public static Tensor Checkerboard(int[] shape, bool flip)
    {
        Validate(shape);
        var mask = Tensor.Zeros(shape);
        var data = mask.Data;
        int width = shape[^1];
        int height = shape.Length >= 2 ? shape[^2] : 1;
        for (int i = 0; i < data.Length; i++)
        {
            int w = i % width, h = i / width % height;
            int parity = shape.Length == 1 ? w % 2 : (h + w) % 2;
            data[i] = (parity == 0) != flip ? 1f : 0f;
        }
        return mask;
    }

    /// <summary>The first ⌈C/2⌉ entries along the first axis are kept (the rest with <paramref name="flip"/>).</summary>
    /// <exception cref="ArgumentException">The shape is empty or its first axis is shorter than 2.</exception>
    public static Tensor Channel(int[] shape, bool flip)
    {
        Validate(shape);
        if (shape[0] < 2) throw new ArgumentException($"CouplingMask.Channel: the first axis needs at least 2 entries to split, got shape [{string.Join(", ", shape)}].", nameof(shape));
        var mask = Tensor.Zeros(shape);
        var data = mask.Data;
        int inner = data.Length / shape[0];
        int kept = (shape[0] + 1) / 2;
        for (int i = 0; i < data.Length; i++)
            data[i] = (i / inner < kept) != flip ? 1f : 0f;
        return mask;
    }

    private static void Validate(int[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (shape.Length == 0 || shape.Any(s => s <= 0))
            throw new ArgumentException($"CouplingMask: an example shape needs positive sizes, got [{string.Join(", ", shape)}].", nameof(shape));
    }
}
