using System.Diagnostics;
using System.Text.Json.Nodes;
using Latent.Data;
using Latent.IO;
using Latent.Models.Common;
using Latent.Models.Metrics;
using Latent.Tensors;

namespace Latent.Models.Gans.Studies;

/// <summary>
/// Mode collapse on the ring of 8 Gaussians (radius 2, σ = 0.02): a vanilla non-saturating GAN against an unrolled GAN
/// and a GAN whose discriminator uses minibatch discrimination, the same small MLPs for all, over several seeds.
/// Reported per run: modes covered (of 8) and the share of samples within 3σ of a mode (<see cref="ModeCoverage"/>,
/// 2,500 samples, a mode counting as covered with at least <see cref="MinSamplesPerMode"/> high-quality samples).
/// </summary>
/// <remarks>Writes <c>mode-collapse.json</c> and one <c>mode-collapse-{variant}.svg</c> per variant (first seed's samples).</remarks>
public sealed class ModeCollapseStudy : Study
{
    /// <summary>High-quality samples (of 2,500) a mode needs to count as covered: 20, PacGAN's convention.</summary>
    public const int MinSamplesPerMode = 20;

    /// <summary>The variants compared.</summary>
    public static IReadOnlyList<string> Variants { get; } = ["vanilla", "unrolled", "minibatch-discrimination"];

    /// <inheritdoc />
    public override string Name => "mode-collapse";

    /// <inheritdoc />
    public override string Title => "Mode collapse on a ring of 8 Gaussians";

    /// <inheritdoc />
    public override string Explanation =>
        "A vanilla GAN, an unrolled GAN and a GAN with minibatch discrimination are trained on a ring of 8 Gaussians over several " +
        "seeds; the numbers count the modes covered (of 8) and the share of samples within 3σ of a mode, the pictures show samples of the first seed. " +
        "The longest study: about 5 minutes on two cores, most of it minibatch discrimination.";

    /// <summary>The study's seeds setting (tests shorten it).</summary>
    public int Seeds { get; init; } = 5;

    /// <summary>The study's steps setting (tests shorten it).</summary>
    public int Steps { get; init; } = 5000;

    /// <inheritdoc />
    public override string? TypicalDuration => "about 5 minutes";

    /// <inheritdoc />
    public override JsonObject Run(StudyContext context) => Run(context, context.Seed, Seeds, Steps);

    /// <summary>Runs the study.</summary>
    /// <param name="output">Where to write, and the study's seed.</param>
    /// <param name="seed">The first seed; runs use seed, seed + 1, ….</param>
    /// <param name="seeds">How many seeds per variant.</param>
    /// <param name="steps">Training steps per run.</param>
    /// <returns>The JSON written.</returns>
    private static JsonObject Run(StudyContext output, ulong seed, int seeds, int steps)
    {
        if (seeds <= 0 || steps <= 0) throw new ArgumentOutOfRangeException(nameof(seeds), "ModeCollapseStudy: seeds and steps must be positive.");
        var variants = new JsonObject();
        foreach (var variant in Variants)
        {
            var runs = new JsonArray();
            for (int s = 0; s < seeds; s++)
            {
                output.Report($"{variant}: seed {s + 1} of {seeds} ({steps} steps)");
                var watch = Stopwatch.StartNew();
                var (report, samples) = TrainOne(variant, seed + (ulong)s, steps);
                runs.Add(new JsonObject
                {
                    ["seed"] = seed + (ulong)s,
                    ["modes_covered"] = report.ModesCovered,
                    ["high_quality_fraction"] = Math.Round(report.HighQualityFraction, 4),
                    ["modes_reached"] = ModesReached(report),
                    ["high_quality_per_mode"] = new JsonArray(report.HighQualityPerMode.Select(c => (JsonNode)c).ToArray()),
                    ["seconds"] = Math.Round(watch.Elapsed.TotalSeconds, 1),
                });
                if (s == 0) Plot(output, variant, samples);
            }
            var covered = runs.Select(r => r!["modes_covered"]!.GetValue<int>()).ToArray();
            variants[variant] = new JsonObject
            {
                ["runs"] = runs,
                ["mean_modes_covered"] = covered.Average(),
                ["seeds_with_at_least_7_modes"] = covered.Count(c => c >= 7),
                ["mean_high_quality_fraction"] = Math.Round(runs.Average(r => r!["high_quality_fraction"]!.GetValue<double>()), 4),
            };
        }
        var json = new JsonObject
        {
            ["study"] = "mode-collapse",
            ["data"] = "ring of 8 Gaussians, radius 2, std 0.02",
            ["steps"] = steps,
            ["samples"] = 2500,
            ["min_samples_per_mode"] = MinSamplesPerMode,
            ["variants"] = variants,
        };
        output.WriteJson("mode-collapse.json", json);
        return json;
    }

    /// <summary>Trains one variant for <paramref name="steps"/> steps and scores 2,500 samples.</summary>
    /// <exception cref="ArgumentException">Unknown variant.</exception>
    public static (ModeCoverageReport Report, Tensor Samples) TrainOne(string variant, ulong seed, int steps)
    {
        int kernels = variant switch
        {
            "vanilla" or "unrolled" => 0,
            "minibatch-discrimination" => 5,
            _ => throw new ArgumentException($"ModeCollapseStudy: unknown variant '{variant}'; expected one of {string.Join(", ", Variants)}."),
        };
        var gan = new RingGan(seed, unrollSteps: variant == "unrolled" ? 5 : 0, minibatchKernels: kernels);
        for (int step = 0; step < steps; step++) gan.Step();
        var (modes, std) = RingGan.Ring();
        var samples = gan.Model.Sample(2500, new Generator(seed + 99));
        return (ModeCoverage.Evaluate(samples, modes, std, minSamplesPerMode: MinSamplesPerMode), samples);
    }

    /// <summary>
    /// Modes that are the nearest mode of at least a quarter of their fair share of samples, however far: it tells a
    /// generator that collapsed onto few modes from one that spreads over all of them imprecisely.
    /// </summary>
    public static int ModesReached(ModeCoverageReport report)
    {
        int modes = report.TotalModes;
        var counts = new int[modes];
        foreach (int m in report.NearestMode) counts[m]++;
        return counts.Count(c => c >= report.NearestMode.Length / (4.0 * modes));
    }

    private static void Plot(StudyContext output, string variant, Tensor samples)
    {
        var ring = ToyDistributions.Ring(1000, new Generator(5));
        new ScatterPlot { Title = $"Ring of 8 Gaussians: {variant} GAN", PointRadius = 1.2 }
            .Add(ring.Points, name: "data")
            .Add(samples, name: variant)
            .Save(output.Picture($"mode-collapse-{variant}.svg", $"{variant}: samples of the first seed over the eight modes"));
    }
}
