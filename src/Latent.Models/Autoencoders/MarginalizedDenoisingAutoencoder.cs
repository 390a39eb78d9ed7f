using System.Text.Json.Nodes;
using Latent.Data;
using Latent.Linalg;
using Latent.Models.Common;
using Latent.NN;
using Latent.Optim;
using Latent.Tensors;
using Latent.Training;

namespace Latent.Models.Autoencoders;

/// <summary>
/// The stacked marginalized denoising autoencoder (mSDA, Chen et al. 2012): each layer is the closed-form
/// <see cref="MarginalizedDenoising"/> solution on the previous layer's output, followed by tanh; no gradient steps.
/// As a <see cref="TrainableModel"/> it takes one pass over the data per layer: <see cref="TrainStep"/> accumulates the
/// scatter of the current layer's inputs and the layer is solved when the pass is complete.
/// </summary>
/// <example>
/// <code>
/// var mda = MarginalizedDenoisingAutoencoder.Fit(x, layers: 3, corruption: 0.5);
/// Tensor features = mda.Features(x);    // [N, D·(layers + 1)]: the input and every layer's output
/// </code>
/// </example>
public sealed class MarginalizedDenoisingAutoencoder : TrainableModel
{
    private readonly MdaStack _stack;
    private readonly int _examplesPerLayer;
    private double[,]? _scatter;
    private int _seen;

