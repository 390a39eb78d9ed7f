namespace Latent.IO;

/// <summary>Bounds on deflate expansion, used to reject corrupt headers before allocating for them.</summary>
internal static class DeflateLimits
{
    /// <summary>
    /// The most bytes <paramref name="compressedLength"/> bytes of deflate data (raw, zlib or gzip) can expand to: the
    /// format's ratio is at most about 1032:1. A header that claims more cannot be honest, so a reader can report the
    /// file as truncated instead of allocating gigabytes for it.
    /// </summary>
    public static long MaxInflatedSize(long compressedLength) => compressedLength * 1032 + 1024;
}
