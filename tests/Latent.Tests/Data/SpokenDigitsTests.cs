using Latent.Data;

namespace Latent.Tests.Data;

public class SpokenDigitsTests
{
    private static double Rms(float[] x, int from, int to) => Math.Sqrt(x[from..to].Select(v => (double)v * v).Average());

    [Fact]
    public void ResamplingKeepsTheBandAndRemovesWhatIsAboveTheNewNyquistFrequency()
    {
        int from = 22050;
        float[] Sine(double hz) => [.. Enumerable.Range(0, from).Select(i => (float)(0.5 * Math.Sin(2 * Math.PI * hz * i / from)))];
        var low = SpokenDigits.Resample(Sine(1000), from, 8000);
        Assert.Equal(8000, low.Length);
        Close.Assert(0.5 / Math.Sqrt(2), Rms(low, 100, 7900), atol: 0.01, rtol: 0, what: "RMS of a 1 kHz tone at 8 kHz");
        // A 1 kHz tone stays a 1 kHz tone: it repeats every 8 output samples.
        for (int i = 100; i < 200; i++) Close.Assert(low[i], low[i + 8], atol: 0.01, rtol: 0, what: $"period at {i}");
        var high = SpokenDigits.Resample(Sine(5000), from, 8000);
        Assert.True(Rms(high, 100, 7900) < 0.01, $"a 5 kHz tone should not alias into 8 kHz audio (RMS {Rms(high, 100, 7900)})");
    }

    [Fact]
    public void WaveFilesRoundTripAndBadFilesAreNamed()
    {
        string dir = Directory.CreateTempSubdirectory("wav").FullName;
        try
        {
            string path = Path.Combine(dir, "a.wav");
            float[] samples = [0f, 0.5f, -0.5f, 1f, -1f, 0.25f];
            WaveFile.Write(path, samples, 8000);
            var (back, rate) = WaveFile.Read(path);
            Assert.Equal(8000, rate);
            for (int i = 0; i < samples.Length; i++) Close.Assert(samples[i], back[i], atol: 1.0 / 32767, rtol: 0, what: $"sample {i}");
            string bad = Path.Combine(dir, "bad.wav");
            File.WriteAllBytes(bad, File.ReadAllBytes(path)[..30]);
            var e = Assert.Throws<InvalidDataException>(() => WaveFile.Read(bad));
            Assert.Contains("bad.wav", e.Message);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [SkippableFact]
    public void TheDigitsAreSynthesisedOnceAndSplitByVoiceSetting()
    {
        Skip.If(!File.Exists("/usr/bin/espeak-ng") && !Directory.Exists(SpokenDigits.DefaultDirectory()), "espeak-ng is not installed");
        var digits = SpokenDigits.Load();
        int settings = SpokenDigits.Voices.Count * SpokenDigits.Speeds.Count * SpokenDigits.Pitches.Count;
        Assert.Equal(10 * settings, digits.Clips.Count);
        Assert.Equal(10 * SpokenDigits.Voices.Count, digits.IsTest.Count(t => t));
        Assert.All(digits.Clips, c => Assert.InRange(c.Length, 1600, 12000)); // 0.2 to 1.5 s of speech
        Assert.All(digits.Clips, c => Close.Assert(0.9, c.Max(MathF.Abs), atol: 0.02, rtol: 0, what: "peak"));
        var (train, labels) = digits.Split(DatasetSplit.Train, 3000);
        Assert.Equal(train.Length, labels.Length);
        Assert.All(train, c => Assert.Equal(3000, c.Length));
        Assert.Equal(Enumerable.Range(0, 10), labels.Distinct().Order());
    }
}
