namespace Latent.Models.Vae.Studies;

/// <summary>One variant of the study: its name, the SVG written, and its final training loss.</summary>
/// <param name="Name">"reconstruction-only", "kl-only" or "elbo".</param>
/// <param name="Path">The SVG scatter of the test codes.</param>
/// <param name="FinalLoss">The weighted training loss of the last step (per example).</param>
/// <param name="CodeSpread">The standard deviation of the test codes (mean over the two axes).</param>
public sealed record LatentObjectiveResult(string Name, string Path, double FinalLoss, double CodeSpread);
