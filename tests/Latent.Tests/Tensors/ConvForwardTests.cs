using System.Diagnostics;
using System.Globalization;
using Latent.Kernels;
using Latent.Tensors;

namespace Latent.Tests.Tensors;

public class ConvForwardTests
{
    // xunit builds a fresh instance per test, so every test draws from its own generator seeded the same way.
    private readonly Generator _gen = new(21);

    /// <summary>Direct seven-loop convolution.</summary>
    private static float[] NaiveConv(Tensor x, Tensor w, int sh, int sw, int ph, int pw, int dh, int dw, int groups, out int ho, out int wo)
    {
        int n = x.Dim(0), c = x.Dim(1), h = x.Dim(2), wd = x.Dim(3), o = w.Dim(0), kh = w.Dim(2), kw = w.Dim(3);
        ho = (h + 2 * ph - dh * (kh - 1) - 1) / sh + 1;
        wo = (wd + 2 * pw - dw * (kw - 1) - 1) / sw + 1;
        int cg = c / groups, og = o / groups;
        var y = new float[n * o * ho * wo];
        for (int b = 0; b < n; b++)
            for (int oc = 0; oc < o; oc++)
                for (int i = 0; i < ho; i++)
                    for (int j = 0; j < wo; j++)
                    {
                        double s = 0;
                        int grp = oc / og;
                        for (int ic = 0; ic < cg; ic++)
                            for (int a = 0; a < kh; a++)
                                for (int e = 0; e < kw; e++)
                                {
                                    int ih = i * sh - ph + a * dh, iw = j * sw - pw + e * dw;
                                    if (ih < 0 || ih >= h || iw < 0 || iw >= wd) continue;
                                    s += x[b, grp * cg + ic, ih, iw] * w[oc, ic, a, e];
                                }
                        y[((b * o + oc) * ho + i) * wo + j] = (float)s;
                    }
        return y;
    }

    [Theory]
    [InlineData(1, 1, 0, 0, 1, 1, 1)]
    [InlineData(2, 2, 1, 1, 1, 1, 1)]
    [InlineData(2, 1, 1, 2, 2, 1, 2)]
    [InlineData(3, 2, 2, 0, 1, 3, 4)]
    public void Conv2dMatchesNaiveLoops(int sh, int sw, int ph, int pw, int dh, int dw, int groups)
    {
        var x = Tensor.Randn([2, 4, 9, 8], _gen);
        var w = Tensor.Randn([8, 4 / groups, 3, 2], _gen);
        foreach (bool managed in new[] { false, true })
        {
            Gemm.ForceManaged = managed;
            try
            {
                var y = x.Conv2d(w, null, (sh, sw), (ph, pw), (dh, dw), groups);
                var expected = NaiveConv(x, w, sh, sw, ph, pw, dh, dw, groups, out int ho, out int wo);
                Assert.Equal([2, 8, ho, wo], y.Shape);
                for (int i = 0; i < expected.Length; i++) Close.Assert(expected[i], y.Data[i], what: $"element {i}");
            }
            finally { Gemm.ForceManaged = false; }
        }
    }

    [Fact]
    public void StridedConvolutionAtDcganSizeMatchesNaiveLoopsAndItsAdjoint()
    {
        // 14×14 → 7×7 with a 4×4 kernel, stride 2, padding 1: the per-tap table path with full vectors and a tail.
        var x = Tensor.Randn([3, 5, 14, 14], _gen);
        var w = Tensor.Randn([6, 5, 4, 4], _gen);
        var y = x.Conv2d(w, null, stride: 2, padding: 1);
        var expected = NaiveConv(x, w, 2, 2, 1, 1, 1, 1, 1, out int ho, out int wo);
        Assert.Equal([3, 6, ho, wo], y.Shape);
        for (int i = 0; i < expected.Length; i++) Close.Assert(expected[i], y.Data[i], what: $"element {i}");
        var gy = Tensor.Randn(y.Shape, _gen);
        var xt = gy.ConvTranspose2d(w, null, stride: 2, padding: 1);
        Assert.Equal(x.Shape, xt.Shape);
        Close.Assert((y * gy).Sum().Item(), (x * xt).Sum().Item(), atol: 2e-2, what: "adjoint identity");
    }

