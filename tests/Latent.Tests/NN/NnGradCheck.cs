using Latent.Tensors;

namespace Latent.Tests.NN;

/// <summary>
/// Finite-difference gradient checks for tests: the analytic vector-Jacobian product of f against central differences
/// of ⟨f(x), r⟩ for a fixed random probe r, accumulated in double precision.
/// </summary>
internal static class NnGradCheck
{
    /// <summary>Asserts that Autograd's gradient of f with respect to every input matches central differences.</summary>
    /// <param name="f">The function; its inputs are the tensors in <paramref name="inputs"/> (all must require gradients).</param>
    /// <param name="inputs">Leaves to perturb one element at a time.</param>
    /// <param name="eps">Finite-difference step.</param>
    /// <param name="rtol">Relative tolerance.</param>
    /// <param name="atol">Absolute tolerance.</param>
    public static void Check(Func<Tensor[], Tensor> f, Tensor[] inputs, float eps = 1e-2f, double rtol = 1e-2, double atol = 1e-3)
    {
        var output = f(inputs);
        var probe = Tensor.Randn(output.Shape, new Generator(12345));
        var analytic = Autograd.Grad([output], inputs, [probe], allowUnused: true);
        for (int i = 0; i < inputs.Length; i++)
        {
            var x = inputs[i];
            var data = x.Data;
            for (int k = 0; k < x.Size; k++)
            {
                float original = data[k];
                data[k] = original + eps;
                double plus = Dot(f(inputs), probe);
                data[k] = original - eps;
                double minus = Dot(f(inputs), probe);
                data[k] = original;
                double numeric = (plus - minus) / (2.0 * eps);
                double exact = analytic[i]?.Data[k] ?? 0.0;
                double tolerance = atol + rtol * Math.Max(Math.Abs(numeric), Math.Abs(exact));
                Assert.True(Math.Abs(numeric - exact) <= tolerance,
                    $"input {i} ({x.Name ?? "unnamed"} {string.Join("x", x.Shape)}) element {k}: analytic {exact:G6}, numeric {numeric:G6}");
            }
        }
    }

    /// <summary>
    /// Checks the gradient of g(x) = Σᵢ ‖∂⟨f(x), r⟩/∂xᵢ‖² (a function of the first gradient, built with createGraph)
    /// against central differences: a gradient-of-gradient check.
    /// </summary>
    public static void CheckGradGrad(Func<Tensor[], Tensor> f, Tensor[] inputs, float eps = 1e-2f, double rtol = 2e-2, double atol = 2e-3)
        => Check(xs => SquaredGradient(f, xs), inputs, eps, rtol, atol);

    /// <summary>Σᵢ ‖∂⟨f(x), r⟩/∂xᵢ‖², differentiable because the gradient is computed with createGraph.</summary>
    public static Tensor SquaredGradient(Func<Tensor[], Tensor> f, Tensor[] xs)
    {
        var output = f(xs);
        var probe = Tensor.Randn(output.Shape, new Generator(777));
        var grads = Autograd.Grad([output], xs, [probe], createGraph: true, allowUnused: true);
        Tensor? total = null;
        foreach (var g in grads)
            if (g != null) total = total == null ? g.Square().Sum() : total + g.Square().Sum();
        return total ?? throw new InvalidOperationException("No input is used by the function.");
    }

    private static double Dot(Tensor a, Tensor b)
    {
        double s = 0;
        var x = a.Data;
        var y = b.Data;
        for (int i = 0; i < x.Length; i++) s += (double)x[i] * y[i];
        return s;
    }
}
