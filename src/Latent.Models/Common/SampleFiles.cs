namespace Latent.Models.Common;

/// <summary>Names of sample pictures written by <c>WriteSamples</c>.</summary>
public static class SampleFiles
{
    /// <summary>
    /// <paramref name="directory"/>/<paramref name="prefix"/>-<paramref name="name"/>.png; no dash is inserted when the
    /// prefix is empty or already ends with '-', '_' or '.'.
    /// </summary>
    public static string Path(string directory, string prefix, string name)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        bool joined = prefix.Length == 0 || prefix[^1] is '-' or '_' or '.';
        return System.IO.Path.Combine(directory, (joined ? prefix : prefix + "-") + name + ".png");
    }
}
