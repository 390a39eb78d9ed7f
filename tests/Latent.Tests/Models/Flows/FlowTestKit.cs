using Latent.Models.Flows;
using Latent.NN;
using Latent.Tensors;

namespace Latent.Tests.Models.Flows;

/// <summary>Helpers for flow tests: randomly initialized couplings, and the full Jacobian's log-determinant by autograd.</summary>
internal static class FlowTestKit
{
    /// <summary>An MLP over the flattened example that returns <paramref name="outChannels"/> channels of the example's shape (for image-shaped couplings).</summary>
    private sealed class ShapedMlp : Module
    {
        private readonly int[] _outShape;

        public ShapedMlp(int[] shape, int outChannels, Generator gen)
        {
            int d = shape.Aggregate(1, (a, b) => a * b);
            _outShape = [outChannels, .. shape[1..]];
            RegisterModule("mlp", FlowNetworks.Mlp(d, [16], _outShape.Aggregate(1, (a, b) => a * b), gen));
        }

        public override Tensor Forward(Tensor x) => GetModule("mlp").Forward(x.Reshape(x.Shape[0], x.Size / x.Shape[0])).Reshape([x.Shape[0], .. _outShape]);

        private Module GetModule(string name) => NamedChildren().First(c => c.Name == name).Module;
    }

    /// <summary>An affine coupling on examples of <paramref name="shape"/> with a random (not zero-started) network, so that it is far from the identity.</summary>
    public static AffineCoupling Affine(int[] shape, MaskKind mask, bool flip, Generator gen)
        => new(CouplingMask.Of(mask, shape, flip), shape.Length == 1
            ? FlowNetworks.Mlp(shape[0], [16], 2 * shape[0], gen)
            : new ShapedMlp(shape, 2 * shape[0], gen));

    /// <summary>An additive coupling on examples of <paramref name="shape"/> with a random network.</summary>
    public static AdditiveCoupling Additive(int[] shape, MaskKind mask, bool flip, Generator gen)
        => new(CouplingMask.Of(mask, shape, flip), shape.Length == 1
            ? FlowNetworks.Mlp(shape[0], [16], shape[0], gen)
            : new ShapedMlp(shape, shape[0], gen));

    /// <summary>A diagonal scaling with a random log-scale.</summary>
    public static DiagonalScaling Scaling(int[] shape, Generator gen)
    {
        var layer = new DiagonalScaling(shape);
        gen.FillNormal(layer.LogScale.Data, 0, 0.5f);
        return layer;
    }

    /// <summary>log|det ∂z/∂x| of one example x [1, ...] from the full Jacobian, row by row with autograd, and an LU factorization in double precision.</summary>
    public static double LogAbsDetByAutograd(FlowLayer layer, Tensor x)
    {
        var input = x.Detach().Clone().RequireGrad();
        int d = input.Size;
        var z = layer.Transform(input).Z.Reshape(d);
        var jacobian = new double[d, d];
        for (int i = 0; i < d; i++)
        {
            var row = Autograd.Grad(z.Narrow(0, i, 1).Sum(), input, retainGraph: true);
            for (int j = 0; j < d; j++) jacobian[i, j] = row.Data[j];
        }
        return LogAbsDet(jacobian);
    }

    /// <summary>log|det A| by Gaussian elimination with partial pivoting.</summary>
    public static double LogAbsDet(double[,] a)
    {
        int n = a.GetLength(0);
        a = (double[,])a.Clone();
        double logDet = 0;
        for (int k = 0; k < n; k++)
        {
            int pivot = k;
            for (int i = k + 1; i < n; i++) if (Math.Abs(a[i, k]) > Math.Abs(a[pivot, k])) pivot = i;
            if (a[pivot, k] == 0) return double.NegativeInfinity;
            if (pivot != k)
                for (int j = 0; j < n; j++) (a[k, j], a[pivot, j]) = (a[pivot, j], a[k, j]);
            logDet += Math.Log(Math.Abs(a[k, k]));
            for (int i = k + 1; i < n; i++)
            {
                double f = a[i, k] / a[k, k];
                for (int j = k; j < n; j++) a[i, j] -= f * a[k, j];
            }
        }
        return logDet;
    }

    /// <summary>Asserts a == b elementwise within atol + rtol·|a|.</summary>
    public static void AssertClose(Tensor expected, Tensor actual, double atol, double rtol, string what)
    {
        Assert.Equal(expected.Shape, actual.Shape);
        for (int i = 0; i < expected.Size; i++)
            Close.Assert(expected.Data[i], actual.Data[i], atol, rtol, $"{what}[{i}]");
    }
}
