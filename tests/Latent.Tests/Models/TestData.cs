using Latent.Data;
using Latent.Tensors;

namespace Latent.Tests.Models;

/// <summary>Small data sets for model tests: a Fashion-MNIST subset when installed, and synthetic low-rank data.</summary>
internal static class TestData
{
    private static readonly Lazy<(ImageDataset Train, ImageDataset Test)?> Cached = new(() =>
    {
        try
        {
            return (FashionMnist.Load(DatasetSplit.Train).Take(1024), FashionMnist.Load(DatasetSplit.Test).Take(512));
        }
        catch (DatasetNotFoundException)
        {
            return null;
        }
    });

    /// <summary>The first 1,024 training and 512 test images, or null when the data is absent.</summary>
    public static (ImageDataset Train, ImageDataset Test)? FashionMnistSubset() => Cached.Value;

    /// <summary>
    /// The first 1,024 training and 512 test images; when Fashion-MNIST is not installed the calling
    /// <c>[SkippableFact]</c> or <c>[SkippableTheory]</c> is reported as skipped, never as passed.
    /// </summary>
    public static (ImageDataset Train, ImageDataset Test) RequireFashionMnist()
    {
        Skip.If(Cached.Value is null, "Fashion-MNIST is not installed (apt-get install dataset-fashion-mnist).");
        return Cached.Value!.Value;
    }

    /// <summary>
    /// n points in ℝᴰ near a k-dimensional subspace: coordinates with standard deviations <paramref name="scales"/>
    /// along orthonormal directions, plus isotropic noise <paramref name="noise"/>; returns the points and the directions (k × D).
    /// </summary>
    public static (Tensor X, double[,] Directions) LowRank(int n, int d, double[] scales, double noise, ulong seed)
    {
        var gen = new Generator(seed);
        int k = scales.Length;
        var basis = RandomOrthonormalRows(k, d, gen);
        var x = Tensor.Zeros(n, d);
        var data = x.Data;
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < d; j++) data[i * d + j] = (float)(noise * gen.NextNormal() + 0.5);
            for (int c = 0; c < k; c++)
            {
                double coef = scales[c] * gen.NextNormal();
                for (int j = 0; j < d; j++) data[i * d + j] += (float)(coef * basis[c, j]);
            }
        }
        return (x, basis);
    }

    /// <summary>k random orthonormal rows in ℝᴰ (Gram-Schmidt on Gaussian vectors).</summary>
    public static double[,] RandomOrthonormalRows(int k, int d, Generator gen)
    {
        var q = new double[k, d];
        for (int i = 0; i < k; i++)
        {
            var v = new double[d];
            for (int j = 0; j < d; j++) v[j] = gen.NextNormal();
            for (int p = 0; p < i; p++)
            {
                double dot = 0;
                for (int j = 0; j < d; j++) dot += v[j] * q[p, j];
                for (int j = 0; j < d; j++) v[j] -= dot * q[p, j];
            }
            double norm = Math.Sqrt(v.Sum(t => t * t));
            for (int j = 0; j < d; j++) q[i, j] = v[j] / norm;
        }
        return q;
    }
}
