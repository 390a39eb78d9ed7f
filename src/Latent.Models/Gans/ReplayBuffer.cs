using Latent.Tensors;

namespace Latent.Models.Gans;

/// <summary>
/// Experience replay of past fakes (as in SimGAN and the GAN tricks of the lectures): the discriminator is shown
/// generator samples from earlier steps beside the current ones, so it does not forget regions the generator has
/// left and the generator cannot simply hop back to them.
/// </summary>
public sealed class ReplayBuffer
{
    private readonly List<float[]> _items = [];
    private int[]? _sampleShape;

    /// <summary>Creates an empty buffer.</summary>
    /// <param name="capacity">The most past samples kept; when full, new samples replace random old ones.</param>
    /// <param name="fraction">The share of each fake batch replaced by past samples, in [0, 1].</param>
    /// <exception cref="ArgumentOutOfRangeException">The capacity is not positive or the fraction is outside [0, 1].</exception>
    public ReplayBuffer(int capacity, double fraction = 0.5)
    {
        if (capacity <= 0) throw new ArgumentOutOfRangeException(nameof(capacity), $"ReplayBuffer: capacity must be positive, got {capacity}.");
        if (!(fraction >= 0 && fraction <= 1)) throw new ArgumentOutOfRangeException(nameof(fraction), $"ReplayBuffer: fraction must be in [0, 1], got {fraction}.");
        Capacity = capacity;
        Fraction = fraction;
    }

    /// <summary>The most samples kept.</summary>
    public int Capacity { get; }

    /// <summary>The share of each fake batch replaced by past samples.</summary>
    public double Fraction { get; }

    /// <summary>The number of samples held.</summary>
    public int Count => _items.Count;

    /// <summary>The stored samples as a tensor [Count, ...], in storage order.</summary>
    /// <exception cref="InvalidOperationException">The buffer is empty.</exception>
    public Tensor Contents()
    {
        if (_sampleShape == null || _items.Count == 0) throw new InvalidOperationException("ReplayBuffer: the buffer is empty.");
        int size = _items[0].Length;
        var data = new float[_items.Count * size];
        for (int i = 0; i < _items.Count; i++) _items[i].CopyTo(data, i * size);
        return Tensor.FromArray(data, [_items.Count, .. _sampleShape]);
    }

    /// <summary>
    /// The batch the discriminator should see: <paramref name="fakes"/> (detached) with round(Fraction·N) of its rows,
    /// chosen at random, replaced by random past samples; then the current fakes are added to the buffer. The first
    /// call, with an empty buffer, returns the fakes unchanged.
    /// </summary>
    /// <exception cref="ArgumentException">The sample shape differs from earlier batches.</exception>
    public Tensor MixAndPush(Tensor fakes, Generator gen)
    {
        var current = fakes.Detach();
        var mixed = current.Clone();
        int n = current.Shape[0];
        CheckShape(current);
        int size = current.Size / Math.Max(n, 1);
        if (_items.Count > 0)
        {
            int replace = (int)Math.Round(Fraction * n);
            var rows = Tensor.PermutationIndices(n, gen);
            for (int r = 0; r < replace; r++)
                _items[gen.NextInt(_items.Count)].CopyTo(mixed.Data.Slice(rows[r] * size, size));
        }
        Push(current, gen);
        return mixed;
    }

    /// <summary>Adds samples [N, ...]; when the buffer is full each replaces a random stored sample.</summary>
    /// <exception cref="ArgumentException">The sample shape differs from earlier batches.</exception>
    public void Push(Tensor samples, Generator gen)
    {
        CheckShape(samples);
        int n = samples.Shape[0];
        int size = samples.Size / Math.Max(n, 1);
        for (int i = 0; i < n; i++)
        {
            var row = samples.Data.Slice(i * size, size).ToArray();
            if (_items.Count < Capacity) _items.Add(row);
            else _items[gen.NextInt(Capacity)] = row;
        }
    }

    /// <summary>Replaces the contents with <paramref name="samples"/> [N, ...] (for restoring a checkpoint).</summary>
    public void Load(Tensor samples)
    {
        _items.Clear();
        _sampleShape = null;
        Push(samples, new Generator(0));
    }

    private void CheckShape(Tensor samples)
    {
        if (samples.Rank == 0) throw new ArgumentException("ReplayBuffer: samples must have a batch axis.", nameof(samples));
        var shape = samples.Shape[1..];
        if (_sampleShape == null) _sampleShape = shape;
        else if (!_sampleShape.AsSpan().SequenceEqual(shape))
            throw new ArgumentException($"ReplayBuffer: samples of shape {Common.ShapeText.Format(shape)} do not match the stored {Common.ShapeText.Format(_sampleShape)}.", nameof(samples));
    }
}
