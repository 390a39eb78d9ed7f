using Latent.Optim;
using Latent.Tensors;

namespace Latent.Models.Common;

/// <summary>
/// Completion with a learned prior by optimisation (F37), for models that do not draw pixel by pixel: the hidden
/// pixels of images are filled in so that the whole image is probable under the model, the visible pixels kept.
/// A latent-variable model (VAE, autoencoder) searches its latent space for the code whose decoding best explains the
/// visible pixels — the MAP code, minimising −log p(x_visible | z) + ½‖z‖² with a Bernoulli likelihood of the decoded
/// means — and decodes the hidden pixels from it. A flow with a differentiable density climbs the exact log p(x) of
/// the image over the hidden pixels themselves. Both run Adam from the starts given, one image per row, each image
/// independently of the others in its batch.
/// </summary>
/// <example>
/// <code>
/// var mask = CompletionMask.Below(28, 28, 14);
/// var z0 = Tensor.Randn([images.Shape[0], vae.LatentDim], new Generator(1));
/// Tensor completed = PriorCompletion.InLatentSpace(vae, images, mask, z0);
/// </code>
/// </example>
public static class PriorCompletion
{
    /// <summary>
    /// The images [N, C, H, W] in [0, 1] with their hidden pixels replaced by the decoding of the MAP code found by
    /// <paramref name="steps"/> Adam steps from <paramref name="start"/> [N, LatentDim].
    /// </summary>
    /// <param name="model">The encoder–decoder; its decoder's output is read as Bernoulli means in [0, 1].</param>
    /// <param name="images">The images; only their visible pixels are read.</param>
    /// <param name="mask">Which pixels are hidden.</param>
    /// <param name="start">The codes the search starts from (the encoder's codes, or draws from the prior).</param>
    /// <param name="steps">Adam steps.</param>
    /// <param name="learningRate">Adam's step size in latent units.</param>
    /// <param name="priorWeight">The weight of ½‖z‖² (1: the MAP code under a standard normal prior; 0: maximum likelihood).</param>
    /// <exception cref="ArgumentException">The codes do not match the images or the model's latent size.</exception>
    public static Tensor InLatentSpace(ILatentVariableModel model, Tensor images, CompletionMask mask, Tensor start, int steps = 300,
        double learningRate = 0.05, double priorWeight = 1)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(mask);
        ArgumentNullException.ThrowIfNull(start);
        ArgumentOutOfRangeException.ThrowIfNegative(steps);
        if (start.Rank != 2 || start.Shape[0] != images.Shape[0] || start.Shape[1] != model.LatentDim)
            throw new ArgumentException($"PriorCompletion: {images.Shape[0]} images need start codes [{images.Shape[0]}, {model.LatentDim}], got {ShapeText.Format(start.Shape)}.", nameof(start));
        var target = images.Detach();
        var visible = 1f - mask.ToTensor();
        var z = start.Detach().Clone().RequireGrad();
        var adam = new Adam([z], learningRate);
        for (int step = 0; step < steps; step++)
        {
            var mean = model.Decode(z).Clamp(1e-6f, 1 - 1e-6f);
            if (!mean.Shape.SequenceEqual(target.Shape))
                throw new ArgumentException($"PriorCompletion: the model decodes {ShapeText.Format(mean.Shape)}, the images are {ShapeText.Format(target.Shape)}.", nameof(images));
            var nll = -((target * mean.Log() + (1f - target) * (1f - mean).Log()) * visible).Sum();
            var loss = nll + z.Square().Sum() * (float)(0.5 * priorWeight);
            z.Grad = Autograd.Grad(loss, z); // the model's own parameters get no gradient
            adam.Step();
        }
        using var _ = Autograd.NoGrad();
        return mask.Combine(target, model.Decode(z.Detach()).Clamp(0f, 1f));
    }

    /// <summary>
    /// The images [N, C, H, W] in [0, 1] with their hidden pixels moved by <paramref name="steps"/> Adam steps up the
    /// exact log-density of the whole image, from <paramref name="start"/> (images whose hidden pixels are the starting
    /// values). The hidden pixels are optimised through a logistic map, so they stay inside (0, 1).
    /// </summary>
    /// <param name="model">The density (a flow).</param>
    /// <param name="images">The images; only their visible pixels are read.</param>
    /// <param name="mask">Which pixels are hidden.</param>
    /// <param name="start">Starting values of the hidden pixels, [N, C, H, W] in [0, 1] (e.g. the mean image, or noise).</param>
    /// <param name="steps">Adam steps.</param>
    /// <param name="learningRate">Adam's step size in logit units.</param>
    /// <exception cref="ArgumentException">The starts do not match the images.</exception>
    public static Tensor ByDensity(IDifferentiableDensity model, Tensor images, CompletionMask mask, Tensor start, int steps = 300, double learningRate = 0.05)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(mask);
        ArgumentNullException.ThrowIfNull(start);
        ArgumentOutOfRangeException.ThrowIfNegative(steps);
        if (!start.Shape.SequenceEqual(images.Shape))
            throw new ArgumentException($"PriorCompletion: the starts {ShapeText.Format(start.Shape)} must have the images' shape {ShapeText.Format(images.Shape)}.", nameof(start));
        var target = images.Detach();
        const float edge = 1e-3f; // logits of exactly 0 or 1 would be infinite
        var p = start.Detach().Clamp(edge, 1 - edge);
        var logits = (p.Log() - (1f - p).Log()).Clone().RequireGrad();
        var adam = new Adam([logits], learningRate);
        for (int step = 0; step < steps; step++)
        {
            var loss = -model.LogDensity(mask.Combine(target, logits.Sigmoid())).Sum();
            logits.Grad = Autograd.Grad(loss, logits);
            adam.Step();
        }
        using var _ = Autograd.NoGrad();
        return mask.Combine(target, logits.Detach().Sigmoid());
    }
}
