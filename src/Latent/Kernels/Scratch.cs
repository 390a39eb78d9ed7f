namespace Latent.Kernels;

/// <summary>
/// Per-thread scratch arrays for kernel temporaries (im2col columns, channel-major copies). Reusing them avoids
/// allocating and page-faulting megabytes on every convolution; a slot's contents are only valid until its next use.
/// </summary>
internal static class Scratch
{
    [ThreadStatic] private static float[]?[]? _slots;

    /// <summary>Number of independent slots a kernel may hold at once.</summary>
    public const int Slots = 3;

    /// <summary>An array of at least <paramref name="size"/> floats for slot <paramref name="slot"/>; contents are undefined.</summary>
    public static float[] Get(int slot, int size)
    {
        var slots = _slots ??= new float[]?[Slots];
        var array = slots[slot];
        if (array == null || array.Length < size)
            slots[slot] = array = GC.AllocateUninitializedArray<float>(size, pinned: false);
        return array;
    }
}
