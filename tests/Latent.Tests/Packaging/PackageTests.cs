using System.Diagnostics;
using System.IO.Compression;
using System.Xml.Linq;
using Latent.Tests.Samples;

namespace Latent.Tests.Packaging;

/// <summary>
/// `dotnet pack` makes the two NuGet packages a .NET developer takes: assemblies with their XML docs, a README, the
/// dependency of the zoo on the core, and the GC settings that travel to every program that references them.
/// </summary>
public class PackageTests(PackageTests.PackedFeed feed) : IClassFixture<PackageTests.PackedFeed>
{
    /// <summary>Both packages, packed once for the class into a temporary folder that is deleted afterwards.</summary>
    public sealed class PackedFeed : IDisposable
    {
        private readonly Lazy<string> _path = new(Pack);

        public string Path => _path.Value;

        public void Dispose()
        {
            if (_path.IsValueCreated) Directory.Delete(_path.Value, recursive: true);
        }
    }

    /// <summary>Packs both projects from the binaries the test run was built with (no rebuild) into a temporary folder.</summary>
    private static string Pack()
    {
        string feed = Directory.CreateTempSubdirectory("latent-pack-").FullName;
        string configuration = AppContext.BaseDirectory.Contains($"{System.IO.Path.DirectorySeparatorChar}Debug{System.IO.Path.DirectorySeparatorChar}") ? "Debug" : "Release";
        foreach (var project in new[] { "Latent", "Latent.Models" })
        {
            var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in new[] { "pack", System.IO.Path.Combine(RepositoryPaths.Root(), "src", project), "-c", configuration, "--no-build", "--nologo", "-o", feed })
                info.ArgumentList.Add(a);
            using var process = Process.Start(info)!;
            var stderr = process.StandardError.ReadToEndAsync();
            string stdout = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, $"dotnet pack {project} failed: {stdout}{stderr.Result}");
        }
        return feed;
    }

    private ZipArchive Open(string id)
    {
        string path = Directory.GetFiles(feed.Path, id + ".*.nupkg").Single(p => System.Text.RegularExpressions.Regex.IsMatch(System.IO.Path.GetFileName(p), $@"^{System.Text.RegularExpressions.Regex.Escape(id)}\.\d"));
        return ZipFile.OpenRead(path);
    }

    private static XElement Metadata(ZipArchive package)
    {
        using var stream = package.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open();
        return XDocument.Load(stream).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
    }

    [SkippableTheory]
    [InlineData("Latent")]
    [InlineData("Latent.Models")]
    public void EachPackageHasItsAssemblyDocsAndReadme(string id)
    {
        using var package = Open(id);
        var files = package.Entries.Select(e => e.FullName).ToHashSet();
        Assert.Contains($"lib/net10.0/{id}.dll", files);
        Assert.Contains($"lib/net10.0/{id}.xml", files);
        Assert.Contains("README.md", files);
        var metadata = Metadata(package);
        Assert.Equal("README.md", metadata.Elements().Single(e => e.Name.LocalName == "readme").Value);
        Assert.True(metadata.Elements().Single(e => e.Name.LocalName == "description").Value.Length > 100, "a description in words");
        using var readme = new StreamReader(package.GetEntry("README.md")!.Open());
        Assert.Contains("Fashion-MNIST", readme.ReadToEnd());
    }

    [SkippableFact]
    public void TheModelsPackageDependsOnTheCoreAndExplainsTheFeatureNetwork()
    {
        using var package = Open("Latent.Models");
        var dependencies = Metadata(package).Descendants().Where(e => e.Name.LocalName == "dependency").Select(e => (string?)e.Attribute("id")).ToList();
        Assert.Contains("Latent", dependencies);
        using var readme = new StreamReader(package.GetEntry("README.md")!.Open());
        string text = readme.ReadToEnd();
        Assert.Contains("Microsoft.ML.DnnImageFeaturizer.ResNet18", text);
        Assert.Contains("LATENT_RESNET18", text);
    }

    [SkippableFact]
    public void TheCorePackageCarriesTheGcSettingsToItsConsumers()
    {
        using var package = Open("Latent");
        var props = XDocument.Load(package.GetEntry("buildTransitive/Latent.props")!.Open());
        var options = props.Descendants().Where(e => e.Name.LocalName == "RuntimeHostConfigurationOption")
            .ToDictionary(e => (string)e.Attribute("Include")!, e => (string)e.Attribute("Value")!);
        Assert.Equal("16777216", options["System.GC.LOHThreshold"]);
        Assert.Equal("67108864", options["System.GC.Gen0Size"]);
        var targets = XDocument.Load(package.GetEntry("buildTransitive/Latent.targets")!.Open());
        Assert.Equal("false", targets.Descendants().Single(e => e.Name.LocalName == "ConcurrentGarbageCollection").Value);

        // The packed files are the ones the repository's own programs build with: the CLI's runtimeconfig.json has them.
        string cliConfig = File.ReadAllText(System.IO.Path.Combine(AppContext.BaseDirectory, "Latent.Cli.runtimeconfig.json"));
        Assert.Contains("\"System.GC.LOHThreshold\": 16777216", cliConfig);
        Assert.Contains("\"System.GC.Concurrent\": false", cliConfig);
    }
}
