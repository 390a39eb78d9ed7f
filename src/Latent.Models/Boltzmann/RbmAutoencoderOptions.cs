using Latent.Models.Catalog;

namespace Latent.Models.Boltzmann;

/// <summary>
/// The options of the RBM-pretrained deep autoencoder (<c>rbm-autoencoder</c>, Hinton &amp; Salakhutdinov 2006): the
/// stack of logistic RBMs and the linear code layer, the CD-1 pre-training of each, and the backpropagation fine-tuning
/// that follows. <see cref="ModelOptions.LearningRate"/> is the pre-training's (the code layer learns at a tenth of it,
/// as in the paper); the fine-tuning has its own.
/// </summary>
public sealed record RbmAutoencoderOptions : ModelOptions
{
    /// <summary>The family's defaults: batches of 100, pre-training learning rate 0.05, 10 epochs (the first 40 % of the steps pre-train).</summary>
    public RbmAutoencoderOptions()
    {
        BatchSize = 100;
        LearningRate = 0.05;
        Epochs = 10;
    }

    /// <summary>Hidden sizes of the logistic RBMs from the pixels up (the paper's 1000-500-250).</summary>
    [Option("layers", "hidden sizes of the logistic RBMs below the code, comma-separated")]
    public int[] Layers { get; init; } = [1000, 500, 250];

    /// <summary>The number of linear code units.</summary>
    [Option("code", "number of linear code units (the autoencoder's latent size)")]
    public int Code { get; init; } = 30;

    /// <summary>CD-1 updates of every RBM, the code layer's included; null shares <see cref="PretrainShare"/> of the run's steps evenly among them.</summary>
    [Option("layer-steps", "CD-1 updates of each RBM, the code layer's included (default: --pretrain-share of the run's steps, shared evenly)")]
    public int? LayerSteps { get; init; }

    /// <summary>The share of the run's steps that pre-trains the RBMs when <see cref="LayerSteps"/> is not given.</summary>
    [Option("pretrain-share", "share of the run's steps spent pre-training the RBMs when --layer-steps is not given")]
    public double PretrainShare { get; init; } = 0.4;

    /// <summary>Adam's learning rate of the fine-tuning.</summary>
    [Option("finetune-lr", "Adam's learning rate of the backpropagation fine-tuning")]
    public double FineTuneLr { get; init; } = 1e-3;

    /// <summary>Whether the fine-tuning keeps its learning rate constant instead of annealing it by a cosine to 0.</summary>
    [Option("constant-lr", "keep the fine-tuning's learning rate constant (default: cosine-annealed to 0 at the last step)")]
    public bool ConstantLr { get; init; }

    /// <summary>The momentum of the CD updates.</summary>
    [Option("momentum", "momentum of the CD updates (0 for none)")]
    public double Momentum { get; init; } = 0.5;

    /// <summary>The L2 weight decay of the RBMs' weights.</summary>
    [Option("weight-decay", "L2 weight decay on the RBMs' weights during pre-training")]
    public double WeightDecay { get; init; } = 2e-4;

    /// <summary>The binarization threshold of the pixels the first RBM sees (fine-tuning uses the grey pixels).</summary>
    [Option("threshold", "pixel binarization threshold in (0, 1) of the pre-training")]
    public double Threshold { get; init; } = 0.5;

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        Require(Layers.Length > 0 && Layers.All(l => l > 0), "Option --layers needs at least one positive size.");
        Require(Code > 0, $"Option --code must be positive, got {Code}.");
        Require(LayerSteps is null or > 0, $"Option --layer-steps must be positive, got {LayerSteps}.");
        Require(PretrainShare > 0 && PretrainShare < 1, $"Option --pretrain-share must lie in (0, 1), got {PretrainShare}.");
        Require(FineTuneLr > 0, $"Option --finetune-lr must be positive, got {FineTuneLr}.");
        Require(Momentum >= 0 && Momentum < 1, $"Option --momentum must lie in [0, 1), got {Momentum}.");
        Require(WeightDecay >= 0, $"Option --weight-decay must not be negative, got {WeightDecay}.");
        Require(Threshold > 0 && Threshold < 1, $"Option --threshold must lie in (0, 1), got {Threshold}.");
    }
}
