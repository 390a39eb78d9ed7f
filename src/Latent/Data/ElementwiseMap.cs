using Latent.Tensors;

namespace Latent.Data;

/// <summary>Applies a per-value function to a tensor outside autograd, in order (so seeded draws are reproducible).</summary>
internal static class ElementwiseMap
{
    public static Tensor Apply(Tensor x, Func<float, float> f)
    {
        ArgumentNullException.ThrowIfNull(x);
        var src = x.Storage;
        var dst = Tensor.NewStorage(src.Length);
        for (int i = 0; i < src.Length; i++) dst[i] = f(src[i]);
        return new Tensor(dst, (int[])x.Shape.Clone());
    }
}
