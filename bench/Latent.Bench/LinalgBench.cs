using System.Diagnostics;
using System.Text.Json.Nodes;
using Latent.IO;
using Latent.Linalg;
using MathNet.Numerics.LinearAlgebra;

namespace Latent.Bench;

/// <summary>
/// Latent's double-precision Cholesky and symmetric eigen-decomposition against MathNet.Numerics' managed ones, on
/// random covariance matrices of the sizes the model zoo uses (PCA of 784 pixels, the mDA's 785 × 785 solve):
/// median wall time, alternating the two, and the largest reconstruction error of each.
/// </summary>
internal static class LinalgBench
{
    public static int Run(string[] args)
    {
        int reps = args.Length > 0 ? int.Parse(args[0]) : 5;
        var results = new JsonArray();
        foreach (int n in new[] { 64, 256, 785 })
        {
            var a = Covariance(n, seed: n);
            var matrix = Matrix<double>.Build.DenseOfArray(a);
            var ours = new List<double>(); var theirs = new List<double>();
            var oursChol = new List<double>(); var theirsChol = new List<double>();
            SymmetricEigen.Decompose(a); matrix.Evd(Symmetricity.Symmetric); // warm-up
            for (int r = 0; r < reps; r++)
            {
                ours.Add(Time(() => SymmetricEigen.Decompose(a)));
                theirs.Add(Time(() => matrix.Evd(Symmetricity.Symmetric)));
                oursChol.Add(Time(() => Cholesky.Decompose(a)));
                theirsChol.Add(Time(() => matrix.Cholesky()));
            }
            var eig = SymmetricEigen.Decompose(a);
            var evd = matrix.Evd(Symmetricity.Symmetric);
            double oursErr = EigenError(a, eig.Values, eig.Vectors);
            double theirsErr = EigenError(a, evd.EigenValues.Select(v => v.Real).ToArray(), evd.EigenVectors.ToArray());
            var row = new JsonObject
            {
                ["n"] = n,
                ["eigen_latent_ms"] = Median(ours), ["eigen_mathnet_ms"] = Median(theirs),
                ["eigen_ratio_latent_over_mathnet"] = Math.Round(Median(ours) / Median(theirs), 3),
                ["eigen_max_error_latent"] = oursErr, ["eigen_max_error_mathnet"] = theirsErr,
                ["cholesky_latent_ms"] = Median(oursChol), ["cholesky_mathnet_ms"] = Median(theirsChol),
                ["cholesky_ratio_latent_over_mathnet"] = Math.Round(Median(oursChol) / Median(theirsChol), 3),
            };
            Console.WriteLine(row.ToJsonString());
            results.Add(row);
        }
        Directory.CreateDirectory("bench/results");
        AtomicFile.WriteJson("bench/results/linalg.json", new JsonObject
        {
            ["benchmark"] = "double-precision Cholesky and symmetric eigen-decomposition: Latent.Linalg vs MathNet.Numerics 5.0.0 (managed provider)",
            ["command"] = "dotnet run -c Release --project bench/Latent.Bench -- linalg",
            ["repetitions"] = reps,
            ["results"] = results,
        });
        return 0;
    }

    private static double[,] Covariance(int n, int seed)
    {
        var rng = new Random(seed);
        int m = 2 * n;
        var x = new double[m, n];
        for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) x[i, j] = rng.NextDouble() - 0.5 + (j % 7) * 0.01 * rng.NextDouble();
        var c = new double[n, n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j <= i; j++)
            {
                double s = 0;
                for (int k = 0; k < m; k++) s += x[k, i] * x[k, j];
                c[i, j] = c[j, i] = s / m + (i == j ? 1e-3 : 0);
            }
        return c;
    }

    /// <summary>max |A·v − λ·v| over the eigenpairs.</summary>
    private static double EigenError(double[,] a, double[] values, double[,] vectors)
    {
        int n = values.Length;
        double worst = 0;
        for (int k = 0; k < n; k++)
            for (int i = 0; i < n; i++)
            {
                double s = 0;
                for (int j = 0; j < n; j++) s += a[i, j] * vectors[j, k];
                worst = Math.Max(worst, Math.Abs(s - values[k] * vectors[i, k]));
            }
        return worst;
    }

    private static double Time(Action action)
    {
        var watch = Stopwatch.StartNew();
        action();
        return watch.Elapsed.TotalMilliseconds;
    }

    private static double Median(List<double> xs) => Math.Round(xs.Order().ElementAt(xs.Count / 2), 3);
}
