using Latent.NN;
using Latent.Tensors;

namespace Latent.Models.Vae;

/// <summary>
/// The VAE's approximate posterior q(z | x) = N(μ(x), diag σ²(x)): a shared body followed by two linear heads for
/// the mean and the log-variance (named "mean" and "log_var" in the state dict).
/// </summary>
public sealed class GaussianEncoder : Module
{
    /// <summary>Creates the encoder.</summary>
    /// <param name="body">Maps inputs [B, ...] to features [B, features].</param>
    /// <param name="features">The body's output size.</param>
    /// <param name="latentDim">The latent size d.</param>
    /// <param name="gen">The initialization generator for the heads.</param>
    public GaussianEncoder(Module body, int features, int latentDim, Generator gen)
    {
        ArgumentNullException.ThrowIfNull(body);
        Body = RegisterModule("body", body);
        MeanHead = RegisterModule("mean", new Linear(features, latentDim, gen));
        LogVarHead = RegisterModule("log_var", new Linear(features, latentDim, gen));
        LatentDim = latentDim;
    }

    /// <summary>The shared feature extractor.</summary>
    public Module Body { get; }

    /// <summary>The head producing μ.</summary>
    public Linear MeanHead { get; }

    /// <summary>The head producing log σ².</summary>
    public Linear LogVarHead { get; }

    /// <summary>The latent size d.</summary>
    public int LatentDim { get; }

    /// <summary>μ(x) and log σ²(x), each [B, d].</summary>
    public (Tensor Mean, Tensor LogVar) Encode(Tensor x)
    {
        var h = Body.Forward(x);
        return (MeanHead.Forward(h), LogVarHead.Forward(h));
    }

    /// <summary>The posterior mean μ(x) [B, d] (the deterministic code).</summary>
    public override Tensor Forward(Tensor x) => MeanHead.Forward(Body.Forward(x));
}
