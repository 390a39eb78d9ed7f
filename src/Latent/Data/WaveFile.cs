using System.Buffers.Binary;
using Latent.IO;

namespace Latent.Data;

/// <summary>
/// Mono 16-bit PCM WAV files (RIFF/WAVE): read as float samples in [−1, 1] with their sample rate, written from them
/// (clamped to [−1, 1]). Multi-channel files are read by averaging the channels; other sample formats are refused.
/// </summary>
public static class WaveFile
{
    /// <summary>Reads <paramref name="path"/>: its samples in [−1, 1] and its sample rate in Hz.</summary>
    /// <exception cref="InvalidDataException">The file is not 16-bit PCM WAV or is truncated; the message names the file.</exception>
    public static (float[] Samples, int SampleRate) Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < 12 || !Tag(bytes, 0, "RIFF") || !Tag(bytes, 8, "WAVE"))
            throw new InvalidDataException($"'{path}' is not a RIFF/WAVE file.");
        int channels = 0, rate = 0, bits = 0, format = 0;
        for (int at = 12; at + 8 <= bytes.Length;)
        {
            int size = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(at + 4));
            int body = at + 8;
            if (size < 0) throw new InvalidDataException($"'{path}': a chunk has a negative size.");
            if (Tag(bytes, at, "fmt "))
            {
                if (size < 16 || body + 16 > bytes.Length) throw new InvalidDataException($"'{path}': the fmt chunk is truncated.");
                format = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(body));
                channels = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(body + 2));
                rate = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(body + 4));
                bits = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(body + 14));
            }
            else if (Tag(bytes, at, "data"))
            {
                if (format != 1 || bits != 16 || channels < 1 || rate <= 0)
                    throw new InvalidDataException($"'{path}': only 16-bit PCM is supported (format {format}, {bits} bits, {channels} channels, {rate} Hz).");
                // espeak-ng writing to a pipe leaves the size unset; take what is there.
                int length = size == 0 || body + (long)size > bytes.Length ? bytes.Length - body : size;
                int frames = length / (2 * channels);
                var samples = new float[frames];
                for (int i = 0; i < frames; i++)
                {
                    float sum = 0;
                    for (int c = 0; c < channels; c++) sum += BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(body + 2 * (i * channels + c)));
                    samples[i] = sum / channels / 32768f;
                }
                return (samples, rate);
            }
            at = body + size + (size & 1);
        }
        throw new InvalidDataException($"'{path}' has no data chunk (truncated?).");
    }

    /// <summary>Writes <paramref name="samples"/> (clamped to [−1, 1]) as mono 16-bit PCM at <paramref name="sampleRate"/> Hz, atomically.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The sample rate is not positive.</exception>
    public static void Write(string path, ReadOnlySpan<float> samples, int sampleRate)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRate);
        var bytes = new byte[44 + 2 * samples.Length];
        var span = bytes.AsSpan();
        "RIFF"u8.CopyTo(span);
        BinaryPrimitives.WriteInt32LittleEndian(span[4..], 36 + 2 * samples.Length);
        "WAVEfmt "u8.CopyTo(span[8..]);
        BinaryPrimitives.WriteInt32LittleEndian(span[16..], 16);
        BinaryPrimitives.WriteUInt16LittleEndian(span[20..], 1);
        BinaryPrimitives.WriteUInt16LittleEndian(span[22..], 1);
        BinaryPrimitives.WriteInt32LittleEndian(span[24..], sampleRate);
        BinaryPrimitives.WriteInt32LittleEndian(span[28..], 2 * sampleRate);
        BinaryPrimitives.WriteUInt16LittleEndian(span[32..], 2);
        BinaryPrimitives.WriteUInt16LittleEndian(span[34..], 16);
        "data"u8.CopyTo(span[36..]);
        BinaryPrimitives.WriteInt32LittleEndian(span[40..], 2 * samples.Length);
        for (int i = 0; i < samples.Length; i++)
            BinaryPrimitives.WriteInt16LittleEndian(span[(44 + 2 * i)..], (short)Math.Round(Math.Clamp(samples[i], -1f, 1f) * 32767f));
        AtomicFile.Write(path, s => s.Write(bytes));
    }

    private static bool Tag(byte[] bytes, int at, string tag)
        => at + 4 <= bytes.Length && bytes[at] == tag[0] && bytes[at + 1] == tag[1] && bytes[at + 2] == tag[2] && bytes[at + 3] == tag[3];
}
