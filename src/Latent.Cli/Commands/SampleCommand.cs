using System.CommandLine;
using Latent.Data;
using Latent.IO;
using Latent.Models.Catalog;
using Latent.Models.Common;
using Latent.Models.Metrics;
using Latent.Tensors;

namespace Latent.Cli.Commands;

/// <summary>
/// <c>latent sample &lt;run&gt; [--n N] [--seed S] [--temperature T] [--out FILE]</c>: loads a run's latest checkpoint and draws new
/// samples: a PNG grid for images, an SVG scatter over the data for 2-D points, WAV clips for audio, text lines or
/// drawn pen paths for sequences (Markov chains, HMMs). Without <c>--out</c> each call writes
/// a new file in the run's <c>samples/</c> folder; without <c>--seed</c> each call draws different samples.
/// </summary>
internal static class SampleCommand
{
    public static Command Create()
    {
        var command = new Command("sample", "Draw samples from a trained run's latest checkpoint");
        var runArg = new Argument<string>("run") { Description = "run directory, or a run name under runs/" };
        var count = new Option<int?>("--n") { Description = "number of samples (default: 64, or 4 clips for audio models)" };
        var seed = new Option<long?>("--seed") { Description = "random seed (default: a new one each call; it is printed)" };
        var temperature = new Option<double?>("--temperature") { Description = "sampling temperature T > 0 for models that have one (flows scale their base samples, WaveNet its logits by 1/T; T < 1: cleaner, less varied) (default: 1)" };
        var output = new Option<string?>("--out") { Description = "output file, .png for images, .svg for 2-D points and pen paths, .txt for words and symbol sequences, .wav for audio (one file per clip, numbered) (default: a new file in <run>/samples/)" };
        command.Arguments.Add(runArg);
        command.Options.Add(count);
        command.Options.Add(seed);
        command.Options.Add(temperature);
        command.Options.Add(output);
        command.SetAction(result =>
        {
            try
            {
                return Sample(result.GetValue(runArg)!, result.GetValue(count), result.GetValue(seed), result.GetValue(temperature), result.GetValue(output));
            }
            catch (Exception e) when (e is ArgumentException or InvalidDataException or DatasetNotFoundException or InvalidOperationException or IOException)
            {
                Console.Error.WriteLine($"latent sample: {e.Message}");
                return 2;
            }
        });
        return command;
    }

    private static int Sample(string runPath, int? count, long? seed, double? temperature, string? output)
    {
        if (count < 1) throw new ArgumentException($"--n must be positive, got {count}.");
        if (temperature is { } t && !(t > 0 && double.IsFinite(t))) throw new ArgumentException($"--temperature must be positive and finite, got {t}.");
        if (seed < 0) throw new ArgumentException($"--seed must be non-negative, got {seed}.");
        var dir = Directory.Exists(runPath) ? runPath : Path.Combine(RunDirectory.DefaultRoot, runPath);
        if (!Directory.Exists(dir)) throw new IOException($"run '{runPath}' not found (looked in '{runPath}' and '{dir}').");
        if (!RunDirectory.IsRun(dir)) throw new IOException($"'{Path.GetFullPath(dir)}' is not a run directory (it has no config.json and no checkpoints/).");
        var trained = TrainedRun.Open(new RunDirectory(dir));
        var (run, modelName, model) = (trained.Run, trained.Spec.Name, trained.Setup.Model);
        if (model is not ISampler sampler) throw new InvalidOperationException($"model '{modelName}' does not draw samples.");
        if (temperature != null && sampler is not ITemperatureSampler)
            throw new ArgumentException($"--temperature: model '{modelName}' has no sampling temperature (flows and WaveNet have one).");
        long used = seed ?? Random.Shared.NextInt64(0, 1L << 31);
        Tensor Draw(int n) => temperature is { } t && sampler is ITemperatureSampler tempered
            ? tempered.Sample(n, new Generator((ulong)used), t)
            : sampler.Sample(n, new Generator((ulong)used));
        string drawn = temperature is { } tt ? $"seed {used}, temperature {tt}" : $"seed {used}";
        if (sampler is IAudioSampler audio) return SampleAudio(run, modelName, audio, count ?? 4, drawn, Draw, output);
        int n = count ?? 64;
        var samples = Draw(n);
        if (sampler is ISequenceSampler sequences)
        {
            string extension = sequences.SequenceFileExtension;
            if (output != null && !output.EndsWith(extension, StringComparison.OrdinalIgnoreCase))
                throw new ArgumentException($"--out '{output}': {modelName} writes its sequences as {extension}; give a {extension} path.");
            var file = output ?? NewSamplePath(run, extension);
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
            sequences.WriteSequences(samples, file, $"{n} sequences of {modelName} ({drawn})");
            Console.WriteLine($"Wrote {n} sequences of {modelName} ({drawn}) to {file}.");
            return 0;
        }
        bool image = sampler.SampleShape.Length == 3;
        var path = output ?? NewSamplePath(run, image ? ".png" : ".svg");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        if (image) ImageGrid.Save(samples.Clamp(0f, 1f), path);
        else
        {
            var plot = new ScatterPlot { Title = $"{n} samples of {modelName} ({drawn})", PointRadius = 1.5 };
            plot.Add(samples.Reshape(n, -1), name: "samples");
            plot.Save(path);
        }
        Console.WriteLine($"Wrote {n} samples of {modelName} ({drawn}) to {path}.");
        return 0;
    }

