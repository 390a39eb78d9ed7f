using Latent.Tests.Models;
using Latent.Linalg;
using Latent.Models.Common;
using Latent.Models.Metrics;
using Latent.Optim;
using Latent.Tensors;

namespace Latent.Tests.Linalg;

public class LinearAlgebraTests
{
    [Fact]
    public void EigenDecompositionRecoversAKnownSpectrum()
    {
        int n = 12;
        var q = TestData.RandomOrthonormalRows(n, n, new Generator(3));
        var lambda = Enumerable.Range(0, n).Select(i => 10.0 - 1.5 * i).ToArray();     // includes negative eigenvalues
        var a = new double[n, n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                for (int k = 0; k < n; k++) a[i, j] += q[k, i] * lambda[k] * q[k, j];
        var eig = SymmetricEigen.Decompose(a);
        for (int i = 0; i < n; i++) Close.Assert(lambda[i], eig.Values[i], atol: 1e-10, what: $"λ{i}");
        for (int c = 0; c < n; c++)
            for (int i = 0; i < n; i++)
            {
                double av = 0;
                for (int j = 0; j < n; j++) av += a[i, j] * eig.Vectors[j, c];
                Close.Assert(eig.Values[c] * eig.Vectors[i, c], av, atol: 1e-10, what: "A·v");
            }
        for (int c = 0; c < n; c++)
        {
            double norm = 0;
            for (int i = 0; i < n; i++) norm += eig.Vectors[i, c] * eig.Vectors[i, c];
            Close.Assert(1, norm, atol: 1e-12, what: "|v|");
        }
    }

    [Fact]
    public void EigenDecompositionHandlesDiagonalAndRejectsBadInput()
    {
        var eig = SymmetricEigen.Decompose(new double[,] { { 1, 0, 0 }, { 0, 3, 0 }, { 0, 0, 2 } });
        Assert.Equal([3.0, 2.0, 1.0], eig.Values);
        Assert.Throws<ArgumentException>(() => SymmetricEigen.Decompose(new double[2, 3]));
        Assert.Throws<ArgumentException>(() => SymmetricEigen.Decompose(new double[,] { { double.NaN } }));
    }

    [Fact]
    public void CholeskySolvesAndRejectsIndefiniteMatrices()
    {
        var a = new double[,] { { 4, 2, 0.4 }, { 2, 5, 1 }, { 0.4, 1, 3 } };
        var x = Cholesky.Decompose(a).Solve(new double[,] { { 1 }, { 2 }, { 3 } });
        for (int i = 0; i < 3; i++)
        {
            double r = 0;
            for (int j = 0; j < 3; j++) r += a[i, j] * x[j, 0];
            Close.Assert(i + 1, r, atol: 1e-12);
        }
        var e = Assert.Throws<ArgumentException>(() => Cholesky.Decompose(new double[,] { { 1, 2 }, { 2, 1 } }));
        Assert.Contains("positive definite", e.Message);
    }

    [Fact]
    public void PrincipalAnglesOfTwoPlanes()
    {
        // The xy-plane and the plane spanned by x and (0, cos θ, sin θ) (given by a non-orthonormal basis): angles 0 and θ.
        double theta = 0.3;
        var a = new double[,] { { 1, 0, 0 }, { 0, 1, 0 } };
        var b = new double[,] { { 2, 0, 0 }, { 3, Math.Cos(theta), Math.Sin(theta) } };
        var angles = PrincipalAngles.Between(a, b);
        Close.Assert(0, angles[0], atol: 1e-7);
        Close.Assert(theta, angles[1], atol: 1e-9);
        Assert.Throws<ArgumentException>(() => PrincipalAngles.Between(a, new double[,] { { 1, 0, 0 }, { 2, 0, 0 } }));
    }
}
