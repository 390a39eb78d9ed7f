using System.Text.Json.Nodes;
using Latent.IO;
using Latent.Models.Common;
using Latent.Tensors;

namespace Latent.Models.Gans.Studies;

/// <summary>
/// The generator losses of the lectures as functions of the discriminator's logit s = σ⁻¹(D(G(z))), and the
/// gradient each sends back to the generator, |∂L/∂s|, as D(G(z)) → 0 (the start of training, when D easily rejects
/// the fakes): minimax log(1 − D) (gradient D: it vanishes), non-saturating −log D (gradient 1 − D → 1), the
/// maximum-likelihood form −½·D/(1 − D) = −½e^s (Goodfellow 2014; gradient ½e^s: it vanishes too) and the
/// log-ratio log((1 − D)/D) = −s (gradient 1 everywhere). The deck writes the last one as −log((1 − D)/D), which
/// minimized would push D(G(z)) down; the generator minimizes log((1 − D)/D), the sum of the minimax and
/// non-saturating losses, whose fixed point is the same.
/// </summary>
/// <remarks>Writes <c>generator-losses.json</c> and <c>generator-loss-gradients.svg</c>.</remarks>
public sealed class GeneratorLossStudy : Study
{
    /// <summary>The variants, in the order plotted.</summary>
    public static IReadOnlyList<string> Variants { get; } = ["minimax", "non-saturating", "maximum-likelihood", "log-ratio"];

    /// <inheritdoc />
    public override string Name => "generator-losses";

    /// <inheritdoc />
    public override string Title => "Generator losses and their gradients as D(G(z)) → 0";

    /// <inheritdoc />
    public override string Explanation =>
        "Each generator loss is written in the discriminator's logit s = logit D(G(z)) and differentiated by autograd. When the " +
        "discriminator confidently rejects the fakes (D(G(z)) → 0, early training), the minimax loss log(1 − D) and the " +
        "maximum-likelihood loss −½·D/(1 − D) give the generator almost no gradient, while the non-saturating loss −log D and the " +
        "log-ratio loss log((1 − D)/D) keep a gradient of about 1. The x axis is log₁₀ D(G(z)), the y axis |∂L/∂s| on a log scale.";

    /// <summary>The generator's loss of <paramref name="variant"/> for discriminator logits <paramref name="logits"/>, averaged.</summary>
    /// <exception cref="ArgumentException">Unknown variant.</exception>
    public static Tensor Loss(string variant, Tensor logits) => variant switch
    {
        "minimax" => GanLosses.Generator(GanLossKind.Minimax, logits),
        "non-saturating" => GanLosses.Generator(GanLossKind.NonSaturating, logits),
        "maximum-likelihood" => -0.5f * logits.Exp().Mean(),
        "log-ratio" => logits.Neg().Mean(),
        _ => throw new ArgumentException($"GeneratorLossStudy: unknown variant '{variant}'; expected one of {string.Join(", ", Variants)}."),
    };

    /// <summary>|∂L/∂s| per example for discriminator outputs <paramref name="d"/> in (0, 1).</summary>
    public static double[] Gradients(string variant, IReadOnlyList<double> d)
    {
        ArgumentNullException.ThrowIfNull(d);
        var logits = Tensor.FromArray(d.Select(p => (float)Math.Log(p / (1 - p))).ToArray(), d.Count).RequireGrad();
        var grad = Autograd.Grad(Loss(variant, logits) * d.Count, logits); // per-example: undo the mean
        return grad.ToArray().Select(g => Math.Abs((double)g)).ToArray();
    }

    /// <inheritdoc />
    public override JsonObject Run(StudyContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var exponents = Enumerable.Range(0, 81).Select(i => -4 + i * 0.05).Where(e => e < -0.0001).ToArray();
        var d = exponents.Select(e => Math.Pow(10, e)).ToArray();
        var plot = new LinePlot { Title = "Generator gradient |∂L/∂s| against D(G(z))", XLabel = "log10 D(G(z))", YLabel = "|dL/ds|", LogY = true };
        var json = new JsonObject { ["study"] = "generator-losses", ["d"] = StudyContext.Numbers(d) };
        var atSmall = new JsonObject();
        foreach (var variant in Variants)
        {
            var g = Gradients(variant, d);
            plot.Add(variant, exponents, g);
            json[variant] = StudyContext.Numbers(g);
            atSmall[variant] = g[0];
        }
        json["gradient_at_d_1e-4"] = atSmall;
        plot.Save(context.Picture("generator-loss-gradients.svg", "|∂L/∂s| of each generator loss against log₁₀ D(G(z)): minimax and maximum likelihood vanish as D → 0"));
        return context.WriteJson("generator-losses.json", json);
    }
}
