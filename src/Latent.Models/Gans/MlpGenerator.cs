using Latent.NN;
using Latent.Tensors;

namespace Latent.Models.Gans;

/// <summary>
/// A fully connected generator: [z, label] → (Linear → norm → ReLU) × depth → Linear, with tanh on the output for
/// images scaled to [−1, 1] and no output nonlinearity for 2-D toy data.
/// </summary>
public sealed class MlpGenerator : GanGenerator
{
    private readonly int[] _sampleShape;
    private readonly Sequential _body;
    private readonly LabelEncoder? _labels;

    /// <summary>Creates the generator.</summary>
    /// <param name="latentDim">The size of z.</param>
    /// <param name="sampleShape">The shape of one sample, e.g. [2] or [1, 28, 28].</param>
    /// <param name="hidden">The widths of the hidden layers.</param>
    /// <param name="gen">Initializes the weights.</param>
    /// <param name="tanhOutput">Squash outputs into (−1, 1) (for images).</param>
    /// <param name="norm">Normalization after each hidden linear layer.</param>
    /// <param name="labels">A label encoder for a conditional generator, else null.</param>
    public MlpGenerator(int latentDim, int[] sampleShape, int[] hidden, Generator gen, bool tanhOutput = false,
        NormKind norm = NormKind.None, LabelEncoder? labels = null)
    {
        if (latentDim <= 0) throw new ArgumentOutOfRangeException(nameof(latentDim), $"MlpGenerator: latentDim must be positive, got {latentDim}.");
        LatentDim = latentDim;
        _sampleShape = (int[])sampleShape.Clone();
        int outSize = _sampleShape.Aggregate(1, (a, b) => a * b);
        if (labels != null)
        {
            _labels = RegisterModule("labels", labels);
            Classes = labels.Classes;
        }
        _body = new Sequential();
        int width = latentDim + (labels?.Dim ?? 0);
        foreach (int h in hidden)
        {
            _body.Add(new Linear(width, h, gen));
            if (NormLayers.ForVectors(norm, h) is { } n) _body.Add(n);
            _body.Add(new Relu());
            width = h;
        }
        _body.Add(new Linear(width, outSize, gen));
        if (tanhOutput) _body.Add(new Tanh());
        RegisterModule("body", _body);
    }

    /// <inheritdoc />
    public override int[] SampleShape => (int[])_sampleShape.Clone();

    /// <inheritdoc />
    public override Tensor Generate(Tensor z, int[]? labels = null)
    {
        CheckInput(z, labels);
        var input = _labels != null ? Tensor.Concat([z, _labels.Encode(labels!)], 1) : z;
        return _body.Call(input).Reshape([z.Shape[0], .. _sampleShape]);
    }
}
