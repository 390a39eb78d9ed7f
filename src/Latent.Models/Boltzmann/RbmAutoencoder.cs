using System.Text.Json.Nodes;
using Latent.Data;
using Latent.Models.Common;
using Latent.NN;
using Latent.Optim;
using Latent.Tensors;
using Latent.Training;

namespace Latent.Models.Boltzmann;

/// <summary>
/// Hinton &amp; Salakhutdinov's (2006) deep autoencoder as one trainable model: a stack of logistic RBMs pre-trained
/// greedily by CD-1 on the binarized pixels (each on the mean activations of the one below), a linear code layer (an
/// RBM with Gaussian code units, <see cref="ContrastiveDivergence.UpdateLinearCode"/>), then the stack unrolled into an
/// encoder and a decoder (<see cref="UnrolledNetworks"/>) fine-tuned end to end by backpropagation with Adam on the grey
/// pixels' binary cross-entropy.
/// </summary>
/// <remarks>
/// The run's updates are split in phases: <see cref="LayerSteps"/> CD-1 updates of each logistic RBM from the pixels
/// up, as many of the code layer, then fine-tuning to <see cref="FinalUpdate"/> with Adam's rate annealed by a cosine
/// to 0 (unless <see cref="RbmAutoencoderOptions.ConstantLr"/>). A step returns "loss" (a CD step's reconstruction error
/// per example, a fine-tuning step's cross-entropy per pixel) and "phase" (the RBM being trained, or
/// <see cref="FineTunePhase"/>). Everything the phases need is registered from the start, so checkpoints resume exactly.
/// </remarks>
/// <example>
/// <code>
/// var model = new RbmAutoencoder([1, 28, 28], new RbmAutoencoderOptions(), pixelMeans, 60000, layerSteps: 600, finalUpdate: 6000, new Generator(0), new Generator(2));
/// foreach (var batch in loader) model.TrainStep(batch);
/// Tensor codes = model.Encode(testImages);       // [N, 30], linear codes
/// </code>
/// </example>
public sealed class RbmAutoencoder : TrainableModel, ILatentVariableModel
{
    private readonly int[] _sampleShape;
    private readonly DeepBeliefNet _stack;
    private readonly RbmParameters _code;
    private readonly Sgd _codeOptimizer;
    private readonly Sequential _encoder;
    private readonly Sequential _decoder;
    private readonly Adam _adam;
    private long _updates;

    /// <summary>Creates an untrained autoencoder for examples of shape <paramref name="sampleShape"/>.</summary>
    /// <param name="sampleShape">The shape of one example, e.g. [1, 28, 28].</param>
    /// <param name="options">Layer and code sizes, the CD and fine-tuning settings.</param>
    /// <param name="dataMeans">The mean [V] of the binarized training pixels (the first RBM's visible biases), or null.</param>
    /// <param name="examples">How many examples <paramref name="dataMeans"/> averages.</param>
    /// <param name="layerSteps">CD-1 updates of every RBM, the code layer's included.</param>
    /// <param name="finalUpdate">The run's last update: fine-tuning runs from the end of pre-training to it.</param>
    /// <param name="init">Draws the initial weights.</param>
    /// <param name="rng">The model's stream (Gibbs sampling).</param>
    /// <exception cref="ArgumentException">The options are invalid, or the run ends before fine-tuning (the message gives both counts).</exception>
    public RbmAutoencoder(int[] sampleShape, RbmAutoencoderOptions options, Tensor? dataMeans, int examples, long layerSteps, long finalUpdate,
        Generator init, Generator rng)
        : base(rng)
    {
        ArgumentNullException.ThrowIfNull(sampleShape);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(init);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(layerSteps);
        options.Validate();
        if (sampleShape.Length == 0 || sampleShape.Any(d => d <= 0))
            throw new ArgumentException($"rbm-autoencoder: the sample shape must have positive sizes, got [{string.Join(", ", sampleShape)}].", nameof(sampleShape));
        long pretraining = layerSteps * (options.Layers.Length + 1);
        if (finalUpdate <= pretraining)
            throw new ArgumentException($"rbm-autoencoder: the run's {finalUpdate} steps end before fine-tuning, which starts after {pretraining} " +
                $"CD updates ({options.Layers.Length + 1} RBMs × --layer-steps {layerSteps}); lower --layer-steps or train longer.", nameof(finalUpdate));
        _sampleShape = [.. sampleShape];
        Options = options;
        LayerSteps = layerSteps;
        FinalUpdate = finalUpdate;
        // The logistic layers are a deep belief net trained greedily by CD-1; the same stream draws its Gibbs samples.
        var stackOptions = new DbnOptions
        {
            Layers = options.Layers, CdK = 1, LearningRate = options.LearningRate, Momentum = options.Momentum,
            WeightDecay = options.WeightDecay, Threshold = options.Threshold, Seed = options.Seed,
        };
        _stack = new DeepBeliefNet(sampleShape, stackOptions, dataMeans, examples, layerSteps, init, rng);
        var modules = new Dictionary<string, Module>(_stack.Modules);
        var optimizers = new Dictionary<string, Optimizer>(_stack.Optimizers);
        _code = new RbmParameters(options.Code, options.Layers[^1], init, units: VisibleUnits.Gaussian);
        _codeOptimizer = ContrastiveDivergence.Optimizer(_code, options.LearningRate / 10, options.Momentum, options.WeightDecay);
        modules["code"] = _code;
        optimizers["sgd_code"] = _codeOptimizer;
        _encoder = UnrolledNetworks.Encoder(_stack.Layers, init, _code);
        _decoder = UnrolledNetworks.Decoder(_stack.Layers, init, _code);
        modules["encoder"] = _encoder;
        modules["decoder"] = _decoder;
        _adam = new Adam(_encoder.Parameters().Concat(_decoder.Parameters()), options.FineTuneLr);
        optimizers["adam"] = _adam;
        Modules = modules;
        Optimizers = optimizers;
    }

