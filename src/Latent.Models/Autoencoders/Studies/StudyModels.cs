using Latent.Models.Autoencoders;
using Latent.Models.Common;
using Latent.Tensors;

namespace Latent.Models.Autoencoders.Studies;

/// <summary>The small MLP autoencoders the studies train on 28×28 images.</summary>
public static class StudyModels
{
    /// <summary>784-256-<paramref name="latent"/> with a ReLU code and cross-entropy reconstruction, Adam at 2e-3.</summary>
    public static Autoencoder Autoencoder(int latent, ulong seed, NoiseModel? noise = null)
    {
        var (encoder, decoder) = AutoencoderNetworks.Mlp([1, 28, 28], [256], latent, CodeActivation.Relu, new Generator(seed), sigmoidOutput: false);
        return new Autoencoder(encoder, decoder, latent, new AutoencoderOptions { Loss = ReconstructionLoss.BinaryCrossEntropy, Noise = noise?.Kind ?? NoiseKind.None, NoiseLevel = noise?.Level ?? 0f, LearningRate = 2e-3 },
            new Generator(seed + 1));
    }
}