    /// <summary>
    /// Writes <paramref name="n"/> generated clips as 16-bit WAV files <c>{stem}-1.wav</c>, … and their waveforms and
    /// spectrograms as <c>{stem}-waveforms.png</c> and <c>{stem}-spectrograms.png</c>; refuses to overwrite any of them.
    /// </summary>
    private static int SampleAudio(RunDirectory run, string modelName, IAudioSampler audio, int n, string drawn, Func<int, Tensor> draw, string? output)
    {
        if (output != null && !output.EndsWith(".wav", StringComparison.OrdinalIgnoreCase))
            throw new ArgumentException($"--out '{output}': {modelName} draws audio; give a .wav path (clips are numbered after it).");
        var stem = output != null ? output[..^4] : NewAudioStem(run);
        var paths = Enumerable.Range(1, n).Select(i => $"{stem}-{i}.wav").Append($"{stem}-waveforms.png").Append($"{stem}-spectrograms.png").ToArray();
        if (paths.FirstOrDefault(File.Exists) is { } taken) throw new IOException($"'{taken}' exists; choose another --out (samples never overwrite).");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(stem))!);
        var clips = draw(n);
        int length = clips.Shape[^1];
        var data = clips.ToArray();
        for (int i = 0; i < n; i++) WaveFile.Write(paths[i], data.AsSpan(i * length, length), audio.SampleRate);
        Waveforms.Save(clips.Reshape(n, 1, length), paths[^2]);
        Spectrograms.Save(clips.Reshape(n, 1, length), audio.SampleRate, paths[^1]);
        Console.WriteLine($"Wrote {n} clips of {modelName} ({drawn}, {length / (double)audio.SampleRate:F2} s at {audio.SampleRate} Hz) to {paths[0]} … {paths[n - 1]}, waveforms in {paths[^2]}, spectrograms in {paths[^1]}.");
        var speech = SpeechMeasures.Of(clips.Reshape(n, 1, length), audio.SampleRate);
        Console.WriteLine($"As speech: they sound for {speech.SoundingSeconds.Average():F2} s on average, {speech.Ended} of {n} fall silent before the end, median order-{SpeechMeasures.Order} prediction gain {speech.MedianPredictionGainDb:F1} dB.");
        return 0;
    }

    /// <summary>samples/sample-001, -002, … : the first stem whose clips and pictures are not taken.</summary>
    private static string NewAudioStem(RunDirectory run)
        => FirstFreeStem(run, stem => File.Exists(stem + "-1.wav") || File.Exists(stem + "-waveforms.png") || File.Exists(stem + "-spectrograms.png"));

    /// <summary>samples/sample-001.png, -002, … : the first name not taken, so no call overwrites another.</summary>
    private static string NewSamplePath(RunDirectory run, string extension)
        => FirstFreeStem(run, stem => File.Exists(stem + extension)) + extension;

    private static string FirstFreeStem(RunDirectory run, Func<string, bool> taken)
    {
        for (int i = 1; ; i++)
        {
            var stem = run.SamplePath($"sample-{i:D3}");
            if (!taken(stem)) return stem;
        }
    }
}
