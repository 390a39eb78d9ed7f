using System.Text;

namespace Latent.IO;

/// <summary>
/// Writes files atomically: the content goes to a temporary file in the same directory, is flushed to disk, and is
/// then renamed over the target. A crash or an exception while writing leaves the previous file intact and removes
/// the temporary file.
/// </summary>
public static class AtomicFile
{
    /// <summary>Writes <paramref name="path"/> with the content produced by <paramref name="write"/>.</summary>
    /// <param name="path">The target file; its directory is created when missing.</param>
    /// <param name="write">Writes the whole content to the given stream. Exceptions propagate after clean-up.</param>
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(write);
        string full = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(full) ?? throw new ArgumentException($"'{path}' has no directory.", nameof(path));
        Directory.CreateDirectory(directory);
        string temp = Path.Combine(directory, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    private static readonly System.Text.Json.JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Writes <paramref name="json"/> indented, with a final newline, to <paramref name="path"/> atomically.</summary>
    public static void WriteJson(string path, System.Text.Json.Nodes.JsonNode json)
    {
        ArgumentNullException.ThrowIfNull(json);
        WriteAllText(path, json.ToJsonString(Indented) + "\n");
    }

    /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/> atomically.</summary>
    public static void WriteAllBytes(string path, ReadOnlyMemory<byte> bytes) => Write(path, s => s.Write(bytes.Span));

    /// <summary>Writes <paramref name="text"/> as UTF-8 (without a byte-order mark) to <paramref name="path"/> atomically.</summary>
    public static void WriteAllText(string path, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        WriteAllBytes(path, Encoding.UTF8.GetBytes(text));
    }

    /// <summary>True when <paramref name="fileName"/> looks like a temporary file left by this class.</summary>
    public static bool IsTemporaryFile(string fileName)
    {
        string name = Path.GetFileName(fileName);
        return name.StartsWith('.') && name.EndsWith(".tmp", StringComparison.Ordinal);
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // The original exception matters more than a temp file that could not be removed.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
