using System.Text.Json.Nodes;
using Latent.Models.Common;
using Latent.NN;
using Latent.Tensors;

namespace Latent.Models.Gans;

/// <summary>
/// The reference batch of a generator with <see cref="VirtualBatchNorm"/> layers: latent codes (and, when
/// conditional, labels cycling over the classes) drawn once when the model is built and saved with its checkpoints
/// (the labels follow from the batch size). Every generator pass first forwards it through the current generator,
/// as virtual batch normalization prescribes.
/// </summary>
public sealed class VirtualBatchReferenceTrick : GanTrick
{
    private const string Key = "vbn.reference_z";
    private readonly GanGenerator _generator;
    private readonly int[]? _labels;

    /// <summary>Draws the reference codes from <paramref name="rng"/>.</summary>
    /// <param name="generator">The generator with virtual batch norm layers.</param>
    /// <param name="size">The reference batch size.</param>
    /// <param name="rng">The model's random stream.</param>
    public VirtualBatchReferenceTrick(GanGenerator generator, int size, Generator rng)
    {
        _generator = generator;
        Latent = generator.SampleLatent(size, rng);
        if (generator.Classes > 0) _labels = Enumerable.Range(0, size).Select(i => i % generator.Classes).ToArray();
    }

    /// <summary>The fixed reference codes [n, LatentDim].</summary>
    public Tensor Latent { get; private set; }

    /// <inheritdoc />
    public override Tensor Generate(Func<Tensor> pass)
        => VirtualBatchNorm.WithReference(_generator, () => _generator.Generate(Latent, _labels), pass);

    /// <inheritdoc />
    public override void Save(IDictionary<string, Tensor> tensors, JsonObject state) => tensors[Key] = Latent;

    /// <inheritdoc />
    public override void Load(IReadOnlyDictionary<string, Tensor> tensors, JsonObject state)
    {
        var z = tensors.TryGetValue(Key, out var t) ? t
            : throw new InvalidDataException($"GanModel: the checkpoint lacks '{Key}', the virtual batch norm reference batch.");
        if (!z.Shape.SequenceEqual(Latent.Shape))
            throw new InvalidDataException($"GanModel: the checkpoint's reference batch is {ShapeText.Format(z.Shape)}, the model expects {ShapeText.Format(Latent.Shape)} (--reference-batch).");
        Latent = z.Clone();
    }
}
