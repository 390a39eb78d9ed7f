using Latent.NN;
using Latent.Tensors;

namespace Latent.Models.Gans;

/// <summary>The DCGAN initialization: convolution and linear weights from N(0, 0.02²), batch-norm scales from N(1, 0.02²), biases 0.</summary>
public static class DcganInit
{
    /// <summary>Re-initializes every layer of <paramref name="module"/> in place.</summary>
    /// <returns>The module.</returns>
    public static T Apply<T>(T module, Generator gen) where T : Module
    {
        module.Apply(m =>
        {
            switch (m)
            {
                case ConvolutionLayer or Linear:
                    foreach (var (name, p) in m.NamedParameters().Where(p => !p.Name.Contains('.')))
                        if (name.StartsWith("weight", StringComparison.Ordinal)) Init.Normal(p, gen);
                        else Init.Zeros(p);
                    break;
                case BatchNormBase bn when bn.Affine:
                    Init.Normal(bn.GetParameter("weight"), gen, 1f, 0.02f);
                    Init.Zeros(bn.GetParameter("bias"));
                    break;
            }
        });
        return module;
    }
}
