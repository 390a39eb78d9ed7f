using System.Diagnostics;
using System.Globalization;

namespace Latent.Data;

/// <summary>
/// Spoken digits "zero" … "nine", synthesised offline with Debian's <c>espeak-ng</c> in several voices, speeds and
/// pitches, resampled to 8 kHz with a windowed-sinc low-pass, trimmed of leading silence, peak-normalised and cut or
/// padded to a fixed length. The clips are synthesised into a cache folder on first use (as WAV files plus an index)
/// and read from it afterwards. The test split is every clip of one held-out setting per voice (speed 150, pitch 65),
/// so that no test clip is in the training set.
/// </summary>
public sealed class SpokenDigits
{
    /// <summary>The sample rate of the clips, Hz.</summary>
    public const int SampleRate = 8000;

    /// <summary>The words, index = label.</summary>
    public static IReadOnlyList<string> Words { get; } = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"];

    /// <summary>The espeak-ng voices (language + variant).</summary>
    public static IReadOnlyList<string> Voices { get; } = ["en+m1", "en+m3", "en+m5", "en+f2", "en+f4", "en-us+m2", "en-us+f3", "en-gb-scotland+m4"];

    /// <summary>Speaking speeds, words per minute.</summary>
    public static IReadOnlyList<int> Speeds { get; } = [120, 150, 180];

    /// <summary>Pitches, 0..99.</summary>
    public static IReadOnlyList<int> Pitches { get; } = [35, 65];

    private const string Version = "spoken-digits-v1";
    private static readonly object Gate = new();

    private SpokenDigits(float[][] clips, int[] labels, string[] names, bool[] isTest, string directory)
    {
        Clips = clips;
        Labels = labels;
        Names = names;
        IsTest = isTest;
        Directory = directory;
    }

    /// <summary>Every clip's samples in [−1, 1] at <see cref="SampleRate"/>, as synthesised (before fixing the length).</summary>
    public IReadOnlyList<float[]> Clips { get; }

    /// <summary>Every clip's digit.</summary>
    public IReadOnlyList<int> Labels { get; }

    /// <summary>Every clip's name, e.g. "seven_en+m3_s150_p35".</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>Whether each clip belongs to the test split.</summary>
    public IReadOnlyList<bool> IsTest { get; }

    /// <summary>The cache folder the clips were read from.</summary>
    public string Directory { get; }

    /// <summary>The default cache folder: $LATENT_DATA/spoken-digits-v1, else $XDG_CACHE_HOME (or ~/.cache)/latent/spoken-digits-v1.</summary>
    public static string DefaultDirectory()
    {
        string? data = Environment.GetEnvironmentVariable("LATENT_DATA");
        if (!string.IsNullOrEmpty(data)) return Path.Combine(data, Version);
        string cache = Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg
            ? xdg : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return Path.Combine(cache, "latent", Version);
    }

    /// <summary>The cache folder under a data root: <paramref name="root"/>/spoken-digits-v1, or <see cref="DefaultDirectory"/> when the root is null.</summary>
    public static string DirectoryUnder(string? root) => root == null ? DefaultDirectory() : Path.Combine(root, Version);

    /// <summary>
    /// Loads the clips from <paramref name="directory"/> (default <see cref="DefaultDirectory"/>), synthesising them
    /// there first when they are not cached yet.
    /// </summary>
    /// <exception cref="DatasetNotFoundException">The clips are not cached and espeak-ng is not installed.</exception>
    /// <exception cref="InvalidDataException">A cached file is corrupt; the message names it.</exception>
    public static SpokenDigits Load(string? directory = null)
    {
        directory ??= DefaultDirectory();
        string index = Path.Combine(directory, "index.tsv");
        lock (Gate)
        {
            if (!File.Exists(index)) Synthesise(directory);
        }
        var clips = new List<float[]>();
        var labels = new List<int>();
        var names = new List<string>();
        var test = new List<bool>();
        foreach (var line in File.ReadLines(index).Skip(1))
        {
            var f = line.Split('\t');
            if (f.Length != 4 || !int.TryParse(f[1], CultureInfo.InvariantCulture, out int label) || label is < 0 or > 9)
                throw new InvalidDataException($"'{index}': bad line '{line}' (expected name, label 0-9, split, file). Delete the folder to synthesise it again.");
            var (samples, rate) = WaveFile.Read(Path.Combine(directory, f[3]));
            if (rate != SampleRate) throw new InvalidDataException($"'{f[3]}' in '{directory}' is at {rate} Hz, not {SampleRate}.");
            clips.Add(samples);
            labels.Add(label);
            names.Add(f[0]);
            test.Add(f[2] == "test");
        }
        return new SpokenDigits([.. clips], [.. labels], [.. names], [.. test], directory);
    }

    /// <summary>The clips of one split cut or padded (with silence) to <paramref name="length"/> samples: values [n, length] and labels.</summary>
    public (float[][] Clips, int[] Labels) Split(DatasetSplit split, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        bool wantTest = split == DatasetSplit.Test;
        var picked = Enumerable.Range(0, Clips.Count).Where(i => IsTest[i] == wantTest).ToArray();
        var clips = picked.Select(i =>
        {
            var fixedLength = new float[length];
            Clips[i].AsSpan(0, Math.Min(length, Clips[i].Length)).CopyTo(fixedLength);
            return fixedLength;
        }).ToArray();
        return (clips, [.. picked.Select(i => Labels[i])]);
    }

