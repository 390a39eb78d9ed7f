using Latent.Models.Catalog;

namespace Latent.Models.Vae;

/// <summary>The network of a VAE.</summary>
public enum VaeArchitecture
{
    /// <summary>An MLP over flattened inputs, with the hidden sizes of <see cref="VaeOptions.Hidden"/>.</summary>
    Mlp,

    /// <summary>Two strided convolutions down, two transposed convolutions up.</summary>
    Conv,
}

/// <summary>
/// The options of a VAE: network, latent size, decoder distribution, and the weights of the two ELBO terms. The
/// defaults are workload W1 (784-400-20, Bernoulli decoder, Adam 1e-3, batches of 128).
/// </summary>
public sealed record VaeOptions : ModelOptions
{
    /// <summary>The family's defaults: batches of 128.</summary>
    public VaeOptions() => BatchSize = 128;

    /// <summary>The network.</summary>
    [Option("arch", "network: mlp or conv")]
    public VaeArchitecture Architecture { get; init; } = VaeArchitecture.Mlp;

    /// <summary>MLP hidden sizes from input to code (the decoder mirrors them).</summary>
    [Option("hidden", "hidden sizes, comma-separated")]
    public int[] Hidden { get; init; } = [400];

    /// <summary>The latent size d.</summary>
    [Option("latent-dim", "size of the latent code")]
    public int LatentDim { get; init; } = 20;

    /// <summary>The observation model p(x | z).</summary>
    [Option("decoder", "observation model p(x|z): bernoulli (logits) or gaussian")]
    public DecoderDistribution Decoder { get; init; } = DecoderDistribution.Bernoulli;

    /// <summary>σ of the Gaussian decoder (ignored for Bernoulli).</summary>
    [Option("decoder-std", "σ of the gaussian decoder")]
    public float DecoderStd { get; init; } = 0.1f;

    /// <summary>Weight β of the KL term (β = 1: the ELBO; β &gt; 1: β-VAE; β = 0: reconstruction only).</summary>
    [Option("beta", "weight β of the KL term (1: ELBO)")]
    public float Beta { get; init; } = 1f;

    /// <summary>Weight of the reconstruction term (0 with β = 1 gives the lecture's "KL only" picture).</summary>
    [Option("reconstruction-weight", "weight of the reconstruction term (1: ELBO; 0 with β 1: KL only)")]
    public float ReconstructionWeight { get; init; } = 1f;

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        Require(LatentDim > 0, $"Option --latent-dim must be positive, got {LatentDim}.");
        Require(Decoder != DecoderDistribution.Gaussian || DecoderStd > 0, $"VAE: the Gaussian decoder's σ must be positive, got {DecoderStd}.");
    }
}
