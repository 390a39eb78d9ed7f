using Latent.Models.Catalog;

namespace Latent.Models.Gans;

/// <summary>The adversarial objective a GAN is trained with; scores are the discriminator's raw outputs (logits).</summary>
public enum GanLossKind
{
    /// <summary>
    /// The original minimax game (Goodfellow et al. 2014): D maximizes log D(x) + log(1 − D(G(z))), G minimizes
    /// log(1 − D(G(z))) — the "saturating" generator loss whose gradient vanishes when D rejects the fakes.
    /// </summary>
    [OptionValue("minimax", "saturating")]
    Minimax,

    /// <summary>The same discriminator loss, but G maximizes log D(G(z)) (the non-saturating heuristic).</summary>
    [OptionValue("non-saturating", "nonsaturating", "ns")]
    NonSaturating,

    /// <summary>WGAN: the critic maximizes mean f(x) − mean f(G(z)); G minimizes −mean f(G(z)). Needs a Lipschitz constraint.</summary>
    [OptionValue("wasserstein", "wgan")]
    Wasserstein,

    /// <summary>Hinge loss (geometric GAN, SNGAN): D minimizes relu(1 − f(x)) + relu(1 + f(G(z))); G minimizes −f(G(z)).</summary>
    Hinge,

    /// <summary>Least squares (LSGAN): D minimizes ½(f(x) − 1)² + ½f(G(z))²; G minimizes ½(f(G(z)) − 1)².</summary>
    [OptionValue("least-squares", "lsgan")]
    LeastSquares,
}
