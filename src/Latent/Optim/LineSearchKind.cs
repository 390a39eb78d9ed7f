namespace Latent.Optim;

/// <summary>How <see cref="Lbfgs"/> and <see cref="ConjugateGradient"/> choose the step length along a search direction.</summary>
public enum LineSearchKind
{
    /// <summary>A fixed step of <c>lr</c> (L-BFGS only; PyTorch's default).</summary>
    None,

    /// <summary>A bracketing and zooming search with cubic interpolation that satisfies the strong Wolfe conditions.</summary>
    StrongWolfe,

    /// <summary>Halve the step until the Armijo sufficient-decrease condition holds.</summary>
    BacktrackingArmijo,
}