    [Fact]
    public void DenseConvolutionsMatchNaiveLoopsAndTheirAdjoint()
    {
        // A kernel covering the whole image without padding takes the plain matrix-product path.
        var x = Tensor.Randn([3, 4, 3, 2], _gen);
        var w = Tensor.Randn([5, 4, 3, 2], _gen);
        var y = x.Conv2d(w);
        var expected = NaiveConv(x, w, 1, 1, 0, 0, 1, 1, 1, out int ho, out int wo);
        Assert.Equal([3, 5, 1, 1], y.Shape);
        Assert.Equal((1, 1), (ho, wo));
        for (int i = 0; i < expected.Length; i++) Close.Assert(expected[i], y.Data[i], what: $"element {i}");
        var gy = Tensor.Randn(y.Shape, _gen);
        var xt = gy.ConvTranspose2d(w);
        Assert.Equal(x.Shape, xt.Shape);
        Close.Assert((y * gy).Sum().Item(), (x * xt).Sum().Item(), atol: 1e-3, what: "adjoint identity");
    }

    [Fact]
    public void ConvTranspose2dIsTheAdjointOfConv2d()
    {
        // ⟨conv(x, w), y⟩ = ⟨x, convT(y, w)⟩ for the matching geometry.
        var x = Tensor.Randn([2, 4, 8, 8], _gen);
        var w = Tensor.Randn([6, 2, 4, 4], _gen);
        var cy = x.Conv2d(w, null, stride: 2, padding: 1, groups: 2);
        var y = Tensor.Randn(cy.Shape, _gen);
        var xt = y.ConvTranspose2d(w, null, stride: 2, padding: 1, groups: 2);
        Assert.Equal(x.Shape, xt.Shape);
        Close.Assert((cy * y).Sum().Item(), (x * xt).Sum().Item(), atol: 5e-3, rtol: 1e-4, what: "adjoint identity");
    }

    [Fact]
    public void ConvTranspose2dMatchesScatterDefinition()
    {
        var x = Tensor.Randn([1, 2, 3, 3], _gen);
        var w = Tensor.Randn([2, 3, 4, 4], _gen);
        var y = x.ConvTranspose2d(w, null, stride: 2, padding: 1, outputPadding: 1);
        Assert.Equal([1, 3, 7, 7], y.Shape);
        var expected = new double[3 * 7 * 7];
        for (int ci = 0; ci < 2; ci++)
            for (int i = 0; i < 3; i++)
                for (int j = 0; j < 3; j++)
                    for (int co = 0; co < 3; co++)
                        for (int a = 0; a < 4; a++)
                            for (int b = 0; b < 4; b++)
                            {
                                int oh = i * 2 - 1 + a, ow = j * 2 - 1 + b;
                                if (oh < 0 || oh >= 7 || ow < 0 || ow >= 7) continue;
                                expected[(co * 7 + oh) * 7 + ow] += x[0, ci, i, j] * w[ci, co, a, b];
                            }
        for (int i = 0; i < expected.Length; i++) Close.Assert(expected[i], y.Data[i], what: $"element {i}");
    }

