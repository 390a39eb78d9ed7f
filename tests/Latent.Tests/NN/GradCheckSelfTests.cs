using Latent.Tensors;

namespace Latent.Tests.NN;

public class GradCheckSelfTests
{
    [Fact]
    public void CheckerRejectsAWrongGradient()
    {
        var x = NnAssert.Leaf(1, 3);
        // x·stopgrad(x) has true derivative 2x but Autograd reports x: the checker must notice.
        Assert.ThrowsAny<Exception>(() => NnGradCheck.Check(xs => xs[0] * xs[0].Detach(), [x]));
        NnGradCheck.Check(xs => xs[0] * xs[0], [x]);
    }

    [Fact]
    public void GradGradCheckerRejectsAWrongSecondDerivative()
    {
        var x = NnAssert.Leaf(2, 3);
        Assert.ThrowsAny<Exception>(() => NnGradCheck.CheckGradGrad(xs => xs[0].Square() * xs[0].Detach(), [x]));
        NnGradCheck.CheckGradGrad(xs => xs[0].Pow(3f), [x]);
    }
}
