using Latent.Tensors;
using Xunit.Abstractions;

namespace Latent.Tests.Differential;

/// <summary>
/// Latent against PyTorch (float64) on every case of <see cref="DifferentialCases"/>: forward values, gradients and
/// gradients of gradients. Where PyTorch is not installed every case is reported as skipped (never passed); under CI
/// (CI=true), where test.sh installs python3-torch, a missing PyTorch fails instead.
/// </summary>
public sealed class TorchDifferentialTests(TorchReference reference, ITestOutputHelper output) : IClassFixture<TorchReference>
{
    /// <summary>The case names, one test case each.</summary>
    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var c in DifferentialCases.All) data.Add(c.Name);
        return data;
    }

    [Fact]
    public void TheTableCoversAtLeast150UniquelyNamedCases()
    {
        Assert.True(DifferentialCases.All.Length >= 150, $"only {DifferentialCases.All.Length} cases");
        Assert.Equal(DifferentialCases.All.Length, DifferentialCases.All.Select(c => c.Name).Distinct().Count());
    }

    [SkippableTheory]
    [MemberData(nameof(Names))]
    public void MatchesPyTorch(string name)
    {
        if (reference.Unavailable != null)
        {
            if (Environment.GetEnvironmentVariable("CI") == "true")
                Assert.Fail($"CI must run the differential test, but {reference.Unavailable}; test.sh installs python3-torch.");
            Skip.If(true, reference.Unavailable);
        }
        output.WriteLine($"PyTorch {reference.TorchVersion}; reference for all {reference.Cases.Count} cases took {reference.Elapsed.TotalSeconds:F1} s");
        var p = reference.Cases[name];
        Assert.True(p.LatentError == null, $"Latent threw: {p.LatentError}");
        var r = p.Reference ?? throw new InvalidOperationException($"no reference result for '{name}'");
        Assert.True(r.Error == null, $"PyTorch expression '{p.Case.Torch}' failed: {r.Error}");

        var inputs = p.Inputs.Select(i => i.Grad ? i.Value.Detach().RequireGrad() : i.Value.Detach()).ToArray();
        var diff = inputs.Where((_, k) => p.Inputs[k].Grad).ToArray();
        var y = p.Case.Latent(inputs);
        Assert.True(y.Shape.SequenceEqual(r.Shape), $"shape: Latent {ShapeUtil.Format(y.Shape)}, PyTorch {ShapeUtil.Format(r.Shape)}");
        Compare("forward", r.Out, y, p.Case);
        if (diff.Length == 0 || r.Grad == null) return;

        var grads = Autograd.Grad([y], diff, [p.Weights], createGraph: p.Case.SecondOrder, allowUnused: true);
        for (int k = 0; k < diff.Length; k++) Compare($"gradient of input {k}", r.Grad[k], grads[k] ?? Tensor.ZerosLike(diff[k]), p.Case);
        if (!p.Case.SecondOrder) return;

        Tensor? total = null;
        for (int k = 0; k < diff.Length; k++)
            if (grads[k] is { RequiresGrad: true } g)
            {
                var term = (g * p.Directions[k]).Sum();
                total = total == null ? term : total + term;
            }
        var second = total == null ? new Tensor?[diff.Length] : Autograd.Grad([total], diff, allowUnused: true);
        for (int k = 0; k < diff.Length; k++)
            Compare($"second-order gradient of input {k}", r.GradGrad![k], second[k] ?? Tensor.ZerosLike(diff[k]), p.Case);
    }

    private static void Compare(string what, double[] expected, Tensor actual, DifferentialCase c)
    {
        Assert.Equal(expected.Length, actual.Size);
        var a = actual.ToArray();
        var bad = new List<string>();
        for (int i = 0; i < expected.Length; i++)
        {
            double e = expected[i], v = a[i];
            bool ok = double.IsNaN(e) ? double.IsNaN(v)
                : double.IsInfinity(e) ? e == v
                : Math.Abs(e - v) <= c.Atol + c.Rtol * Math.Abs(e);
            if (!ok && bad.Count < 6) bad.Add($"[{i}] PyTorch {e:G9}, Latent {v:G9}");
            else if (!ok) { bad.Add("…"); break; }
        }
        Assert.True(bad.Count == 0, $"{c.Name}: {what} differs (atol {c.Atol}, rtol {c.Rtol}): {string.Join("; ", bad)}");
    }
}
