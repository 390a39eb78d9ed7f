using Latent.NN;
using Latent.Tensors;

namespace Latent.Tests.NN;

public class ActivationModuleTests
{
    public static TheoryData<string> Names => ["Relu", "LeakyRelu", "Elu", "Selu", "Gelu", "Softplus", "Sigmoid", "LogSigmoid", "Tanh", "Hardtanh", "Silu"];

    private static (Module Module, Func<double, double> Reference) Make(string name) => name switch
    {
        "Relu" => (new Relu(), x => Math.Max(x, 0)),
        "LeakyRelu" => (new LeakyRelu(0.2f), x => x > 0 ? x : 0.2 * x),
        "Elu" => (new Elu(0.5f), x => x > 0 ? x : 0.5 * (Math.Exp(x) - 1)),
        "Selu" => (new Selu(), x => 1.0507009873554805 * (x > 0 ? x : 1.6732632423543772 * (Math.Exp(x) - 1))),
        "Gelu" => (new Gelu(), x => 0.5 * x * (1 + Erf(x / Math.Sqrt(2)))),
        "Softplus" => (new Softplus(2f), x => Math.Log(1 + Math.Exp(2 * x)) / 2),
        "Sigmoid" => (new Sigmoid(), x => 1 / (1 + Math.Exp(-x))),
        "LogSigmoid" => (new LogSigmoid(), x => -Math.Log(1 + Math.Exp(-x))),
        "Tanh" => (new Tanh(), Math.Tanh),
        "Hardtanh" => (new Hardtanh(-0.5f, 0.5f), x => Math.Clamp(x, -0.5, 0.5)),
        "Silu" => (new Silu(), x => x / (1 + Math.Exp(-x))),
        _ => throw new ArgumentException(name),
    };

    [Theory]
    [MemberData(nameof(Names))]
    public void ModuleMatchesScalarFormula(string name)
    {
        var (module, reference) = Make(name);
        var x = Tensor.FromArray([-2.5f, -0.7f, -0.1f, 0.3f, 1.1f, 3f], 2, 3);
        NnAssert.Close(x.ToArray().Select(v => reference(v)).ToArray(), module.Forward(x), atol: 1e-5);
    }

    [Fact]
    public void HardtanhRejectsEmptyRange() => Assert.Throws<ArgumentException>(() => new Hardtanh(1f, 1f));

    [Fact]
    public void IdentityAndSoftmaxModules()
    {
        var x = Tensor.Randn([2, 3], new Generator(1));
        Assert.Same(x, new Identity().Forward(x));
        NnAssert.Close(Tensor.Ones(2), new Softmax().Forward(x).Sum(1));
    }

    /// <summary>erf from the Chebyshev fit of erfc in Numerical Recipes (fractional error below 1.2e-7).</summary>
    private static double Erf(double x)
    {
        double t = 1 / (1 + 0.5 * Math.Abs(x));
        double y = 1 - t * Math.Exp(-x * x - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806
            + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? y : -y;
    }
}
