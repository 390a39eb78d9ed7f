using Latent.Models.Autoencoders.Studies;
using Latent.Models.Catalog;
using Latent.Models.Common;

namespace Latent.Models.Autoencoders;

/// <summary>The autoencoder family (F15–F20): plain, sparse, denoising, stacked and marginalized denoising autoencoders.</summary>
public sealed class AutoencoderFamily : IModelFamily
{
    /// <summary>The one instance, listed in <see cref="ModelCatalog.Families"/>.</summary>
    public static AutoencoderFamily Instance { get; } = new();

    private AutoencoderFamily() { }

    /// <inheritdoc />
    public string Name => "Autoencoders";

    /// <inheritdoc />
    public IReadOnlyList<ModelSpec> Models { get; } =
    [
        ModelSpec.Of("ae", "Autoencoders", "F15 F20", "Undercomplete autoencoder (MLP or convolutional), squared or cross-entropy loss",
            new AutoencoderOptions(), Create),
        ModelSpec.Of("sparse-ae", "Autoencoders", "F16", "Sparse autoencoder: L1 or KL-divergence penalty on the code (overcomplete allowed)",
            new AutoencoderOptions { LatentDim = 1024, Hidden = [], Code = CodeActivation.Sigmoid, Penalty = SparsityKind.KlDivergence }, Create),
        ModelSpec.Of("dae", "Autoencoders", "F17 F20", "Denoising autoencoder (Gaussian or masking noise); writes its generative Markov chain",
            new AutoencoderOptions { LatentDim = 64, Code = CodeActivation.Relu, Noise = NoiseKind.Masking, NoiseLevel = 0.3f }, Create),
        ModelSpec.Of("stacked-ae", "Autoencoders", "F18", "Stacked autoencoder: greedy layer-wise pre-training, then end-to-end fine-tuning",
            new StackedAutoencoderOptions(), CreateStacked),
        ModelSpec.Of("mda", "Autoencoders", "F19", "Stacked marginalized denoising autoencoder: closed-form layers W = E[P]E[Q]⁻¹ with tanh",
            new MdaOptions(), CreateMda),
    ];

    /// <inheritdoc />
    public IReadOnlyList<Study> Studies { get; } =
        [new OutlierStudy(), new DenoisingStudy(), new PretrainingStudy(), new PcaStudy()];

    /// <summary>An autoencoder on Fashion-MNIST as <paramref name="options"/> describe it.</summary>
    public static TrainingSetup Create(AutoencoderOptions options)
    {
        var data = FashionMnistData.Load(options);
        var gen = options.NewGenerator(0);
        bool sigmoidOutput = options.Loss == ReconstructionLoss.SquaredError;
        var (encoder, decoder) = options.Architecture == AutoencoderArchitecture.Conv
            ? AutoencoderNetworks.Conv(data.ImageShape, options.LatentDim, options.Code, gen, sigmoidOutput)
            : AutoencoderNetworks.Mlp(data.ImageShape, options.Hidden, options.LatentDim, options.Code, gen, sigmoidOutput);
        var model = new Autoencoder(encoder, decoder, options.LatentDim, options, options.NewGenerator(2)) { Preview = data.Preview };
        return new TrainingSetup(model, data.TrainLoader, data.TestLoader);
    }

    private static TrainingSetup CreateStacked(StackedAutoencoderOptions options)
    {
        var data = FashionMnistData.Load(options);
        var model = new StackedAutoencoder(data.ImageShape, options.Layers, options.LayerSteps, options.LearningRate,
            options.NewGenerator(0), options.NewGenerator(2)) { Preview = data.Preview };
        return new TrainingSetup(model, data.TrainLoader, data.TestLoader);
    }

    private static TrainingSetup CreateMda(MdaOptions options)
    {
        var data = FashionMnistData.Load(options);
        var model = new MarginalizedDenoisingAutoencoder(data.Train.ImageSize, options.Layers, options.NoiseLevel, data.Train.Count,
            options.NewGenerator(2), options.Ridge) { Preview = data.Preview };
        return new TrainingSetup(model, data.TrainLoader, data.TestLoader);
    }
}
