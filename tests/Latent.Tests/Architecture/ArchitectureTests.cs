using System.Reflection;
using System.Text.RegularExpressions;
using NetArchTest.Rules;

namespace Latent.Tests.Architecture;

/// <summary>
/// The dependency rules of CONTRIBUTING.md, checked twice: on the compiled assemblies (every type a part references,
/// however it is written) and on the sources (every <c>using</c> directive, even one the compiler would drop as unused).
/// </summary>
public sealed partial class ArchitectureTests
{
    private static readonly Assembly[] Assemblies =
        [typeof(Latent.Tensors.Tensor).Assembly, typeof(Latent.Models.Catalog.ModelCatalog).Assembly, typeof(Latent.Cli.CliApp).Assembly];

    public static TheoryData<string> Parts() => [.. DependencyRules.All().Select(r => r.Part).Distinct()];

    [Theory]
    [MemberData(nameof(Parts))]
    public void CompiledTypesKeepTheDependencyRules(string part)
    {
        foreach (var (_, forbidden, why) in DependencyRules.All().Where(r => r.Part == part))
        {
            var result = Types.InAssemblies(Assemblies).That().ResideInNamespace(part).ShouldNot().HaveDependencyOnAny(forbidden).GetResult();
            Assert.True(result.IsSuccessful,
                $"{part} must not use {string.Join(", ", forbidden)} ({why}); offending types: {string.Join(", ", result.FailingTypeNames ?? [])}");
        }
    }

    [Fact]
    public void EveryPartHasTypes()
    {
        // A rule over a namespace that no longer exists would pass for ever.
        var namespaces = Assemblies.SelectMany(a => a.GetTypes()).Select(t => t.Namespace ?? "").ToHashSet();
        foreach (var part in DependencyRules.All().Select(r => r.Part).Distinct())
            Assert.True(namespaces.Any(n => n == part || n.StartsWith(part + ".", StringComparison.Ordinal)), $"no types in {part}");
    }

    [Theory]
    [MemberData(nameof(Parts))]
    public void SourceUsingsKeepTheDependencyRules(string part)
    {
        var violations = new List<string>();
        foreach (var file in SourceFiles())
        {
            string text = File.ReadAllText(file);
            var ns = NamespacePattern().Match(text);
            if (!ns.Success || !(ns.Groups[1].Value == part || ns.Groups[1].Value.StartsWith(part + ".", StringComparison.Ordinal))) continue;
            foreach (Match u in UsingPattern().Matches(text))
                foreach (var (_, forbidden, why) in DependencyRules.All().Where(r => r.Part == part))
                    if (forbidden.Any(f => u.Groups[1].Value == f || u.Groups[1].Value.StartsWith(f + ".", StringComparison.Ordinal)))
                        violations.Add($"{Path.GetFileName(file)}: using {u.Groups[1].Value} ({why})");
        }
        Assert.True(violations.Count == 0, string.Join(Environment.NewLine, violations));
    }

    [Fact]
    public void SourceScanSeesEveryProject()
    {
        var files = SourceFiles().ToList();
        foreach (var project in new[] { "Latent", "Latent.Models", "Latent.Cli" })
            Assert.Contains(files, f => f.Contains($"{Path.DirectorySeparatorChar}src{Path.DirectorySeparatorChar}{project}{Path.DirectorySeparatorChar}", StringComparison.Ordinal));
    }

    [Fact]
    public void NoModelCodeReadsAnOptionByItsName()
    {
        var readers = SourceFiles().Where(f => f.Contains($"{Path.DirectorySeparatorChar}Latent.Models{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(f => OptionReadPattern().IsMatch(File.ReadAllText(f))).Select(Path.GetFileName).ToList();
        Assert.True(readers.Count == 0, "options are typed records; these files read one by name: " + string.Join(", ", readers));
    }

    private static IEnumerable<string> SourceFiles()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir != null && !File.Exists(Path.Combine(dir.FullName, "Latent.sln"))) dir = dir.Parent;
        Skip.If(dir == null, "the sources are not beside the test binaries");
        var sep = Path.DirectorySeparatorChar;
        return Directory.EnumerateFiles(Path.Combine(dir!.FullName, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{sep}obj{sep}", StringComparison.Ordinal) && !f.Contains($"{sep}bin{sep}", StringComparison.Ordinal));
    }

    [GeneratedRegex(@"^namespace\s+([\w.]+)\s*;", RegexOptions.Multiline)]
    private static partial Regex NamespacePattern();

    [GeneratedRegex(@"^\s*using\s+(?:static\s+)?(Latent[\w.]*)\s*;", RegexOptions.Multiline)]
    private static partial Regex UsingPattern();

    [GeneratedRegex(@"\b(GetInt|GetDouble|GetString|GetBool)\(")]
    private static partial Regex OptionReadPattern();
}
