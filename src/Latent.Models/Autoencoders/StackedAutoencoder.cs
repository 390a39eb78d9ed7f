using System.Text.Json.Nodes;
using Latent.Data;
using Latent.Models.Common;
using Latent.NN;
using Latent.Optim;
using Latent.Tensors;
using Latent.Training;

namespace Latent.Models.Autoencoders;

/// <summary>
/// A stacked autoencoder (Bengio, Lamblin, Popovici and Larochelle, 2006) with sigmoid layers and cross-entropy
/// reconstruction: greedy layer-wise pre-training (layer i learns to reconstruct hᵢ₋₁ from hᵢ = σ(Wᵢhᵢ₋₁ + bᵢ), the
/// layers below frozen), then end-to-end fine-tuning of the whole deep autoencoder. <see cref="TrainStep"/> follows
/// that schedule: <c>stepsPerLayer</c> steps per layer, then fine-tuning for every later step.
/// </summary>
public sealed class StackedAutoencoder : TrainableModel, ILatentVariableModel
{
    private readonly int[] _sizes;
    private readonly Sequential _encoder;
    private readonly ModuleList _decoders;
    private readonly Dictionary<string, Optimizer> _optimizers = [];
    private long _step;

    /// <summary>Creates the stack.</summary>
    /// <param name="inputShape">One example's shape, e.g. [1, 28, 28].</param>
    /// <param name="layerSizes">Hidden sizes from input to code, e.g. [256, 64].</param>
    /// <param name="stepsPerLayer">Greedy steps for each layer before fine-tuning starts.</param>
    /// <param name="learningRate">Adam's learning rate in every phase.</param>
    /// <param name="init">The initialization generator.</param>
    /// <param name="rng">The model's random stream.</param>
    public StackedAutoencoder(int[] inputShape, int[] layerSizes, int stepsPerLayer, double learningRate, Generator init, Generator rng) : base(rng)
    {
        ArgumentNullException.ThrowIfNull(layerSizes);
        if (layerSizes.Length == 0 || layerSizes.Any(s => s <= 0))
            throw new ArgumentException($"StackedAutoencoder: needs at least one positive layer size, got [{string.Join(", ", layerSizes)}].", nameof(layerSizes));
        ArgumentOutOfRangeException.ThrowIfNegative(stepsPerLayer);
        InputShape = (int[])inputShape.Clone();
        _sizes = [ImageNetworks.InputSize(inputShape), .. layerSizes];
        StepsPerLayer = stepsPerLayer;
        _encoder = BuildEncoder(init);
        _decoders = new ModuleList();
        for (int i = 0; i < layerSizes.Length; i++) _decoders.Add(new Linear(_sizes[i + 1], _sizes[i], init));
        for (int i = 0; i < layerSizes.Length; i++)
            _optimizers[$"layer{i}"] = new Adam(EncoderLayer(i).Parameters().Concat(_decoders[i].Parameters()), learningRate);
        _optimizers["finetune"] = new Adam(_encoder.Parameters().Concat(_decoders.Parameters()), learningRate);
        Modules = new Dictionary<string, Module> { ["encoder"] = _encoder, ["decoder"] = _decoders };
    }

    /// <summary>One example's shape.</summary>
    public int[] InputShape { get; }

    /// <summary>The number of stacked layers k.</summary>
    public int LayerCount => _sizes.Length - 1;

    /// <summary>Greedy steps per layer.</summary>
    public int StepsPerLayer { get; }

    /// <summary>The current phase: 0 … k − 1 while pre-training layer i, k while fine-tuning end to end.</summary>
    public int Phase => (int)Math.Min(StepsPerLayer == 0 ? LayerCount : _step / StepsPerLayer, LayerCount);

    /// <inheritdoc />
    public int LatentDim => _sizes[^1];

    /// <summary>The deep encoder: Flatten, then Linear → Sigmoid per layer.</summary>
    public Sequential Encoder => _encoder;

    /// <summary>Held-out images for <see cref="WriteSamples"/>, or null.</summary>
    public Tensor? Preview { get; set; }

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, Module> Modules { get; }

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, Optimizer> Optimizers => _optimizers;

    /// <summary>A freshly initialized encoder of the same architecture (Flatten, then Linear → Sigmoid per layer).</summary>
    public Sequential BuildEncoder(Generator gen)
    {
        var encoder = new Sequential(new Flatten());
        for (int i = 0; i + 1 < _sizes.Length; i++) encoder.Add(new Sequential(new Linear(_sizes[i], _sizes[i + 1], gen), new Sigmoid()));
        return encoder;
    }

    /// <inheritdoc />
    public Tensor Encode(Tensor x) => _encoder.Forward(x);

    /// <inheritdoc />
    public Tensor Decode(Tensor z) => DecodeLogits(z).Sigmoid().Reshape([z.Shape[0], .. InputShape]);

