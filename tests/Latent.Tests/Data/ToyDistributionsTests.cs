using Latent.Models.Metrics;
using Latent.Data;
using Latent.Tensors;

namespace Latent.Tests.Data;

public class ToyDistributionsTests
{
    public static TheoryData<string> Names => new() { "ring", "grid", "moons", "swiss", "checker", "circles" };

    private static ToyDataset Make(string name, int n, ulong seed) => name switch
    {
        "ring" => ToyDistributions.Ring(n, new Generator(seed)),
        "grid" => ToyDistributions.Grid(n, new Generator(seed)),
        "moons" => ToyDistributions.TwoMoons(n, new Generator(seed)),
        "swiss" => ToyDistributions.SwissRoll(n, new Generator(seed)),
        "checker" => ToyDistributions.Checkerboard(n, new Generator(seed)),
        _ => ToyDistributions.Circles(n, new Generator(seed)),
    };

    [Theory]
    [MemberData(nameof(Names))]
    public void ShapesAreNByTwoAndSeeded(string name)
    {
        var a = Make(name, 500, 1);
        Assert.Equal([500, 2], a.Points.Shape);
        Assert.Equal(500, a.Count);
        Assert.All(a.Points.ToArray(), v => Assert.True(float.IsFinite(v)));
        Assert.Equal(a.Points.ToArray(), Make(name, 500, 1).Points.ToArray());
        Assert.NotEqual(a.Points.ToArray(), Make(name, 500, 2).Points.ToArray());
        if (a.Labels != null) Assert.Equal(500, a.Labels.Length);
    }

    [Fact]
    public void RingAndGridHaveTheirModes()
    {
        var ring = ToyDistributions.Ring(100, new Generator(0));
        Assert.Equal([8, 2], ring.Modes!.Shape);
        Close.Assert(2f, ring.Modes[0, 0], atol: 1e-5, rtol: 1e-5);
        var grid = ToyDistributions.Grid(100, new Generator(0));
        Assert.Equal([25, 2], grid.Modes!.Shape);
        Assert.Equal(-4f, grid.Modes[0, 0]);
        Assert.Equal(4f, grid.Modes[24, 1]);
        Assert.All(grid.Labels!, l => Assert.InRange(l, 0, 24));
    }

    [Fact]
    public void CheckerboardPointsLieOnFilledSquares()
    {
        var data = ToyDistributions.Checkerboard(2000, new Generator(3));
        var p = data.Points.ToArray();
        for (int i = 0; i < 2000; i++)
        {
            int cx = (int)Math.Floor(p[2 * i] / 2), cy = (int)Math.Floor(p[2 * i + 1] / 2);
            Assert.InRange(p[2 * i], -4f, 4f);
            Assert.Equal(0, ((cx + cy) % 2 + 2) % 2);
        }
    }

    [Fact]
    public void CirclesHaveTheirRadii()
    {
        var data = ToyDistributions.Circles(400, new Generator(5), factor: 0.5f, noise: 0f);
        for (int i = 0; i < 400; i++)
        {
            double r = Math.Sqrt(data.Points[i, 0] * data.Points[i, 0] + data.Points[i, 1] * data.Points[i, 1]);
            Close.Assert(data.Labels![i] == 0 ? 1.0 : 0.5, r, atol: 1e-4, rtol: 1e-4);
        }
    }

    [Fact]
    public void TrueSamplesCoverEveryMode()
    {
        var ring = ToyDistributions.Ring(2000, new Generator(1));
        var report = ModeCoverage.Evaluate(ring.Points, ring.Modes!, ring.ModeStd);
        Assert.Equal(8, report.ModesCovered);
        Assert.Equal(8, report.TotalModes);
        Assert.InRange(report.HighQualityFraction, 0.97f, 1f); // P(r ≤ 3σ) = 1 − e^{−4.5} ≈ 0.989 in 2-D
        Assert.Equal(ring.Labels!, report.NearestMode);
    }

    [Fact]
    public void CollapsedAndOffModeSamplesAreDetected()
    {
        var grid = ToyDistributions.Grid(10, new Generator(1));
        var collapsed = Tensor.Full(4f, 300, 2); // all at the (4, 4) mode
        var report = ModeCoverage.Evaluate(collapsed, grid.Modes!, grid.ModeStd);
        Assert.Equal(1, report.ModesCovered);
        Assert.Equal(1f, report.HighQualityFraction);
        Assert.Equal(300, report.HighQualityPerMode[24]);

        var between = Tensor.Full(1f, 50, 2); // halfway between modes
        var off = ModeCoverage.Evaluate(between, grid.Modes!, grid.ModeStd);
        Assert.Equal(0, off.ModesCovered);
        Assert.Equal(0f, off.HighQualityFraction);
        Assert.Contains("0/25 modes", off.ToString());
    }
}
