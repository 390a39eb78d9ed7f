using Latent.Tensors;

namespace Latent.Models.Autoregressive;

/// <summary>The likelihood of a class-conditional model with the class marginalised out under a uniform prior.</summary>
internal static class ClassMarginal
{
    /// <summary>log (1/K) Σ_y p(x | y) of each of <paramref name="count"/> examples, [N], from <paramref name="logLikelihoodGiven"/> (labels → log p(x | labels), [N]).</summary>
    public static Tensor LogLikelihood(int classes, int count, Func<int[], Tensor> logLikelihoodGiven)
    {
        var perClass = Enumerable.Range(0, classes).Select(y => logLikelihoodGiven(Enumerable.Repeat(y, count).ToArray()).Reshape(count, 1)).ToArray();
        return Tensor.Concat(perClass, 1).LogSumExp(1) - (float)Math.Log(classes);
    }
}
