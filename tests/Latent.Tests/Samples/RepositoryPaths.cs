namespace Latent.Tests.Samples;

/// <summary>Where the repository's files are, found from the test binaries (the folder that holds Latent.sln).</summary>
internal static class RepositoryPaths
{
    private static readonly Lazy<string?> RootDirectory = new(() =>
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir != null && !File.Exists(Path.Combine(dir.FullName, "Latent.sln"))) dir = dir.Parent;
        return dir?.FullName;
    });

    /// <summary>The repository root; the calling skippable test is skipped when the sources are not beside the binaries.</summary>
    public static string Root()
    {
        Skip.If(RootDirectory.Value == null, "the repository is not beside the test binaries");
        return RootDirectory.Value!;
    }

    /// <summary>The built assembly of the sample <paramref name="name"/> (same configuration as the tests).</summary>
    public static string Sample(string name)
    {
        string configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}") ? "Debug" : "Release";
        string path = Path.Combine(Root(), "samples", name, "bin", configuration, "net10.0", name + ".dll");
        Assert.True(File.Exists(path), $"sample {name} is not built at {path}; the test project references it, so building the tests builds it");
        return path;
    }
}