    /// <summary>The options the model was built with.</summary>
    public RbmAutoencoderOptions Options { get; }

    /// <summary>CD-1 updates of every RBM, the code layer's included.</summary>
    public long LayerSteps { get; }

    /// <summary>The run's last update, where the fine-tuning's annealed learning rate reaches 0.</summary>
    public long FinalUpdate { get; }

    /// <summary>The phase of fine-tuning: one past the code layer's, which is the number of logistic RBMs.</summary>
    public int FineTunePhase => _stack.Layers.Count + 1;

    /// <summary>The phase the next update runs: 0 … layers − 1 the logistic RBMs, layers the code layer, <see cref="FineTunePhase"/> fine-tuning.</summary>
    public int Phase => (int)Math.Min(_updates / LayerSteps, FineTunePhase);

    /// <summary>Updates taken so far.</summary>
    public long Updates => _updates;

    /// <summary>The logistic RBMs from the pixels up.</summary>
    public IReadOnlyList<RbmParameters> Layers => _stack.Layers;

    /// <summary>The code layer: an RBM whose Gaussian "visible" units are the code and whose hidden side is the top logistic layer.</summary>
    public RbmParameters CodeLayer => _code;

    /// <summary>Held-out images shown by <see cref="WriteSamples"/> above their reconstructions.</summary>
    public Tensor? Preview { get; set; }

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, Module> Modules { get; }

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, Optimizer> Optimizers { get; }

    /// <inheritdoc />
    public int LatentDim => Options.Code;

    /// <summary>
    /// One update of the current <see cref="Phase"/>: a CD-1 step of a logistic RBM or of the code layer on the batch's
    /// binarized pixels propagated up the trained layers (an upper RBM's visible biases start at the log-odds of the
    /// activations below on its first batch), or an Adam step of the unrolled autoencoder on the grey pixels' binary
    /// cross-entropy (the networks copied from the RBMs at the first one).
    /// </summary>
    public override IReadOnlyDictionary<string, double> TrainStep(Batch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        int phase = Phase;
        double loss = phase == FineTunePhase ? FineTuneStep(Rows(batch.Inputs))
            : phase < _stack.Layers.Count ? _stack.TrainStep(batch)["loss"]
            : CodeLayerStep(batch.Inputs);
        _updates++;
        return new Dictionary<string, double> { ["loss"] = loss, ["phase"] = phase };
    }

    private double CodeLayerStep(Tensor images)
    {
        using var _ = Autograd.NoGrad();
        var features = _stack.Up(_stack.Binarize(images), _stack.Layers.Count);
        return ContrastiveDivergence.UpdateLinearCode(_code, _codeOptimizer, features, Rng);
    }

    private double FineTuneStep(Tensor rows)
    {
        long start = LayerSteps * FineTunePhase;
        if (_updates == start) CopyStackIntoNetworks();
        double progress = Math.Min(1, (_updates - start) / (double)(FinalUpdate - start));
        double lr = Options.ConstantLr ? Options.FineTuneLr : Options.FineTuneLr * (1 + Math.Cos(Math.PI * progress)) / 2;
        foreach (var group in _adam.ParamGroups) group.Lr = lr;
        _encoder.Train();
        _decoder.Train();
        _adam.ZeroGrad();
        var loss = Losses.BinaryCrossEntropy(_decoder.Forward(_encoder.Forward(rows)).Clamp(1e-6f, 1 - 1e-6f), rows);
        loss.Backward();
        _adam.Step();
        return loss.Item();
    }

