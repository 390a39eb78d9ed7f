using System.Text.Json.Nodes;
using Latent.NN;
using Latent.Tensors;

namespace Latent.Models.Gans;

/// <summary>
/// Checkpoint swapping, a GAN trick borrowed from reinforcement learning: past snapshots of a network are kept, and
/// occasionally one is swapped in for a few iterations so its opponent must also beat the older player; then the
/// network's current weights are restored.
/// </summary>
public sealed class SnapshotPool
{
    private readonly Module _module;
    private readonly List<Dictionary<string, Tensor>> _snapshots = [];
    private Dictionary<string, Tensor>? _saved;

    /// <summary>Creates an empty pool for <paramref name="module"/>.</summary>
    /// <param name="module">The network whose weights are captured and swapped.</param>
    /// <param name="capacity">The most snapshots kept; the oldest is dropped when full.</param>
    /// <exception cref="ArgumentOutOfRangeException">The capacity is not positive.</exception>
    public SnapshotPool(Module module, int capacity = 8)
    {
        if (capacity <= 0) throw new ArgumentOutOfRangeException(nameof(capacity), $"SnapshotPool: capacity must be positive, got {capacity}.");
        _module = module;
        Capacity = capacity;
    }

    /// <summary>The most snapshots kept.</summary>
    public int Capacity { get; }

    /// <summary>The number of snapshots held.</summary>
    public int Count => _snapshots.Count;

    /// <summary>Whether a past snapshot is currently swapped in.</summary>
    public bool IsSwapped => _saved != null;

    /// <summary>Stores a copy of the network's current weights and buffers.</summary>
    /// <exception cref="InvalidOperationException">A snapshot is swapped in (capturing it again would be meaningless).</exception>
    public void Capture()
    {
        if (IsSwapped) throw new InvalidOperationException("SnapshotPool: cannot capture while a past snapshot is swapped in; call Restore first.");
        if (_snapshots.Count == Capacity) _snapshots.RemoveAt(0);
        _snapshots.Add(_module.StateDict(copy: true));
    }

    /// <summary>Saves the current weights and loads a random past snapshot in their place.</summary>
    /// <returns>The index of the snapshot swapped in.</returns>
    /// <exception cref="InvalidOperationException">The pool is empty or a snapshot is already swapped in.</exception>
    public int SwapIn(Generator gen)
    {
        if (IsSwapped) throw new InvalidOperationException("SnapshotPool: a snapshot is already swapped in.");
        if (_snapshots.Count == 0) throw new InvalidOperationException("SnapshotPool: no snapshot captured yet.");
        int index = gen.NextInt(_snapshots.Count);
        _saved = _module.StateDict(copy: true);
        _module.LoadStateDict(_snapshots[index]);
        return index;
    }

    /// <summary>Puts the network's own weights back after <see cref="SwapIn"/>.</summary>
    /// <exception cref="InvalidOperationException">Nothing is swapped in.</exception>
    public void Restore()
    {
        var saved = _saved ?? throw new InvalidOperationException("SnapshotPool: nothing is swapped in.");
        _module.LoadStateDict(saved);
        _saved = null;
    }

    /// <summary>Writes the snapshots (and the saved weights while swapped) under <paramref name="prefix"/> for a checkpoint.</summary>
    public void Save(IDictionary<string, Tensor> tensors, JsonObject state, string prefix)
    {
        for (int i = 0; i < _snapshots.Count; i++)
            foreach (var (key, t) in _snapshots[i]) tensors[$"{prefix}.{i}.{key}"] = t;
        if (_saved != null)
            foreach (var (key, t) in _saved) tensors[$"{prefix}.saved.{key}"] = t;
        state[prefix] = new JsonObject { ["count"] = _snapshots.Count, ["swapped"] = _saved != null };
    }

    /// <summary>Restores what <see cref="Save"/> wrote.</summary>
    /// <exception cref="InvalidDataException">The checkpoint lacks the pool's entries.</exception>
    public void Load(IReadOnlyDictionary<string, Tensor> tensors, JsonObject state, string prefix)
    {
        if (state[prefix] is not JsonObject info)
            throw new InvalidDataException($"SnapshotPool: the checkpoint has no state for '{prefix}'.");
        int count = info["count"]!.GetValue<int>();
        bool swapped = info["swapped"]!.GetValue<bool>();
        var keys = _module.StateDict().Keys.ToList();
        Dictionary<string, Tensor> Read(string part) => keys.ToDictionary(k => k, k => tensors.TryGetValue($"{prefix}.{part}.{k}", out var t)
            ? t.Clone() : throw new InvalidDataException($"SnapshotPool: the checkpoint lacks '{prefix}.{part}.{k}'."));
        _snapshots.Clear();
        for (int i = 0; i < count; i++) _snapshots.Add(Read(i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        _saved = swapped ? Read("saved") : null;
    }
}
