using System.Text.Json.Nodes;
using Latent.Tensors;

namespace Latent.Models.Gans;

/// <summary>
/// Historical averaging (Salimans et al. 2016) on both players: each loss gets λ·‖θ − θ̄‖², θ̄ the running mean of
/// the player's past parameters, updated after its step.
/// </summary>
public sealed class HistoricalAveragingTrick : GanTrick
{
    private const string GeneratorKey = "history.generator", DiscriminatorKey = "history.discriminator";
    private readonly float _weight;

    /// <summary>Starts both averages at the players' current parameters.</summary>
    public HistoricalAveragingTrick(GanGenerator generator, GanDiscriminator discriminator, double weight)
    {
        _weight = (float)weight;
        Generator = new HistoricalAverage(generator.Parameters());
        Discriminator = new HistoricalAverage(discriminator.Parameters());
    }

    /// <summary>The generator's average.</summary>
    public HistoricalAverage Generator { get; }

    /// <summary>The discriminator's average.</summary>
    public HistoricalAverage Discriminator { get; }

    /// <inheritdoc />
    public override Tensor? DiscriminatorPenalty(Func<Tensor, Tensor> critic, GanBatch batch, Generator rng) => _weight * Discriminator.Penalty();

    /// <inheritdoc />
    public override void AfterDiscriminatorStep() => Discriminator.Update();

    /// <inheritdoc />
    public override Tensor? GeneratorPenalty() => _weight * Generator.Penalty();

    /// <inheritdoc />
    public override void AfterGeneratorStep() => Generator.Update();

    /// <inheritdoc />
    public override void Save(IDictionary<string, Tensor> tensors, JsonObject state)
    {
        SaveOne(Generator, GeneratorKey, tensors, state);
        SaveOne(Discriminator, DiscriminatorKey, tensors, state);
    }

    /// <inheritdoc />
    public override void Load(IReadOnlyDictionary<string, Tensor> tensors, JsonObject state)
    {
        LoadOne(Generator, GeneratorKey, tensors, state);
        LoadOne(Discriminator, DiscriminatorKey, tensors, state);
    }

    private static void SaveOne(HistoricalAverage history, string prefix, IDictionary<string, Tensor> tensors, JsonObject state)
    {
        for (int i = 0; i < history.Averages.Count; i++) tensors[$"{prefix}.{i}"] = history.Averages[i];
        state[prefix] = history.Count;
    }

    private static void LoadOne(HistoricalAverage history, string prefix, IReadOnlyDictionary<string, Tensor> tensors, JsonObject state)
    {
        var averages = Enumerable.Range(0, history.Averages.Count).Select(i => tensors.TryGetValue($"{prefix}.{i}", out var t)
            ? t : throw new InvalidDataException($"GanModel: the checkpoint lacks '{prefix}.{i}'.")).ToList();
        history.Load(averages, state[prefix]?.GetValue<long>() ?? throw new InvalidDataException($"GanModel: the checkpoint lacks '{prefix}'."));
    }
}