    /// <summary>The RBMs' current weights unrolled into the encoder and decoder (in place, so Adam keeps its tensors).</summary>
    private void CopyStackIntoNetworks()
    {
        var init = new Generator(0);   // only draws the copies' initial weights, which the RBMs' then replace
        _encoder.LoadStateDict(UnrolledNetworks.Encoder(_stack.Layers, init, _code).StateDict());
        _decoder.LoadStateDict(UnrolledNetworks.Decoder(_stack.Layers, init, _code).StateDict());
    }

    /// <summary>The networks that <see cref="Encode"/> and <see cref="Decode"/> use: the fine-tuned ones, or before fine-tuning the stack unrolled as it is now.</summary>
    private (Sequential Encoder, Sequential Decoder) Networks()
    {
        if (_updates > LayerSteps * FineTunePhase) return (_encoder, _decoder);
        var init = new Generator(0);
        return (UnrolledNetworks.Encoder(_stack.Layers, init, _code), UnrolledNetworks.Decoder(_stack.Layers, init, _code));
    }

    private Tensor Rows(Tensor x) => RbmParameters.Rows(x, _stack.Layers[0].Visible, "visible");

    /// <summary>The linear codes [N, <see cref="LatentDim"/>] of images <paramref name="x"/> [N, ...] in [0, 1].</summary>
    public Tensor Encode(Tensor x) => BackpropFineTuning.Apply(Networks().Encoder, Rows(x));

    /// <summary>The images [N, ...] in [0, 1] the decoder makes of codes <paramref name="z"/> [N, <see cref="LatentDim"/>].</summary>
    public Tensor Decode(Tensor z)
    {
        var rows = BackpropFineTuning.Apply(Networks().Decoder, RbmParameters.Rows(z, Options.Code, "code"));
        return rows.Reshape([rows.Shape[0], .. _sampleShape]);
    }

    /// <inheritdoc />
    public Tensor Reconstruct(Tensor x) => Decode(Encode(x));

    /// <summary>
    /// "mse": the held-out mean squared error per pixel of the autoencoder (before fine-tuning, of the stack unrolled as
    /// it is: its last value before fine-tuning is the "pre-trained only" error); "phase".
    /// </summary>
    public override IReadOnlyDictionary<string, double> Evaluate(DataLoader data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var (encoder, decoder) = Networks();
        double squares = 0;
        long pixels = 0;
        foreach (var batch in data)
        {
            var rows = Rows(batch.Inputs);
            var reconstruction = BackpropFineTuning.Apply(decoder, BackpropFineTuning.Apply(encoder, rows));
            using var _ = Autograd.NoGrad();
            squares += (rows - reconstruction).Square().Sum().Item();
            pixels += rows.Size;
        }
        return pixels == 0 ? new Dictionary<string, double>()
            : new Dictionary<string, double> { ["mse"] = squares / pixels, ["phase"] = Phase };
    }

    /// <summary>Writes <c>{prefix}-reconstructions.png</c> (preview images above their reconstructions) and <c>{prefix}-filters.png</c> (first RBM), for image-shaped examples.</summary>
    public override void WriteSamples(string directory, string prefix)
    {
        if (_sampleShape.Length != 3) return;
        IO.ImageGrid.Save(FilterImages.Of(_stack.Layers[0], 100, _sampleShape), SampleFiles.Path(directory, prefix, "filters"), columns: 10);
        if (Preview == null) return;
        var shown = Preview.Narrow(0, 0, Math.Min(16, Preview.Shape[0]));
        IO.ImageGrid.Save(Tensor.Concat([shown.Reshape([shown.Shape[0], .. _sampleShape]), Reconstruct(shown)], 0),
            SampleFiles.Path(directory, prefix, "reconstructions"), columns: shown.Shape[0]);
    }

    /// <inheritdoc />
    public override void SaveExtraState(IDictionary<string, Tensor> tensors, JsonObject state)
    {
        ArgumentNullException.ThrowIfNull(state);
        _stack.SaveExtraState(tensors, state);
        state["rbm_autoencoder_updates"] = _updates;
    }

    /// <inheritdoc />
    public override void LoadExtraState(IReadOnlyDictionary<string, Tensor> tensors, JsonObject state)
    {
        ArgumentNullException.ThrowIfNull(state);
        _stack.LoadExtraState(tensors, state);
        _updates = state["rbm_autoencoder_updates"]?.GetValue<long>() ?? 0;
    }
}
