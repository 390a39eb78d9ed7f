namespace Latent.Models.Style;

/// <summary>How the pixels of a synthesised image are optimised.</summary>
public enum ImageOptimizerKind
{
    /// <summary>L-BFGS with a strong-Wolfe line search (Gatys et al.'s choice): few iterations, each a few network passes.</summary>
    Lbfgs,

    /// <summary>Adam on the pixels: one network pass per iteration.</summary>
    Adam,
}
