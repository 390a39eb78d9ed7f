using Latent.NN;
using Latent.Tensors;

namespace Latent.Models.Gans;

/// <summary>
/// Minibatch discrimination (Salimans et al. 2016): lets the discriminator compare each sample with the rest of its
/// minibatch so that a collapsed generator, whose samples all look alike, is easy to spot.
/// </summary>
/// <remarks>
/// Features f [N, A] are multiplied by a learned tensor T [A, B·C] into matrices Mᵢ [B, C]. For each kernel b,
/// c_b(xᵢ, xⱼ) = exp(−‖M_{i,b} − M_{j,b}‖₁) (L1 distance over C) and o(xᵢ)_b = Σⱼ c_b(xᵢ, xⱼ), the sum running over the
/// whole minibatch as in the paper (so it includes j = i, a constant 1). The output is [f, o] of shape [N, A + B].
/// Compute it on real and fake batches separately.
/// </remarks>
public sealed class MinibatchDiscrimination : Module
{
    /// <summary>Creates the layer.</summary>
    /// <param name="inFeatures">A, the width of the incoming features.</param>
    /// <param name="kernels">B, the number of similarity kernels (extra output features).</param>
    /// <param name="kernelDim">C, the size of each kernel's projection.</param>
    /// <param name="gen">Initializes T from N(0, 1/A), so projections start with unit scale.</param>
    public MinibatchDiscrimination(int inFeatures, int kernels, int kernelDim, Generator gen)
    {
        if (inFeatures <= 0 || kernels <= 0 || kernelDim <= 0)
            throw new ArgumentOutOfRangeException(nameof(kernels),
                $"MinibatchDiscrimination: inFeatures {inFeatures}, kernels {kernels} and kernelDim {kernelDim} must be positive.");
        InFeatures = inFeatures;
        Kernels = kernels;
        KernelDim = kernelDim;
        RegisterParameter("T", Tensor.Randn([inFeatures, kernels * kernelDim], gen, 0f, 1f / MathF.Sqrt(inFeatures)));
    }

    /// <summary>A, the width of the incoming features.</summary>
    public int InFeatures { get; }

    /// <summary>B, the number of kernels.</summary>
    public int Kernels { get; }

    /// <summary>C, the projection size per kernel.</summary>
    public int KernelDim { get; }

    /// <summary>The output width A + B.</summary>
    public int OutFeatures => InFeatures + Kernels;

    /// <summary>The learned tensor T [A, B·C].</summary>
    public Tensor T => Get("T");

    /// <summary>Features [N, A] → [N, A + B].</summary>
    /// <exception cref="ArgumentException">The input is not [N, A].</exception>
    public override Tensor Forward(Tensor x) => Apply(x, T, Kernels, KernelDim);

    /// <summary>The layer as a function of an explicit T (for functional use such as unrolled GANs).</summary>
    /// <exception cref="ArgumentException">Shapes disagree.</exception>
    public static Tensor Apply(Tensor x, Tensor t, int kernels, int kernelDim)
    {
        if (x.Rank != 2 || t.Rank != 2 || x.Shape[1] != t.Shape[0] || t.Shape[1] != kernels * kernelDim)
            throw new ArgumentException(
                $"MinibatchDiscrimination: features {Common.ShapeText.Format(x.Shape)} and T {Common.ShapeText.Format(t.Shape)} must be [N, A] and [A, {kernels}·{kernelDim}].");
        int n = x.Shape[0];
        var m = x.MatMul(t).Reshape(n, kernels, kernelDim);
        var l1 = (m.Unsqueeze(1) - m.Unsqueeze(0)).Abs().Sum(3); // [N, N, B]
        var o = l1.Neg().Exp().Sum(1);                          // [N, B]
        return Tensor.Concat([x, o], 1);
    }

    /// <inheritdoc />
    protected override string ExtraRepr() => $"in={InFeatures}, kernels={Kernels}, kernelDim={KernelDim}";
}
