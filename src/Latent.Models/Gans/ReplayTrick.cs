using System.Text.Json.Nodes;
using Latent.Tensors;

namespace Latent.Models.Gans;

/// <summary>Experience replay: the discriminator sees a share of past fakes beside this step's (see <see cref="ReplayBuffer"/>).</summary>
/// <param name="buffer">The buffer of past fakes.</param>
public sealed class ReplayTrick(ReplayBuffer buffer) : GanTrick
{
    private const string Key = "replay";

    /// <summary>The buffer of past fakes.</summary>
    public ReplayBuffer Buffer { get; } = buffer;

    /// <inheritdoc />
    public override Tensor FakesForDiscriminator(Tensor fakes, Generator rng) => Buffer.MixAndPush(fakes, rng);

    /// <inheritdoc />
    public override void Save(IDictionary<string, Tensor> tensors, JsonObject state)
    {
        if (Buffer.Count > 0) tensors[Key] = Buffer.Contents();
    }

    /// <inheritdoc />
    public override void Load(IReadOnlyDictionary<string, Tensor> tensors, JsonObject state)
    {
        if (tensors.TryGetValue(Key, out var replay)) Buffer.Load(replay);
    }
}
