using System.Text.Json.Nodes;
using Latent.Tensors;

namespace Latent.Models.Gans;

/// <summary>
/// Checkpoint swapping: every N steps snapshots of G and D are taken; half-way between, a random past G or D is
/// swapped in for a few steps, during which that player does not train. Reports "swapped" (1 while one is in).
/// </summary>
public sealed class SnapshotSwapTrick : GanTrick
{
    private const string SwapLeftKey = "gan_swap_left";
    private readonly SnapshotPool _generator;
    private readonly SnapshotPool _discriminator;
    private readonly int _every;
    private readonly int _length;
    private int _swapLeft;

    /// <summary>Creates empty snapshot pools for both players.</summary>
    /// <param name="generator">The generator.</param>
    /// <param name="discriminator">The discriminator.</param>
    /// <param name="every">Steps between snapshots.</param>
    /// <param name="length">Steps a swapped-in snapshot stays.</param>
    public SnapshotSwapTrick(GanGenerator generator, GanDiscriminator discriminator, int every, int length)
    {
        _generator = new SnapshotPool(generator);
        _discriminator = new SnapshotPool(discriminator);
        _every = every;
        _length = length;
    }

    /// <inheritdoc />
    public override bool HoldsDiscriminator => _discriminator.IsSwapped;

    /// <inheritdoc />
    public override bool HoldsGenerator => _generator.IsSwapped;

    /// <inheritdoc />
    public override void BeforeStep(long step, Generator rng)
    {
        if (_swapLeft > 0 && --_swapLeft == 0)
        {
            if (_generator.IsSwapped) _generator.Restore();
            if (_discriminator.IsSwapped) _discriminator.Restore();
        }
        if (_swapLeft > 0) return;
        if (step % _every == 0)
        {
            _generator.Capture();
            _discriminator.Capture();
        }
        else if (step % _every == _every / 2 && _generator.Count > 0)
        {
            (rng.NextInt(2) == 0 ? _generator : _discriminator).SwapIn(rng);
            _swapLeft = _length;
        }
    }

    /// <inheritdoc />
    public override void Report(IDictionary<string, double> metrics) => metrics["swapped"] = _swapLeft > 0 ? 1 : 0;

    /// <inheritdoc />
    public override void Save(IDictionary<string, Tensor> tensors, JsonObject state)
    {
        state[SwapLeftKey] = _swapLeft;
        _generator.Save(tensors, state, "snapshots.generator");
        _discriminator.Save(tensors, state, "snapshots.discriminator");
    }

    /// <inheritdoc />
    public override void Load(IReadOnlyDictionary<string, Tensor> tensors, JsonObject state)
    {
        _swapLeft = state[SwapLeftKey]?.GetValue<int>() ?? 0;
        _generator.Load(tensors, state, "snapshots.generator");
        _discriminator.Load(tensors, state, "snapshots.discriminator");
    }
}
