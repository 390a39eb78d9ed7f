namespace Latent.Tests.Architecture;

/// <summary>
/// The dependency rules of CONTRIBUTING.md as data: which namespaces a part may not use. A namespace rule covers its
/// sub-namespaces (Latent.Models.Gans covers Latent.Models.Gans.Studies).
/// </summary>
internal static class DependencyRules
{
    /// <summary>The model families; none may use another (Hybrids excepted, which combine them).</summary>
    public static readonly string[] Families =
        ["Autoencoders", "Vae", "Gans", "Flows", "Autoregressive", "Boltzmann", "Classical", "Siamese", "Style", "Classifiers"];

    /// <summary>(the part, what it must not use, why).</summary>
    public static IEnumerable<(string Part, string[] Forbidden, string Why)> All()
    {
        yield return ("Latent.Kernels", ["Latent.Tensors", "Latent.NN", "Latent.Optim", "Latent.Data", "Latent.IO", "Latent.Training", "Latent.Linalg", "Latent.Models", "Latent.Cli"],
            "kernels are raw float loops that know nothing of tensors or autograd");
        yield return ("Latent.Tensors", ["Latent.NN", "Latent.Optim", "Latent.Data", "Latent.IO", "Latent.Training", "Latent.Linalg", "Latent.Models", "Latent.Cli"],
            "the engine stands on its kernels alone");
        foreach (var core in new[] { "Latent.NN", "Latent.Optim", "Latent.Data", "Latent.IO", "Latent.Training", "Latent.Linalg" })
            yield return (core, ["Latent.Models", "Latent.Cli"], "the core library does not know the model zoo or the command line");
        var families = Families.Select(f => "Latent.Models." + f).ToArray();
        yield return ("Latent.Models.Metrics", [.. families, "Latent.Models.Hybrids", "Latent.Models.Catalog", "Latent.Cli"],
            "metrics depend only on the capability interfaces of Latent.Models.Common");
        yield return ("Latent.Models.Common", [.. families, "Latent.Models.Hybrids", "Latent.Cli"], "shared plumbing serves every family and uses none");
        foreach (var family in families)
            yield return (family, [.. families.Where(f => f != family), "Latent.Models.Hybrids", "Latent.Cli"], "a family uses no other family (only Hybrids may)");
        yield return ("Latent.Cli", ["Latent.Kernels", "Latent.Optim", "Latent.Linalg"],
            "commands parse, print and call the library; they hold no engine or experiment logic");
    }
}
