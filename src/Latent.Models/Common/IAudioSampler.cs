namespace Latent.Models.Common;

/// <summary>
/// A sampler whose samples are mono audio clips [N, 1, T] with values in [−1, 1] at <see cref="SampleRate"/>: what
/// <c>latent sample</c> writes as WAV files and what report pages play.
/// </summary>
public interface IAudioSampler : ISampler
{
    /// <summary>Samples per second of the clips.</summary>
    int SampleRate { get; }
}
