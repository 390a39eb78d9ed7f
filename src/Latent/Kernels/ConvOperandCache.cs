namespace Latent.Kernels;

/// <summary>An input of a oneDNN convolution already reordered into the layout a primitive chose.</summary>
/// <param name="Data">The reordered values (a pooled buffer, reclaimed with the cache that holds it).</param>
/// <param name="Layout">oneDNN's descriptor of that layout (owned by a cached primitive descriptor, never freed).</param>
internal sealed record BlockedOperand(float[] Data, nint Layout)
{
    /// <summary>Whether <see cref="Data"/> holds the reordered values yet (false until the call that reorders into it has run).</summary>
    public bool Filled { get; set; }
}

/// <summary>
/// The reordered inputs one map of a convolution leaves for another map of the same convolution on the same tensors:
/// the forward's input x for the weight gradient, the output gradient gy shared by the input and weight gradients. Each
/// map that finds an entry in the layout it wants skips that reorder; each map that reorders an input without an entry
/// stores its copy. Whoever passes a cache vouches that its entries hold the very tensors of the call.
/// </summary>
/// <param name="rent">Allocates the buffers of new copies (the tensor layer passes its storage pool).</param>
internal sealed class ConvOperandCache(Func<int, float[]> rent)
{
    /// <summary>A new buffer of at least <paramref name="length"/> floats for a reordered copy.</summary>
    public float[] Rent(int length) => rent(length);

    /// <summary>The convolution's input x (oneDNN's src).</summary>
    public BlockedOperand? Source { get; set; }

    /// <summary>The gradient of the convolution's output gy (oneDNN's diff_dst).</summary>
    public BlockedOperand? OutputGradient { get; set; }

    /// <summary>
    /// Whether the im2col path keeps x's column matrix in <see cref="Columns"/> for the next map on the same x (the
    /// output and weight maps of a transposed convolution's backward both read the columns of its output gradient).
    /// Only a convolution whose whole batch is one chunk keeps them; others gather chunk by chunk into scratch.
    /// </summary>
    public bool ShareColumns { get; init; }

    /// <summary>x's whole-batch column matrix [(c, t), (n, l)] when <see cref="ShareColumns"/> holds and a map has gathered it.</summary>
    public float[]? Columns { get; set; }
}