    [Fact]
    public void PoolingMatchesNaiveLoops()
    {
        var x = Tensor.Randn([2, 3, 7, 6], _gen);
        var (mp, idx) = x.MaxPool2dWithIndices(3, stride: 2, padding: 1);
        var ap = x.AvgPool2d(3, stride: 2, padding: 1, countIncludePad: true);
        var apx = x.AvgPool2d(3, stride: 2, padding: 1, countIncludePad: false);
        Assert.Equal([2, 3, 4, 3], mp.Shape);
        for (int b = 0; b < 2; b++)
            for (int c = 0; c < 3; c++)
                for (int i = 0; i < 4; i++)
                    for (int j = 0; j < 3; j++)
                    {
                        float best = float.NegativeInfinity;
                        double sum = 0;
                        int count = 0;
                        for (int a = 0; a < 3; a++)
                            for (int e = 0; e < 3; e++)
                            {
                                int ih = i * 2 - 1 + a, iw = j * 2 - 1 + e;
                                if (ih < 0 || ih >= 7 || iw < 0 || iw >= 6) continue;
                                best = Math.Max(best, x[b, c, ih, iw]);
                                sum += x[b, c, ih, iw];
                                count++;
                            }
                        Assert.Equal(best, mp[b, c, i, j]);
                        int flat = (int)idx[b, c, i, j];
                        Assert.Equal(best, x[b, c, flat / 6, flat % 6]);
                        Close.Assert(sum / 9, ap[b, c, i, j], atol: 1e-6, rtol: 1e-5, what: "average including padding");
                        Close.Assert(sum / count, apx[b, c, i, j], atol: 1e-6, rtol: 1e-5, what: "average excluding padding");
                    }
    }

    [SkippableFact]
    public void AdaptivePoolAndUpsamplingMatchPyTorch()
    {
        const string python = "/usr/bin/python3";
        Skip.IfNot(File.Exists(python) && PythonHasTorch(python), "PyTorch is not installed for /usr/bin/python3 (apt-get install python3-torch)");
        var x = Tensor.Randn([1, 2, 5, 7], _gen);
        var w = Tensor.Randn([2, 3, 3, 3], _gen);
        var ours = new[]
        {
            x.AdaptiveAvgPool2d(3, 4), x.UpsampleBilinear(8, 11), x.UpsampleBilinear(8, 11, alignCorners: true),
            x.UpsampleNearest(9, 10), x.ConvTranspose2d(w, null, stride: 2, padding: 1, outputPadding: 1, dilation: 2),
        };
        string data = string.Join(",", x.ToArray().Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
        string wdata = string.Join(",", w.ToArray().Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
        string script = $$"""
            import torch, torch.nn.functional as F
            x = torch.tensor([{{data}}]).reshape(1, 2, 5, 7)
            w = torch.tensor([{{wdata}}]).reshape(2, 3, 3, 3)
            outs = [F.adaptive_avg_pool2d(x, (3, 4)), F.interpolate(x, size=(8, 11), mode='bilinear', align_corners=False),
                    F.interpolate(x, size=(8, 11), mode='bilinear', align_corners=True), F.interpolate(x, size=(9, 10), mode='nearest'),
                    F.conv_transpose2d(x, w, stride=2, padding=1, output_padding=1, dilation=2)]
            for o in outs: print(' '.join(repr(float(v)) for v in o.flatten()))
            """;
        var lines = RunPython(python, script);
        Assert.Equal(ours.Length, lines.Length);
        for (int k = 0; k < ours.Length; k++)
        {
            var theirs = lines[k].Split(' ').Select(s => float.Parse(s, CultureInfo.InvariantCulture)).ToArray();
            Assert.Equal(theirs.Length, ours[k].Size);
            for (int i = 0; i < theirs.Length; i++) Close.Assert(theirs[i], ours[k].Data[i], what: $"output {k} element {i}");
        }
    }

    internal static bool PythonHasTorch(string python)
    {
        try { return RunPython(python, "import torch; print('ok')").FirstOrDefault() == "ok"; }
        catch (InvalidOperationException) { return false; }
    }

    internal static string[] RunPython(string python, string script)
    {
        var psi = new ProcessStartInfo(python, ["-c", script]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = Process.Start(psi)!;
        string output = p.StandardOutput.ReadToEnd();
        string error = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"python failed: {error}");
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}
