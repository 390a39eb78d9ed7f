using Latent.Tensors;

namespace Latent.Tests.NN;

/// <summary>Value comparisons shared by the NN tests.</summary>
internal static class NnAssert
{
    /// <summary>Asserts elementwise |expected − actual| ≤ atol + rtol·|expected|.</summary>
    public static void Close(double[] expected, Tensor actual, double atol = 1e-5, double rtol = 1e-4)
    {
        Assert.Equal(expected.Length, actual.Size);
        var data = actual.Data;
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - data[i]) <= atol + rtol * Math.Abs(expected[i]),
                $"element {i}: expected {expected[i]:G7}, got {data[i]:G7}");
    }

    /// <summary>Asserts that two tensors have the same shape and close values.</summary>
    public static void Close(Tensor expected, Tensor actual, double atol = 1e-5, double rtol = 1e-4)
    {
        Assert.Equal(expected.Shape, actual.Shape);
        Close(expected.Data.ToArray().Select(v => (double)v).ToArray(), actual, atol, rtol);
    }

    /// <summary>Asserts that a scalar tensor is close to a value.</summary>
    public static void Close(double expected, Tensor actual, double atol = 1e-5, double rtol = 1e-4)
        => Close([expected], actual, atol, rtol);

    /// <summary>A tensor of standard normal values that requires gradients.</summary>
    public static Tensor Leaf(ulong seed, params int[] shape) => Tensor.Randn(shape, new Generator(seed)).RequireGrad();
}