    /// <inheritdoc />
    public Tensor Reconstruct(Tensor x) => Decode(Encode(x));

    /// <summary>
    /// The loss of a phase on inputs x, per example: for layer i, the cross-entropy of reconstructing hᵢ₋₁ (computed
    /// without gradient through the frozen layers below); for fine-tuning, the cross-entropy of the full reconstruction.
    /// </summary>
    public Tensor PhaseLoss(Tensor x, int phase)
    {
        ArgumentNullException.ThrowIfNull(x);
        var flat = x.Reshape(x.Shape[0], -1);
        if (phase >= LayerCount)
            return Reconstruction.PerExample(DecodeLogits(_encoder.Forward(x)), flat, ReconstructionLoss.BinaryCrossEntropy).Mean();
        Tensor input = flat;
        using (Autograd.NoGrad())
            for (int i = 0; i < phase; i++) input = EncoderLayer(i).Forward(input);
        input = input.Detach();
        var logits = _decoders[phase].Forward(EncoderLayer(phase).Forward(input));
        return Reconstruction.PerExample(logits, input, ReconstructionLoss.BinaryCrossEntropy).Mean();
    }

    /// <summary>One step of the current phase; metrics "loss" (of that phase, per example) and "phase".</summary>
    public override IReadOnlyDictionary<string, double> TrainStep(Batch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        int phase = Phase;
        var optimizer = _optimizers[phase >= LayerCount ? "finetune" : $"layer{phase}"];
        optimizer.ZeroGrad();
        var loss = PhaseLoss(batch.Inputs, phase);
        loss.Backward();
        optimizer.Step();
        _step++;
        return new Dictionary<string, double> { ["loss"] = loss.Item(), ["phase"] = phase };
    }

    /// <summary>"reconstruction": the end-to-end cross-entropy per example on held-out data.</summary>
    public override IReadOnlyDictionary<string, double> Evaluate(DataLoader data)
    {
        ArgumentNullException.ThrowIfNull(data);
        using var _ = Autograd.NoGrad();
        double sum = 0;
        int count = 0;
        foreach (var batch in data)
        {
            sum += PhaseLoss(batch.Inputs, LayerCount).Item() * batch.Size;
            count += batch.Size;
        }
        return new Dictionary<string, double> { ["reconstruction"] = sum / count };
    }

    /// <summary>Writes the preview grids of <see cref="LatentGrids.SavePreviewGrids"/>.</summary>
    public override void WriteSamples(string directory, string prefix)
    {
        if (Preview != null) LatentGrids.SavePreviewGrids(this, Preview, directory, prefix);
    }

    /// <inheritdoc />
    public override void SaveExtraState(IDictionary<string, Tensor> tensors, JsonObject state)
    {
        ArgumentNullException.ThrowIfNull(state);
        state["stacked_step"] = _step;
    }

    /// <inheritdoc />
    public override void LoadExtraState(IReadOnlyDictionary<string, Tensor> tensors, JsonObject state)
    {
        ArgumentNullException.ThrowIfNull(state);
        _step = state["stacked_step"]?.GetValue<long>() ?? 0;
    }

    /// <summary>
    /// Trains two classifiers (encoder → Linear → softmax) on a small labelled set and reports their test accuracy:
    /// one starting from this model's (pre-trained) encoder weights, one from a random initialization of the same
    /// architecture. Both see the same batches, steps and learning rate; this model is not modified.
    /// </summary>
    public ClassifierComparison CompareClassifiers(Tensor labelled, int[] labels, Tensor test, int[] testLabels, int classes, int steps,
        double learningRate, Generator gen)
    {
        ArgumentNullException.ThrowIfNull(labelled);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(gen);
        var pretrained = BuildEncoder(new Generator(gen.NextUInt64()));
        pretrained.LoadStateDict(_encoder.StateDict(copy: true));
        ulong headSeed = gen.NextUInt64(), orderSeed = gen.NextUInt64();
        double a = EncoderClassifier.TrainAndScore(pretrained, LatentDim, classes, labelled, labels, test, testLabels, steps, learningRate, headSeed, orderSeed);
        var random = BuildEncoder(new Generator(gen.NextUInt64()));
        double b = EncoderClassifier.TrainAndScore(random, LatentDim, classes, labelled, labels, test, testLabels, steps, learningRate, headSeed, orderSeed);
        return new ClassifierComparison(a, b);
    }

    private Module EncoderLayer(int i) => _encoder[i + 1];

    private Tensor DecodeLogits(Tensor z)
    {
        var h = z;
        for (int i = LayerCount - 1; i >= 0; i--)
        {
            h = _decoders[i].Forward(h);
            if (i > 0) h = h.Sigmoid();
        }
        return h;
    }
}
