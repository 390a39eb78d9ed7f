using System.Text.Json.Nodes;
using Latent.Tensors;
using MathNet.Numerics.LinearAlgebra;

namespace Latent.Models.Metrics;

/// <summary>
/// Numbers that tell generated speech from noise, computed the same way on samples and on real clips: how long each
/// clip sounds (up to its last sample above <see cref="Threshold"/>), how many clips fall silent before their end,
/// and how predictable the sounding frames are — the median over 20 ms frames of the gain of an order-16 linear
/// predictor fitted to the frame, 10·log₁₀(mean square of the frame / mean square of the residual). Voiced speech has a sharp spectral envelope
/// (formants) and a gain of 15–20 dB; white noise has none.
/// </summary>
/// <param name="SoundingSeconds">Per clip, the time of its last sample above the threshold.</param>
/// <param name="Ended">Clips that are silent for at least the last 10 % of their length.</param>
/// <param name="MedianPredictionGainDb">The median prediction gain of the sounding frames, dB (NaN without any).</param>
/// <param name="SoundingFrames">Frames whose root mean square is above the threshold.</param>
public sealed record SpeechMeasures(double[] SoundingSeconds, int Ended, double MedianPredictionGainDb, int SoundingFrames)
{
    /// <summary>The amplitude below which a sample (or a frame's root mean square) counts as silence.</summary>
    public const float Threshold = 0.02f;

    /// <summary>The order of the linear predictor.</summary>
    public const int Order = 16;

    /// <summary>Measures clips [N, 1, T] with samples in [−1, 1] at <paramref name="sampleRate"/> Hz.</summary>
    /// <exception cref="ArgumentException">The clips are not [N, 1, T].</exception>
    public static SpeechMeasures Of(Tensor clips, int sampleRate)
    {
        ArgumentNullException.ThrowIfNull(clips);
        if (clips.Rank != 3 || clips.Shape[1] != 1)
            throw new ArgumentException($"SpeechMeasures: expected clips [N, 1, T], got [{string.Join(", ", clips.Shape)}].", nameof(clips));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRate);
        int n = clips.Shape[0], t = clips.Shape[2], frame = Math.Max(Order * 2, sampleRate / 50);
        var data = clips.ToArray();
        var sounding = new double[n];
        var gains = new List<double>();
        int ended = 0;
        for (int i = 0; i < n; i++)
        {
            var clip = data.AsSpan(i * t, t);
            int last = clip.Length - 1;
            while (last >= 0 && Math.Abs(clip[last]) <= Threshold) last--;
            sounding[i] = (last + 1) / (double)sampleRate;
            if (t - (last + 1) >= t / 10) ended++;
            for (int start = Order; start + frame <= t; start += frame)
                if (PredictionGainDb(clip, start, frame) is double g) gains.Add(g);
        }
        gains.Sort();
        double median = gains.Count == 0 ? double.NaN
            : gains.Count % 2 == 1 ? gains[gains.Count / 2] : 0.5 * (gains[gains.Count / 2 - 1] + gains[gains.Count / 2]);
        return new SpeechMeasures(sounding, ended, median, gains.Count);
    }

    /// <summary>
    /// The gain of the least-squares order-16 predictor of samples [start, start + length) from the 16 before each, or
    /// null when the frame is silent (or the fit degenerate).
    /// </summary>
    internal static double? PredictionGainDb(ReadOnlySpan<float> clip, int start, int length)
    {
        // Mean squares, not variances: audio is centred on 0, and a frame's own mean would take the slow part of the
        // signal out of the power but not out of the residual.
        double power = 0;
        for (int k = 0; k < length; k++) power += (double)clip[start + k] * clip[start + k];
        power /= length;
        if (Math.Sqrt(power) <= Threshold) return null;
        var past = Matrix<double>.Build.Dense(length, Order);
        var next = Vector<double>.Build.Dense(length);
        for (int k = 0; k < length; k++)
        {
            next[k] = clip[start + k];
            for (int j = 0; j < Order; j++) past[k, j] = clip[start + k - 1 - j];
        }
        var weights = past.QR().Solve(next);
        var residual = next - past * weights;
        double residualPower = residual.DotProduct(residual) / length;
        if (!(residualPower > 0) || !double.IsFinite(residualPower)) return null;
        return 10 * Math.Log10(power / residualPower);
    }

    /// <summary>The measures as JSON: sounding seconds per clip, their mean, ended clips, the median gain and the frames.</summary>
    public JsonObject ToJson() => new()
    {
        ["clips"] = SoundingSeconds.Length,
        ["sounding_seconds"] = new JsonArray([.. SoundingSeconds.Select(s => (JsonNode)Math.Round(s, 4))]),
        ["mean_sounding_seconds"] = SoundingSeconds.Length == 0 ? null : Math.Round(SoundingSeconds.Average(), 4),
        ["ended"] = Ended,
        ["median_prediction_gain_db"] = double.IsFinite(MedianPredictionGainDb) ? Math.Round(MedianPredictionGainDb, 2) : null,
        ["sounding_frames"] = SoundingFrames,
    };
}
