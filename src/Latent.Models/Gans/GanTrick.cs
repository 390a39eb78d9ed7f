using System.Text.Json.Nodes;
using Latent.NN;
using Latent.Optim;
using Latent.Tensors;

namespace Latent.Models.Gans;

/// <summary>One training step's data as the hooks see it: the real batch, the fakes the discriminator scores, the labels.</summary>
/// <param name="Real">The real batch.</param>
/// <param name="Fake">The fakes (detached for the discriminator step, attached to G's graph for the generator step).</param>
/// <param name="Labels">Class labels of a conditional GAN, else null.</param>
public sealed record GanBatch(Tensor Real, Tensor Fake, int[]? Labels)
{
    /// <summary>
    /// How per-example noise is drawn for this batch (the model's <c>DrawForBatch</c>): under data parallelism the
    /// global batch's draws, sliced to this rank's rows; null draws for these rows directly.
    /// </summary>
    public Func<int, Func<int, Tensor>, Tensor>? Draw { get; init; }

    /// <summary>Per-example noise for the <paramref name="rows"/> rows of this batch, through <see cref="Draw"/> when set.</summary>
    public Tensor DrawRows(int rows, Func<int, Tensor> draw) => Draw is { } shard ? shard(rows, draw) : draw(rows);
}

/// <summary>
/// An optional GAN training trick, hooked into the alternating loop of <see cref="GanModel"/>: every method does
/// nothing by default, and a trick overrides the points it acts at. The model calls the hooks of its tricks in list
/// order, so a new trick (or a new model's term) is a new class, not another field of the model.
/// </summary>
public abstract class GanTrick
{
    /// <summary>Before each step, with the step number (from 1) and the model's random stream.</summary>
    public virtual void BeforeStep(long step, Generator rng) { }

    /// <summary>Whether the discriminator sits this step out (a past one is swapped in).</summary>
    public virtual bool HoldsDiscriminator => false;

    /// <summary>Whether the generator sits this step out.</summary>
    public virtual bool HoldsGenerator => false;

    /// <summary>Runs a generator pass; a trick may wrap it (virtual batch norm forwards its reference batch first).</summary>
    public virtual Tensor Generate(Func<Tensor> pass) => pass();

    /// <summary>The real samples the discriminator sees, from this step's real batch (a tempered GAN's lens distorts them).</summary>
    public virtual Tensor RealsForDiscriminator(Tensor real, int[]? labels) => real;

    /// <summary>Networks of the trick's own, checkpointed beside the generator and discriminator.</summary>
    public virtual IReadOnlyDictionary<string, Module> Modules => new Dictionary<string, Module>();

    /// <summary>Optimizers of the trick's own, checkpointed with the model's.</summary>
    public virtual IReadOnlyDictionary<string, Optimizer> Optimizers => new Dictionary<string, Optimizer>();

    /// <summary>The fakes the discriminator sees, from the detached fakes of this step (replay mixes past ones in).</summary>
    public virtual Tensor FakesForDiscriminator(Tensor fakes, Generator rng) => fakes;

    /// <summary>A term added to the discriminator's loss, or null.</summary>
    /// <param name="critic">The discriminator's scores for a batch (conditioned on this step's labels).</param>
    /// <param name="batch">This step's real batch and the fakes the discriminator scored.</param>
    /// <param name="rng">The model's random stream.</param>
    public virtual Tensor? DiscriminatorPenalty(Func<Tensor, Tensor> critic, GanBatch batch, Generator rng) => null;

    /// <summary>After the discriminator's optimizer step.</summary>
    public virtual void AfterDiscriminatorStep() { }

    /// <summary>A term added to the generator's loss, or null.</summary>
    public virtual Tensor? GeneratorPenalty() => null;

    /// <summary>After the generator's optimizer step.</summary>
    public virtual void AfterGeneratorStep() { }

    /// <summary>Adds the trick's own metrics to the step's.</summary>
    public virtual void Report(IDictionary<string, double> metrics) { }

    /// <summary>Writes the trick's state into a checkpoint.</summary>
    public virtual void Save(IDictionary<string, Tensor> tensors, JsonObject state) { }

    /// <summary>Restores what <see cref="Save"/> wrote.</summary>
    /// <exception cref="InvalidDataException">The checkpoint lacks the trick's state or it does not fit.</exception>
    public virtual void Load(IReadOnlyDictionary<string, Tensor> tensors, JsonObject state) { }
}
