using System.Text.Json;
using System.Text.Json.Nodes;

namespace Latent.Cli.Demo;

/// <summary>
/// Keeps the previous demo: a new demo trains in <c>runs/demo.next</c>; only when it is complete is the earlier
/// <c>runs/demo</c> moved to <c>runs/demo.previous</c> (replacing an older one) and the new one put in its place.
/// A folder there that is not an earlier demo is never touched.
/// </summary>
internal static class DemoArchive
{
    /// <summary>The folder an earlier demo is moved to.</summary>
    public static string PreviousPath(string runPath) => runPath + ".previous";

    /// <summary>The folder a new demo trains in until it is complete.</summary>
    public static string NextPath(string runPath) => runPath + ".next";

    /// <summary>Checks that <paramref name="runPath"/> is free or holds an earlier demo, without changing anything.</summary>
    /// <exception cref="InvalidOperationException">It holds something else.</exception>
    public static void CheckReplaceable(string runPath)
    {
        if (File.Exists(runPath)) throw new InvalidOperationException($"'{runPath}' is a file; move it away or pass --runs-dir to write the demo elsewhere.");
        if (!Directory.Exists(runPath) || !Directory.EnumerateFileSystemEntries(runPath, "*", SearchOption.AllDirectories).Any(File.Exists)) return;
        string? model = ModelOf(runPath);
        if (model != DemoSettings.Model)
            throw new InvalidOperationException(
                $"'{runPath}' exists but does not hold an earlier demo ({(model == null ? "no readable config.json" : $"its config.json names model '{model}'")}); " +
                "move it away or pass --runs-dir to write the demo elsewhere.");
    }

    /// <summary>Deletes an unfinished demo folder (one named <see cref="NextPath"/>) if it exists.</summary>
    public static void Discard(string nextPath)
    {
        if (Directory.Exists(nextPath)) Directory.Delete(nextPath, recursive: true);
    }

    /// <summary>Moves the earlier demo aside and the finished <paramref name="nextPath"/> into <paramref name="runPath"/>; returns what was done to the earlier one.</summary>
    public static string? Replace(string runPath, string nextPath)
    {
        var moved = MoveAside(runPath);
        Directory.Move(nextPath, runPath);
        return moved;
    }

    /// <summary>Clears <paramref name="runPath"/> for a new demo; returns what was done, or null when nothing was there.</summary>
    /// <exception cref="InvalidOperationException">The folder holds something that is not an earlier demo.</exception>
    public static string? MoveAside(string runPath)
    {
        if (!Directory.Exists(runPath))
        {
            if (File.Exists(runPath)) throw new InvalidOperationException($"'{runPath}' is a file; move it away or pass --runs-dir to write the demo elsewhere.");
            return null;
        }
        if (!Directory.EnumerateFileSystemEntries(runPath, "*", SearchOption.AllDirectories).Any(File.Exists))
        {
            Directory.Delete(runPath, recursive: true); // empty folders only: nothing to keep
            return null;
        }
        CheckReplaceable(runPath);
        string previous = PreviousPath(runPath);
        string note = $"Moved the earlier demo from {runPath} to {previous}";
        if (Directory.Exists(previous))
        {
            Directory.Delete(previous, recursive: true);
            note += " (replacing the older one there)";
        }
        else if (File.Exists(previous)) throw new InvalidOperationException($"'{previous}' is a file; cannot move the earlier demo there.");
        Directory.Move(runPath, previous);
        return note + ".";
    }

    /// <summary>The model named by the folder's config.json, or null when it is missing or unreadable (read without creating anything).</summary>
    private static string? ModelOf(string runPath)
    {
        string config = Path.Combine(runPath, "config.json");
        if (!File.Exists(config)) return null;
        try
        {
            return (JsonNode.Parse(File.ReadAllText(config)) as JsonObject)?["model"]?.ToString();
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
