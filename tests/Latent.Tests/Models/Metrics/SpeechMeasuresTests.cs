using Latent.Models.Metrics;
using Latent.Tensors;

namespace Latent.Tests.Models.Metrics;

public class SpeechMeasuresTests
{
    [Fact]
    public void AnAutoregressiveProcessHasItsTheoreticalGainAndWhiteNoiseNone()
    {
        // x_t = a·x_{t−1} + e_t has E x² = E e² / (1 − a²): the best predictor gains −10·log10(1 − a²) = 10.11 dB at
        // a = 0.95. An order-16 fit to 160 samples overfits by about 10·log10(160 / 144) = 0.46 dB.
        var gen = new Generator(3);
        const int t = 8000;
        var ar = new float[t];
        var noise = Tensor.Randn([t], gen, 0f, 0.3f).ToArray();
        var drive = Tensor.Randn([t], gen, 0f, 0.1f).ToArray();
        for (int i = 1; i < t; i++) ar[i] = 0.95f * ar[i - 1] + drive[i];
        var measured = SpeechMeasures.Of(Tensor.FromArray(ar, 1, 1, t), 8000);
        Close.Assert(10.11 + 0.46, measured.MedianPredictionGainDb, atol: 0.8, rtol: 0, what: "AR(1) gain");
        Assert.True(measured.SoundingFrames > 40);
        var white = SpeechMeasures.Of(Tensor.FromArray(noise, 1, 1, t), 8000);
        Assert.InRange(white.MedianPredictionGainDb, 0, 1.5);
    }

    [Fact]
    public void SoundingTimeAndEndingsAreReadFromTheLastAudibleSample()
    {
        const int t = 4000;
        var clips = new float[3 * t];
        for (int i = 0; i < 2000; i++) clips[i] = 0.5f * MathF.Sin(2 * MathF.PI * 200 * i / 8000f); // 0.25 s, then silence
        for (int i = 0; i < t; i++) clips[t + i] = 0.5f * MathF.Sin(2 * MathF.PI * 300 * i / 8000f); // sounds to the end
        // The third clip is silent.
        var m = SpeechMeasures.Of(Tensor.FromArray(clips, 3, 1, t), 8000);
        Close.Assert(0.25, m.SoundingSeconds[0], atol: 1e-3, rtol: 0, what: "the tone's end");
        Close.Assert(0.5, m.SoundingSeconds[1], atol: 1e-3, rtol: 0, what: "a clip that never stops");
        Assert.Equal(0, m.SoundingSeconds[2]);
        Assert.Equal(2, m.Ended); // the silent clip and the one that stops
        Assert.True(m.MedianPredictionGainDb > 30, "a pure tone is almost perfectly predictable");
        var silent = SpeechMeasures.Of(Tensor.Zeros(1, 1, t), 8000);
        Assert.True(double.IsNaN(silent.MedianPredictionGainDb));
        Assert.Equal(0, silent.SoundingFrames);
        Assert.Throws<ArgumentException>(() => SpeechMeasures.Of(Tensor.Zeros(2, t), 8000));
    }
}
