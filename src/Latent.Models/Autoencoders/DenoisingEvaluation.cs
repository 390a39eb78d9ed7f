using Latent.Models.Common;
using Latent.Models.Metrics;
using Latent.Tensors;

namespace Latent.Models.Autoencoders;

/// <summary>PSNR of corrupted images and of the model's denoised versions, both against the clean images.</summary>
/// <param name="PsnrNoisy">Mean per-image PSNR (dB) of the corrupted input.</param>
/// <param name="PsnrDenoised">Mean per-image PSNR (dB) of the reconstruction from the corrupted input.</param>
/// <param name="Noisy">The corrupted images.</param>
/// <param name="Denoised">The reconstructions.</param>
public sealed record DenoisingReport(double PsnrNoisy, double PsnrDenoised, Tensor Noisy, Tensor Denoised);

/// <summary>Denoising of corrupted test images by an autoencoder, measured by PSNR before and after.</summary>
public static class DenoisingEvaluation
{
    /// <summary>Corrupts <paramref name="clean"/> (values in [0, 1]) with <paramref name="noise"/>, reconstructs, and scores both.</summary>
    public static DenoisingReport Run(ILatentVariableModel model, Tensor clean, NoiseModel noise, Generator gen)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(clean);
        ArgumentNullException.ThrowIfNull(noise);
        var noisy = noise.Apply(clean, gen);
        var denoised = LatentEncoding.Reconstruct(model, noisy);
        return new DenoisingReport(Psnr.MeanPerImage(noisy, clean), Psnr.MeanPerImage(denoised, clean), noisy, denoised);
    }
}
