using System.Diagnostics;
using System.Text.Json.Nodes;
using Latent.IO;
using Latent.Models.Common;
using Latent.Models.Metrics;
using Latent.Tensors;

namespace Latent.Models.Gans.Studies;

/// <summary>
/// Metz et al.'s (2017) ring experiment: the same GAN on the ring of 8 Gaussians with the plain generator loss and with
/// the unrolled objective at k = 3 and k = 10, the generator's samples drawn at regular steps of training. The plain
/// GAN tends to sit on one or a few modes and hop between them as the discriminator chases it; unrolling lets the
/// generator anticipate the discriminator and spread over the ring. Reported per snapshot: modes covered (of 8), the
/// share of samples within 3σ of a mode, and the mode holding most samples; over seeds: mean modes covered at the end
/// and the hops — consecutive snapshots where the generator sat mostly (≥ <see cref="CollapsedShare"/>) on one mode and
/// that mode changed.
/// </summary>
/// <remarks>Writes <c>unrolled-ring.json</c>, <c>unrolled-ring-snapshots.png</c> (rows: k; columns: training steps; the
/// first seed) and <c>unrolled-ring-modes.svg</c> (modes covered against steps, mean over seeds).</remarks>
public sealed class UnrolledGanStudy : Study
{
    /// <summary>The share of samples on one mode above which the generator counts as collapsed onto it.</summary>
    public const double CollapsedShare = 0.5;

    /// <summary>Cell size of the snapshot picture, in pixels.</summary>
    public const int CellPixels = 96;

    /// <summary>Half the side of the square each snapshot shows (the ring has radius 2).</summary>
    public const float ViewHalfWidth = 2.75f;

    /// <inheritdoc />
    public override string Name => "unrolled-ring";

    /// <inheritdoc />
    public override string Title => "Unrolled GAN on the ring: k = 0, 3, 10";

    /// <inheritdoc />
    public override string Explanation =>
        "The same small GAN trained on a ring of 8 Gaussians with the plain non-saturating generator loss (k = 0) and with the " +
        "unrolled objective of Metz et al. (k = 3 and 10 discriminator steps looked ahead). The snapshots show where the generator " +
        "puts its samples as training goes on (rows: k; columns: steps; red dots: the eight modes); the table counts the modes " +
        "covered and how often a generator sitting mostly on one mode moved to another between snapshots.";

    /// <inheritdoc />
    public override string? TypicalDuration => "about 10 minutes";

    /// <summary>The unrolling depths compared (0 is the plain GAN).</summary>
    public IReadOnlyList<int> UnrollSteps { get; init; } = [0, 3, 10];

    /// <summary>Seeds per depth (tests shorten it).</summary>
    public int Seeds { get; init; } = 3;

    /// <summary>Training steps per run (tests shorten it).</summary>
    public int Steps { get; init; } = 6000;

    /// <summary>Snapshots per run, equally spaced, the last at the final step.</summary>
    public int Snapshots { get; init; } = 6;

    /// <summary>Samples drawn at each snapshot.</summary>
    public int SamplesPerSnapshot { get; init; } = 2500;

