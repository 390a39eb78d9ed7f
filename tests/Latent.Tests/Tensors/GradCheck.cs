using Latent.Tensors;

namespace Latent.Tests;

/// <summary>
/// Finite-difference checks of autograd. A function's output is contracted with a fixed random weighting so the whole
/// Jacobian is exercised; central differences are accumulated in double precision.
/// </summary>
public static class GradCheck
{
    /// <summary>Checks first derivatives of <paramref name="f"/> with respect to every input.</summary>
    public static void Check(Func<Tensor[], Tensor> f, Tensor[] inputs, double eps = 1e-3, double rtol = 2e-2, double atol = 2e-3)
    {
        foreach (var x in inputs) x.RequiresGrad = true;
        var probe = f(inputs);
        var weights = Tensor.Randn(probe.Shape, new Generator(12345));
        // Evaluated with grad mode on: f may itself differentiate (gradient penalties).
        double Loss(Tensor[] xs) => Dot(f(xs), weights);
        var analytic = Autograd.Grad([f(inputs)], inputs, [weights], allowUnused: true);
        Compare(Loss, inputs, analytic, eps, rtol, atol, "gradient");
    }

    /// <summary>
    /// Checks second derivatives: G(x) = Σ ⟨∂L/∂xᵢ, vᵢ⟩ is built with <c>createGraph: true</c>, and its gradient is compared
    /// with finite differences of G.
    /// </summary>
    public static void CheckSecondOrder(Func<Tensor[], Tensor> f, Tensor[] inputs, double eps = 5e-3, double rtol = 3e-2, double atol = 3e-3)
    {
        foreach (var x in inputs) x.RequiresGrad = true;
        var probe = f(inputs);
        var gen = new Generator(777);
        var weights = Tensor.Randn(probe.Shape, gen);
        var directions = inputs.Select(x => Tensor.Randn(x.Shape, gen)).ToArray();

        Tensor G(Tensor[] xs, bool createGraph)
        {
            var grads = Autograd.Grad([f(xs)], xs, [weights], createGraph: createGraph, allowUnused: true);
            Tensor total = Tensor.Scalar(0);
            for (int i = 0; i < xs.Length; i++)
                if (grads[i] is { } g) total = total + (g * directions[i]).Sum();
            return total;
        }

        var g2 = G(inputs, createGraph: true);
        Tensor?[] analytic = g2.RequiresGrad
            ? Autograd.Grad([g2], inputs, allowUnused: true)
            : new Tensor?[inputs.Length];
        Compare(xs => G(xs, false).Item(), inputs, analytic, eps, rtol, atol, "second-order gradient");
    }

    private static void Compare(Func<Tensor[], double> loss, Tensor[] inputs, Tensor?[] analytic, double eps, double rtol, double atol, string what)
    {
        for (int i = 0; i < inputs.Length; i++)
        {
            var x = inputs[i];
            var data = x.Data;
            for (int j = 0; j < x.Size; j++)
            {
                float saved = data[j];
                data[j] = (float)(saved + eps);
                double plus = loss(inputs);
                data[j] = (float)(saved - eps);
                double minus = loss(inputs);
                data[j] = saved;
                double step = ((double)(float)(saved + eps) - (float)(saved - eps));
                double numeric = (plus - minus) / step;
                double exact = analytic[i]?.Data[j] ?? 0.0;
                Assert.True(Math.Abs(numeric - exact) <= atol + rtol * Math.Abs(numeric),
                    $"{what} of input {i} at element {j}: autograd {exact:G6}, finite differences {numeric:G6}");
            }
        }
    }

    private static double Dot(Tensor a, Tensor b)
    {
        double s = 0;
        for (int i = 0; i < a.Size; i++) s += (double)a.Data[i] * b.Data[i];
        return s;
    }
}