    /// <summary>Creates an unfitted stack.</summary>
    /// <param name="dimension">The input size D (every layer keeps it).</param>
    /// <param name="layers">The number of layers to fit.</param>
    /// <param name="corruption">The masking probability p.</param>
    /// <param name="examplesPerLayer">How many examples <see cref="TrainStep"/> accumulates before solving a layer (the training-set size).</param>
    /// <param name="ridge">The relative ridge of the solve.</param>
    /// <param name="rng">The stream drawing the masks of the reported loss.</param>
    public MarginalizedDenoisingAutoencoder(int dimension, int layers, double corruption, int examplesPerLayer, Generator rng, double ridge = 1e-5)
        : base(rng)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimension);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(layers);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(examplesPerLayer);
        if (!(corruption >= 0 && corruption < 1)) throw new ArgumentException($"mDA: corruption p = {corruption} must lie in [0, 1).", nameof(corruption));
        Dimension = dimension;
        LayerCount = layers;
        Corruption = corruption;
        Ridge = ridge;
        _examplesPerLayer = examplesPerLayer;
        _stack = new MdaStack(dimension, layers);
        Modules = new Dictionary<string, Module> { ["stack"] = _stack };
    }

    /// <summary>Fits all layers at once on the rows of <paramref name="x"/> [N, ...].</summary>
    public static MarginalizedDenoisingAutoencoder Fit(Tensor x, int layers, double corruption, double ridge = 1e-5)
    {
        var (n, d) = DenseMatrices.RowsAndColumns(x);
        var model = new MarginalizedDenoisingAutoencoder(d, layers, corruption, n, new Generator(0), ridge);
        var h = x.Reshape(n, d);
        for (int l = 0; l < layers; l++)
        {
            model._stack.SetLayer(l, MarginalizedDenoising.SolveLayer(MarginalizedDenoising.Scatter(h), corruption, ridge));
            h = model._stack.Layer(l, h);
        }
        return model;
    }

    /// <summary>The input size D.</summary>
    public int Dimension { get; }

    /// <summary>The number of layers.</summary>
    public int LayerCount { get; }

    /// <summary>The masking probability p.</summary>
    public double Corruption { get; }

    /// <summary>The relative ridge λ.</summary>
    public double Ridge { get; }

    /// <summary>How many layers are solved.</summary>
    public int FittedLayers => _stack.Fitted;

    /// <summary>Held-out rows shown by <see cref="WriteSamples"/> (images [N, C, H, W] are drawn as images).</summary>
    public Tensor? Preview { get; set; }

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, Module> Modules { get; }

    /// <summary>None: the layers are solved in closed form.</summary>
    public override IReadOnlyDictionary<string, Optimizer> Optimizers { get; } = new Dictionary<string, Optimizer>();

    /// <summary>The weight W [D, D + 1] of layer <paramref name="layer"/>.</summary>
    public Tensor Weight(int layer) => _stack.Weight(layer);

    /// <summary>The output of the last fitted layer for rows [N, ...]: [N, D].</summary>
    public Tensor Encode(Tensor x) => _stack.Forward(x);

    /// <summary>The input and every fitted layer's output side by side, [N, D·(fitted + 1)]: the mSDA representation.</summary>
    public Tensor Features(Tensor x)
    {
        var (n, d) = DenseMatrices.RowsAndColumns(x);
        var parts = new List<Tensor> { x.Reshape(n, d) };
        for (int l = 0; l < _stack.Fitted; l++) parts.Add(_stack.Layer(l, parts[^1]));
        return Tensor.Concat([.. parts], 1);
    }

    /// <summary>
    /// Adds the batch to the scatter of the current layer's inputs and solves the layer once
    /// <c>examplesPerLayer</c> examples were seen. "loss" is the squared error per example of reconstructing the
    /// current layer's input from a masked copy: with the layer's weights once solved, before that with the masked
    /// input itself (the no-model baseline); "layer" is the layer being fitted (the last one once all are solved).
    /// </summary>
    public override IReadOnlyDictionary<string, double> TrainStep(Batch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        int layer = Math.Min(_stack.Fitted, LayerCount - 1);
        using var _ = Autograd.NoGrad();
        var (n, d) = DenseMatrices.RowsAndColumns(batch.Inputs);
        if (d != Dimension) throw new ArgumentException($"mDA: rows of {d} values, the model has D = {Dimension}.", nameof(batch));
        var h = batch.Inputs.Reshape(n, d);
        for (int l = 0; l < layer; l++) h = _stack.Layer(l, h);
        double loss = BatchLoss(h, layer);
        if (!_stack.IsFitted(layer))
        {
            var s = MarginalizedDenoising.Scatter(h);
            _scatter ??= new double[d + 1, d + 1];
            for (int i = 0; i <= d; i++)
                for (int j = 0; j <= d; j++) _scatter[i, j] += s[i, j];
            _seen += n;
            if (_seen >= _examplesPerLayer)
            {
                _stack.SetLayer(layer, MarginalizedDenoising.SolveLayer(_scatter, Corruption, Ridge));
                _scatter = null;
                _seen = 0;
            }
        }
        return new Dictionary<string, double> { ["loss"] = loss, ["layer"] = layer };
    }

    /// <summary>"loss": the masked-reconstruction squared error per example of the first layer on held-out data (fresh masks, fixed seed).</summary>
    public override IReadOnlyDictionary<string, double> Evaluate(DataLoader data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (_stack.Fitted == 0) return new Dictionary<string, double>();
        using var _ = Autograd.NoGrad();
        var gen = new Generator(99);
        double sum = 0;
        int count = 0;
        foreach (var batch in data)
        {
            var x = batch.Inputs.Reshape(batch.Size, Dimension);
            var masked = new NoiseModel(NoiseKind.Masking, (float)Corruption).Apply(x, gen);
            sum += (MarginalizedDenoising.Apply(masked, _stack.Weight(0)) - x).Square().Sum().Item();
            count += batch.Size;
        }
        return new Dictionary<string, double> { ["loss"] = sum / count };
    }

    /// <summary>Writes <c>{prefix}-denoising.png</c>: preview images, masked copies and the first layer's linear reconstructions.</summary>
    public override void WriteSamples(string directory, string prefix)
    {
        if (Preview == null || _stack.Fitted == 0 || Preview.Rank != 4) return;
        using var _ = Autograd.NoGrad();
        var clean = Preview.Narrow(0, 0, Math.Min(16, Preview.Shape[0]));
        var masked = new NoiseModel(NoiseKind.Masking, (float)Corruption).Apply(clean, new Generator(5));
        var restored = MarginalizedDenoising.Apply(masked, _stack.Weight(0)).Reshape(clean.Shape).Clamp(0f, 1f);
        IO.ImageGrid.Save(Tensor.Concat([clean, masked, restored], 0), SampleFiles.Path(directory, prefix, "denoising"), columns: clean.Shape[0]);
    }

    /// <inheritdoc />
    public override void SaveExtraState(IDictionary<string, Tensor> tensors, JsonObject state)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        ArgumentNullException.ThrowIfNull(state);
        state["mda_seen"] = _seen;
        if (_scatter == null) return;
        // A double is stored as the sum of two floats (48 significant bits).
        int n = _scatter.GetLength(0);
        var hi = Tensor.Zeros(n, n);
        var lo = Tensor.Zeros(n, n);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                float h = (float)_scatter[i, j];
                hi.Data[i * n + j] = h;
                lo.Data[i * n + j] = (float)(_scatter[i, j] - h);
            }
        tensors["mda_scatter_hi"] = hi;
        tensors["mda_scatter_lo"] = lo;
    }

    /// <inheritdoc />
    public override void LoadExtraState(IReadOnlyDictionary<string, Tensor> tensors, JsonObject state)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        ArgumentNullException.ThrowIfNull(state);
        _seen = state["mda_seen"]?.GetValue<int>() ?? 0;
        _scatter = null;
        if (!tensors.TryGetValue("mda_scatter_hi", out var hi) || !tensors.TryGetValue("mda_scatter_lo", out var lo)) return;
        int n = hi.Shape[0];
        _scatter = new double[n, n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) _scatter[i, j] = (double)hi.Data[i * n + j] + lo.Data[i * n + j];
    }

    private double BatchLoss(Tensor input, int layer)
    {
        var masked = new NoiseModel(NoiseKind.Masking, (float)Corruption).Apply(input, Rng);
        var reconstruction = _stack.IsFitted(layer) ? MarginalizedDenoising.Apply(masked, _stack.Weight(layer)) : masked;
        return (reconstruction - input).Square().Sum().Item() / input.Shape[0];
    }
}
