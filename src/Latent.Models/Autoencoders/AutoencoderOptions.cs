namespace Latent.Models.Autoencoders;

/// <summary>What turns a plain autoencoder into a sparse or denoising one, and how it is optimized.</summary>
/// <param name="Loss">The reconstruction loss.</param>
/// <param name="Sparsity">A penalty on the bottleneck activations, or null.</param>
/// <param name="Noise">The input corruption during training (denoising), or null for none.</param>
/// <param name="LearningRate">Adam's learning rate.</param>
public sealed record AutoencoderOptions(
    ReconstructionLoss Loss = ReconstructionLoss.BinaryCrossEntropy,
    SparsityPenalty? Sparsity = null,
    NoiseModel? Noise = null,
    double LearningRate = 1e-3);