    /// <inheritdoc />
    public override JsonObject Run(StudyContext context)
    {
        if (Seeds <= 0 || Steps <= 0 || Snapshots <= 0 || Snapshots > Steps || SamplesPerSnapshot <= 0 || UnrollSteps.Count == 0 || UnrollSteps.Any(k => k < 0))
            throw new ArgumentOutOfRangeException(nameof(Steps), "UnrolledGanStudy: seeds, steps, snapshots (at most steps) and samples must be positive and unroll steps non-negative.");
        var (modes, std) = RingGan.Ring();
        var snapshotSteps = Enumerable.Range(1, Snapshots).Select(i => (int)((long)Steps * i / Snapshots)).ToArray();
        var cells = new List<Tensor>();
        var variants = new JsonObject();
        var plot = new LinePlot { Title = "Modes covered (of 8) during training, mean over seeds", XLabel = "training step", YLabel = "modes covered" };
        foreach (int k in UnrollSteps)
        {
            var runs = new JsonArray();
            var coveredSum = new double[Snapshots];
            for (int s = 0; s < Seeds; s++)
            {
                ulong seed = context.Seed + (ulong)s;
                context.Report($"k = {k}: seed {s + 1} of {Seeds} ({Steps} steps)");
                var watch = Stopwatch.StartNew();
                var gan = new RingGan(seed, unrollSteps: k);
                var snapshots = new JsonArray();
                int step = 0, previousDominant = -1, hops = 0;
                double previousShare = 0;
                for (int i = 0; i < Snapshots; i++)
                {
                    for (; step < snapshotSteps[i]; step++) gan.Step();
                    // The same noise at every snapshot, so the pictures follow the same latent points through training.
                    var samples = gan.Model.Sample(SamplesPerSnapshot, new Generator(seed + 99));
                    var report = ModeCoverage.Evaluate(samples, modes, std, minSamplesPerMode: ModeCollapseStudy.MinSamplesPerMode);
                    var (dominant, share) = Dominant(report);
                    // A hop: the generator sat mostly on one mode at both snapshots, and the mode changed.
                    if (previousDominant >= 0 && dominant != previousDominant && share >= CollapsedShare && previousShare >= CollapsedShare) hops++;
                    (previousDominant, previousShare) = (dominant, share);
                    coveredSum[i] += report.ModesCovered;
                    snapshots.Add(new JsonObject
                    {
                        ["step"] = step,
                        ["modes_covered"] = report.ModesCovered,
                        ["high_quality_fraction"] = Math.Round(report.HighQualityFraction, 4),
                        ["dominant_mode"] = dominant,
                        ["dominant_share"] = Math.Round(share, 4),
                    });
                    if (s == 0) cells.Add(Snapshot(samples, modes));
                }
                runs.Add(new JsonObject
                {
                    ["seed"] = seed,
                    ["snapshots"] = snapshots,
                    ["final_modes_covered"] = snapshots[^1]!["modes_covered"]!.GetValue<int>(),
                    ["collapsed_mode_hops"] = hops,
                    ["seconds"] = Math.Round(watch.Elapsed.TotalSeconds, 1),
                });
            }
            plot.Add($"k = {k}", snapshotSteps.Select(x => (double)x).ToArray(), coveredSum.Select(c => c / Seeds).ToArray());
            variants[$"k{k}"] = new JsonObject
            {
                ["unroll_steps"] = k,
                ["runs"] = runs,
                ["mean_final_modes_covered"] = Math.Round(runs.Average(r => r!["final_modes_covered"]!.GetValue<int>()), 3),
                ["mean_modes_covered_over_snapshots"] = Math.Round(coveredSum.Sum() / (Seeds * Snapshots), 3),
                ["mean_collapsed_mode_hops"] = Math.Round(runs.Average(r => r!["collapsed_mode_hops"]!.GetValue<int>()), 3),
            };
        }
        ImageGrid.Save(Tensor.Stack(cells.ToArray()), context.Picture("unrolled-ring-snapshots.png",
            $"Generator samples (first seed); rows: k = {string.Join(", ", UnrollSteps)}; columns: steps {string.Join(", ", snapshotSteps)}; red: the eight modes"),
            columns: Snapshots, padding: 3, paddingValue: 160);
        plot.Save(context.Picture("unrolled-ring-modes.svg", "Modes covered (of 8) at each snapshot, mean over seeds"));
        var json = new JsonObject
        {
            ["study"] = Name,
            ["data"] = "ring of 8 Gaussians, radius 2, std 0.02",
            ["steps"] = Steps,
            ["snapshot_steps"] = new JsonArray(snapshotSteps.Select(x => (JsonNode)x).ToArray()),
            ["samples_per_snapshot"] = SamplesPerSnapshot,
            ["min_samples_per_mode"] = ModeCollapseStudy.MinSamplesPerMode,
            ["variants"] = variants,
        };
        context.WriteJson("unrolled-ring.json", json);
        return json;
    }

    /// <summary>The mode nearest to the most samples, and the share of samples it holds.</summary>
    public static (int Mode, double Share) Dominant(ModeCoverageReport report)
    {
        var counts = new int[report.TotalModes];
        foreach (int m in report.NearestMode) counts[m]++;
        int best = Array.IndexOf(counts, counts.Max());
        return (best, counts[best] / (double)report.NearestMode.Length);
    }

    /// <summary>
    /// One snapshot as an RGB image [3, H, W]: the sample density on a log scale (white: none, black: the densest
    /// pixel) over [−<see cref="ViewHalfWidth"/>, <see cref="ViewHalfWidth"/>]², the modes as red dots.
    /// </summary>
    public static Tensor Snapshot(Tensor samples, Tensor modes)
    {
        const int n = CellPixels;
        var counts = new float[n * n];
        var p = samples.Data;
        for (int i = 0; i < samples.Shape[0]; i++)
        {
            if (Pixel(p[2 * i], p[2 * i + 1]) is { } at) counts[at.Y * n + at.X]++;
        }
        float top = MathF.Log(1 + counts.Max());
        var image = new float[3 * n * n];
        for (int i = 0; i < n * n; i++)
        {
            float shade = top > 0 ? 1 - MathF.Log(1 + counts[i]) / top : 1;
            image[i] = image[n * n + i] = image[2 * n * n + i] = shade;
        }
        var m = modes.Data;
        for (int j = 0; j < modes.Shape[0]; j++)
        {
            if (Pixel(m[2 * j], m[2 * j + 1]) is not { } at) continue;
            for (int dy = -1; dy <= 1; dy++)
            for (int dx = -1; dx <= 1; dx++)
            {
                int x = at.X + dx, y = at.Y + dy;
                if (x < 0 || y < 0 || x >= n || y >= n) continue;
                image[y * n + x] = 1f;
                image[n * n + y * n + x] = image[2 * n * n + y * n + x] = 0.1f;
            }
        }
        return Tensor.FromArray(image, 3, n, n);
    }

    private static (int X, int Y)? Pixel(float x, float y)
    {
        int px = (int)MathF.Floor((x + ViewHalfWidth) / (2 * ViewHalfWidth) * CellPixels);
        int py = (int)MathF.Floor((ViewHalfWidth - y) / (2 * ViewHalfWidth) * CellPixels);
        return px >= 0 && py >= 0 && px < CellPixels && py < CellPixels ? (px, py) : null;
    }
}