    private static void Synthesise(string directory)
    {
        string? espeak = FindEspeak();
        if (espeak == null)
            throw new DatasetNotFoundException("Spoken digits (synthesised with espeak-ng)", [directory, .. PathDirectories()],
                "Install the speech synthesiser: apt-get install espeak-ng (the latent script and test.sh do this).");
        var parent = Path.GetDirectoryName(Path.GetFullPath(directory))!;
        System.IO.Directory.CreateDirectory(parent);
        string temp = Path.Combine(parent, $".{Version}.{Environment.ProcessId}.{Guid.NewGuid():N}");
        System.IO.Directory.CreateDirectory(temp);
        try
        {
            var jobs = (from voice in Voices from speed in Speeds from pitch in Pitches from w in Enumerable.Range(0, Words.Count) select (voice, speed, pitch, w)).ToArray();
            var lines = new string[jobs.Length];
            Parallel.For(0, jobs.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, j =>
            {
                var (voice, speed, pitch, w) = jobs[j];
                string name = $"{Words[w]}_{voice}_s{speed}_p{pitch}";
                string raw = Path.Combine(temp, name + ".raw.wav");
                Run(espeak, ["-v", voice, "-s", speed.ToString(CultureInfo.InvariantCulture), "-p", pitch.ToString(CultureInfo.InvariantCulture), "-w", raw, Words[w]]);
                var (samples, rate) = WaveFile.Read(raw);
                File.Delete(raw);
                WaveFile.Write(Path.Combine(temp, name + ".wav"), Prepare(samples, rate), SampleRate);
                bool test = speed == 150 && pitch == 65;
                lines[j] = $"{name}\t{w}\t{(test ? "test" : "train")}\t{name}.wav";
            });
            File.WriteAllLines(Path.Combine(temp, "index.tsv"), ["name\tlabel\tsplit\tfile", .. lines]);
            if (System.IO.Directory.Exists(directory))
            {
                if (File.Exists(Path.Combine(directory, "index.tsv"))) return; // another process finished first
                System.IO.Directory.Delete(directory, recursive: true);
            }
            try { System.IO.Directory.Move(temp, directory); }
            catch (IOException) when (File.Exists(Path.Combine(directory, "index.tsv"))) { }
        }
        finally
        {
            if (System.IO.Directory.Exists(temp)) System.IO.Directory.Delete(temp, recursive: true);
        }
    }

    /// <summary>Resamples to 8 kHz, drops leading and trailing silence and scales the peak to 0.9.</summary>
    private static float[] Prepare(float[] samples, int rate)
    {
        var resampled = Resample(samples, rate, SampleRate);
        float peak = resampled.Length == 0 ? 0 : resampled.Max(MathF.Abs);
        if (peak == 0) return resampled;
        float threshold = 0.02f * peak;
        int start = Array.FindIndex(resampled, v => MathF.Abs(v) > threshold);
        int end = Array.FindLastIndex(resampled, v => MathF.Abs(v) > threshold);
        start = Math.Max(0, start - 80);
        end = Math.Min(resampled.Length - 1, end + 80);
        var trimmed = resampled[start..(end + 1)];
        for (int i = 0; i < trimmed.Length; i++) trimmed[i] *= 0.9f / peak;
        return trimmed;
    }

    /// <summary>
    /// Band-limited resampling from <paramref name="from"/> to <paramref name="to"/> Hz: each output sample is the
    /// input convolved with a Blackman-windowed sinc low-pass at 0.9 of the lower Nyquist frequency (±32 taps at the
    /// input rate).
    /// </summary>
    public static float[] Resample(float[] samples, int from, int to)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(from);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(to);
        if (from == to) return (float[])samples.Clone();
        double cutoff = 0.9 * Math.Min(from, to) / 2 / from; // cycles per input sample
        const int half = 32;
        int n = (int)((long)samples.Length * to / from);
        var output = new float[n];
        for (int i = 0; i < n; i++)
        {
            double centre = (double)i * from / to;
            int first = (int)Math.Ceiling(centre - half), last = (int)Math.Floor(centre + half);
            double sum = 0;
            for (int k = Math.Max(0, first); k <= Math.Min(samples.Length - 1, last); k++)
            {
                double u = k - centre;
                double sinc = u == 0 ? 2 * cutoff : Math.Sin(2 * Math.PI * cutoff * u) / (Math.PI * u);
                double w = 0.42 + 0.5 * Math.Cos(Math.PI * u / half) + 0.08 * Math.Cos(2 * Math.PI * u / half);
                sum += samples[k] * sinc * w;
            }
            output[i] = (float)sum;
        }
        return output;
    }

    private static IEnumerable<string> PathDirectories()
        => (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);

    private static string? FindEspeak()
        => PathDirectories().Select(d => Path.Combine(d, "espeak-ng")).FirstOrDefault(File.Exists);

    private static void Run(string program, string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}");
        string error = process.StandardError.ReadToEnd();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed ({process.ExitCode}): {error.Trim()}");
    }
}
