using Latent.Models.Catalog;
using Latent.NN;

namespace Latent.Models.Autoencoders;

/// <summary>The nonlinearity applied to the bottleneck code.</summary>
public enum CodeActivation
{
    /// <summary>A linear code (PCA-like; the usual choice for embeddings).</summary>
    [OptionValue("identity", "linear")]
    Identity,

    /// <summary>Non-negative codes (with an L1 penalty: sparse codes).</summary>
    Relu,

    /// <summary>Codes in (0, 1) (needed by the KL sparsity penalty).</summary>
    Sigmoid,

    /// <summary>Codes in (−1, 1).</summary>
    Tanh,
}

/// <summary>Maps <see cref="CodeActivation"/> to modules and names.</summary>
public static class CodeActivations
{
    /// <summary>The module applying <paramref name="activation"/>.</summary>
    public static Module Create(CodeActivation activation) => activation switch
    {
        CodeActivation.Identity => new Identity(),
        CodeActivation.Relu => new Relu(),
        CodeActivation.Sigmoid => new Sigmoid(),
        CodeActivation.Tanh => new Tanh(),
        _ => throw new ArgumentOutOfRangeException(nameof(activation), activation, "Unknown code activation."),
    };
}
