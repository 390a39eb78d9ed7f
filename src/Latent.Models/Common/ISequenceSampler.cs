using Latent.Tensors;

namespace Latent.Models.Common;

/// <summary>
/// A sampler whose samples are sequences (words, symbol strings, pen strokes): <c>latent sample</c> writes them as the
/// model shows them — text lines or drawn paths — instead of a scatter of points or an image grid.
/// </summary>
public interface ISequenceSampler : ISampler
{
    /// <summary>The extension of the file <see cref="WriteSequences"/> writes: ".txt" or ".svg".</summary>
    string SequenceFileExtension { get; }

    /// <summary>Writes <paramref name="samples"/> (as <see cref="ISampler.Sample"/> drew them) to <paramref name="path"/>.</summary>
    /// <param name="samples">The sampled sequences, one per row.</param>
    /// <param name="path">The file, ending in <see cref="SequenceFileExtension"/>.</param>
    /// <param name="title">A caption for the drawing (unused by text).</param>
    void WriteSequences(Tensor samples, string path, string title);
}
