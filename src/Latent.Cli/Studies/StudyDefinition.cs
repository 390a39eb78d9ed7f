using System.Text.Json.Nodes;

namespace Latent.Cli.Studies;

/// <summary>Where and how a study runs.</summary>
/// <param name="OutputDirectory">The folder for its JSON, pictures and <c>index.html</c>.</param>
/// <param name="Seed">The random seed.</param>
/// <param name="DataDir">The Fashion-MNIST directory, or null for the default places.</param>
internal sealed record StudyContext(string OutputDirectory, ulong Seed, string? DataDir = null);

/// <summary>A study that <c>latent study &lt;name&gt;</c> runs.</summary>
/// <param name="Name">The command-line name.</param>
/// <param name="Title">The page title.</param>
/// <param name="Explanation">What the study shows and how to read its pictures (the page's first paragraph).</param>
/// <param name="Run">Runs it: writes its files into the context's folder and returns the JSON numbers it wrote.</param>
internal sealed record StudyDefinition(string Name, string Title, string Explanation, Func<StudyContext, JsonObject> Run);
