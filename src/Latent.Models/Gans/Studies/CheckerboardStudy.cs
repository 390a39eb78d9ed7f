using System.Diagnostics;
using System.Text.Json.Nodes;
using Latent.IO;
using Latent.Models.Common;
using Latent.Models.Metrics;
using Latent.Tensors;

namespace Latent.Models.Gans.Studies;

/// <summary>
/// Checkerboard artefacts (Odena et al. 2016): the W2 DCGAN with its stride-2 transposed convolutions against the same
/// generator with resize-then-convolve upsampling (nearest ×2, then 3×3), both trained the same number of steps on
/// Fashion-MNIST from the same seed. A kernel of 4 at stride 2 covers output pixels unevenly, which paints period-2
/// patterns; the resized maps give every pixel the same overlap. Measured: the share of each set's power spectrum on the
/// Nyquist lines, against real images, at initialisation and after training; shown: sample grids and the radial spectra.
/// </summary>
/// <remarks>Writes <c>checkerboard.json</c>, <c>checkerboard-{kind}-{init|trained}.png</c> and <c>checkerboard-spectrum.svg</c>.</remarks>
public sealed class CheckerboardStudy : Study
{
    /// <inheritdoc />
    public override string Name => "checkerboard";

    /// <inheritdoc />
    public override string Title => "Checkerboard artefacts: transposed convolution vs resize-then-convolve";

    /// <inheritdoc />
    public override string Explanation =>
        "Two DCGAN generators that differ only in how they double the resolution — stride-2 transposed convolutions (W2) or " +
        "nearest-neighbour resizing followed by a 3×3 convolution — trained the same number of steps on Fashion-MNIST. The table gives the share of " +
        "the images' power on the Nyquist lines (period-2 patterns) next to real images', at initialisation and after training; the plot shows " +
        "the radial power spectra, the grids the samples.";

    /// <inheritdoc />
    public override string? TypicalDuration => "about 6 minutes";

    /// <summary>Training steps per generator (tests shorten it).</summary>
    public int Steps { get; init; } = 600;

    /// <summary>Training images the GANs draw their batches from.</summary>
    public int TrainImages { get; init; } = 20_000;

    /// <summary>Images whose spectra are averaged, per set.</summary>
    public int SpectrumImages { get; init; } = 500;

    /// <inheritdoc />
    public override JsonObject Run(StudyContext context)
    {
        if (Steps <= 0 || TrainImages <= 0 || SpectrumImages <= 0)
            throw new ArgumentOutOfRangeException(nameof(Steps), "CheckerboardStudy: steps, training images and spectrum images must be positive.");
        var real = StudyData.Load(context, 0, SpectrumImages).Test;
        var realSpectrum = PowerSpectrum.Of(real);
        var plot = new LinePlot { Title = "Radial power spectrum (mean over images, each scaled to unit power)", XLabel = "spatial frequency (cycles per 28 pixels)", YLabel = "power share", LogY = true };
        AddRadial(plot, "real", realSpectrum);
        var kinds = new JsonObject();
        foreach (var kind in new[] { UpsampleKind.Transposed, UpsampleKind.Resize })
        {
            string name = kind == UpsampleKind.Transposed ? "transposed" : "resize";
            var setup = GanFamily.Create(new GanOptions
            {
                Upsample = kind,
                Seed = (long)context.Seed,
                TrainSize = TrainImages,
                DataDir = context.DataDir,
            });
            var gan = (GanModel)setup.Model;
            var atInit = Measure(context, gan, name, "init");
            context.Report($"{name}: training {Steps} steps");
            var watch = Stopwatch.StartNew();
            var losses = new List<double>();
            for (int step = 0; step < Steps;)
            {
                foreach (var batch in setup.Train)
                {
                    var metrics = gan.TrainStep(batch);
                    if (metrics.TryGetValue("g_loss", out double g)) losses.Add(g);
                    if (++step == Steps) break;
                }
            }
            double seconds = watch.Elapsed.TotalSeconds;
            var trained = Measure(context, gan, name, "trained");
            AddRadial(plot, $"{name}, init", atInit.Spectrum);
            AddRadial(plot, $"{name}, trained", trained.Spectrum);
            kinds[name] = new JsonObject
            {
                ["nyquist_share_init"] = Math.Round(atInit.Spectrum.NyquistShare(), 5),
                ["nyquist_share_trained"] = Math.Round(trained.Spectrum.NyquistShare(), 5),
                ["nyquist_ratio_to_real_trained"] = Math.Round(trained.Spectrum.NyquistShare() / realSpectrum.NyquistShare(), 3),
                ["final_g_loss_mean_last_50"] = losses.Count > 0 ? Math.Round(losses.TakeLast(50).Average(), 4) : null,
                ["train_seconds"] = Math.Round(seconds, 1),
            };
        }
        plot.Save(context.Picture("checkerboard-spectrum.svg", "Radial power spectra of real images and of each generator's samples at initialisation and after training"));
        var json = new JsonObject
        {
            ["study"] = Name,
            ["steps"] = Steps,
            ["train_images"] = TrainImages,
            ["spectrum_images"] = SpectrumImages,
            ["real_nyquist_share"] = Math.Round(realSpectrum.NyquistShare(), 5),
            ["generators"] = kinds,
        };
        context.WriteJson("checkerboard.json", json);
        return json;
    }

    /// <summary>The radial spectrum from frequency 1 on (DC carries no power once the means are removed).</summary>
    private static void AddRadial(LinePlot plot, string name, PowerSpectrum spectrum)
    {
        var radial = spectrum.Radial();
        plot.Add(name, Enumerable.Range(1, radial.Length - 1).Select(r => (double)r).ToArray(), radial[1..]);
    }

    private (PowerSpectrum Spectrum, Tensor Samples) Measure(StudyContext context, GanModel gan, string name, string when)
    {
        var samples = ((ISampler)gan).Sample(SpectrumImages, new Generator(context.Seed + 7));
        ImageGrid.Save(samples.Narrow(0, 0, Math.Min(64, SpectrumImages)), context.Picture($"checkerboard-{name}-{when}.png",
            $"{name} upsampling, {(when == "init" ? "at initialisation" : $"after {Steps} steps")}"), columns: 8);
        return (PowerSpectrum.Of(samples), samples);
    }
}
