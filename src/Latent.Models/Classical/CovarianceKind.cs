using Latent.Models.Catalog;

namespace Latent.Models.Classical;

/// <summary>The form of a Gaussian's covariance in a mixture or a generative classifier.</summary>
public enum CovarianceKind
{
    /// <summary>A full D × D covariance per component (ellipses of any orientation).</summary>
    Full,

    /// <summary>A diagonal covariance per component (axis-aligned ellipses; naive Bayes when used per class).</summary>
    [OptionValue("diagonal", "diag")]
    Diagonal,

    /// <summary>One variance per component (circles).</summary>
    Spherical,
}

/// <summary>How a Gaussian generative classifier models its class-conditional densities p(x | Cₖ).</summary>
public enum ClassCovariance
{
    /// <summary>One full covariance shared by all classes: linear decision boundaries, p(C₁|x) = σ(wᵀx + w₀) (LDA).</summary>
    [OptionValue("shared", "linear", "lda")]
    Shared,

    /// <summary>A full covariance per class: quadratic decision boundaries (QDA).</summary>
    [OptionValue("per-class", "quadratic", "qda")]
    PerClass,

    /// <summary>A diagonal covariance per class: features independent given the class (Gaussian naive Bayes).</summary>
    [OptionValue("naive-bayes", "diagonal")]
    NaiveBayes,
}
