using Latent.IO;
using Latent.Models.Common;
using Latent.Tensors;

namespace Latent.Models.Flows;

/// <summary>A rectangle of the plane: [XMin, XMax] × [YMin, YMax].</summary>
public readonly record struct PlaneBounds(double XMin, double XMax, double YMin, double YMax);

/// <summary>Pictures of 2-D densities: the log-density on a grid, and that grid as a heat map.</summary>
public static class FlowPictures
{
    /// <summary>The bounding box of points [n, 2], widened by 10 % on each side.</summary>
    public static PlaneBounds BoundsOf(Tensor points)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (points.Rank != 2 || points.Shape[1] != 2 || points.Shape[0] == 0)
            throw new ArgumentException($"FlowPictures: expected points [n, 2], got {ShapeText.Format(points.Shape)}.", nameof(points));
        double x0 = double.MaxValue, x1 = double.MinValue, y0 = double.MaxValue, y1 = double.MinValue;
        var d = points.Data;
        for (int i = 0; i < points.Shape[0]; i++)
        {
            x0 = Math.Min(x0, d[2 * i]);
            x1 = Math.Max(x1, d[2 * i]);
            y0 = Math.Min(y0, d[2 * i + 1]);
            y1 = Math.Max(y1, d[2 * i + 1]);
        }
        double mx = 0.1 * Math.Max(x1 - x0, 1e-3), my = 0.1 * Math.Max(y1 - y0, 1e-3);
        return new PlaneBounds(x0 - mx, x1 + mx, y0 - my, y1 + my);
    }

    /// <summary>
    /// log p at the centres of a <paramref name="resolution"/>² grid over <paramref name="bounds"/>, row 0 at the top
    /// (largest y), as [resolution, resolution]; each cell has area <c>(XMax − XMin)(YMax − YMin)/resolution²</c>.
    /// </summary>
    public static Tensor LogDensityGrid(ILikelihoodModel model, PlaneBounds bounds, int resolution)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfLessThan(resolution, 2);
        var points = new float[resolution * resolution * 2];
        for (int r = 0; r < resolution; r++)
        {
            for (int c = 0; c < resolution; c++)
            {
                int i = r * resolution + c;
                points[2 * i] = (float)(bounds.XMin + (c + 0.5) * (bounds.XMax - bounds.XMin) / resolution);
                points[2 * i + 1] = (float)(bounds.YMax - (r + 0.5) * (bounds.YMax - bounds.YMin) / resolution);
            }
        }
        var logP = model.LogLikelihood(Tensor.FromArray(points, resolution * resolution, 2), new Generator(0));
        return logP.Reshape(resolution, resolution);
    }

    /// <summary>Writes the density p (not its log) on a 256² grid as a heat map (black: 0, yellow: the grid's maximum) to a PNG.</summary>
    public static void SaveDensity(ILikelihoodModel model, PlaneBounds bounds, string path, int resolution = 256)
    {
        var logP = LogDensityGrid(model, bounds, resolution).Data;
        float max = float.NegativeInfinity;
        foreach (float v in logP) if (float.IsFinite(v)) max = Math.Max(max, v);
        var pixels = new byte[resolution * resolution * 3];
        for (int i = 0; i < logP.Length; i++)
        {
            double p = float.IsFinite(logP[i]) ? Math.Exp(logP[i] - max) : 0;
            // A black → red → yellow ramp.
            pixels[3 * i] = (byte)Math.Round(255 * Math.Min(1, 2 * p));
            pixels[3 * i + 1] = (byte)Math.Round(255 * Math.Max(0, 2 * p - 1));
            pixels[3 * i + 2] = 0;
        }
        PngWriter.Write(path, new PngImage(resolution, resolution, 3, pixels));
    }

    /// <summary>
    /// How a flow moves data, layer by layer: the points [n, 2] and their images after each layer of
    /// <paramref name="flow"/> (the last panel is the base space), each drawn as a histogram over its own bounding
    /// box, side by side in one PNG.
    /// </summary>
    public static void SaveTrajectory(Flow flow, Tensor points, string path, int size = 96)
    {
        ArgumentNullException.ThrowIfNull(flow);
        IReadOnlyList<Tensor> stages;
        using (Autograd.NoGrad()) stages = flow.Trajectory(points);
        var panels = Tensor.Zeros(stages.Count, 1, size, size);
        var pixels = panels.Data;
        for (int s = 0; s < stages.Count; s++)
        {
            var b = BoundsOf(stages[s]);
            var d = stages[s].Data;
            var counts = new double[size * size];
            for (int i = 0; i < stages[s].Shape[0]; i++)
            {
                int c = (int)((d[2 * i] - b.XMin) / (b.XMax - b.XMin) * size);
                int r = (int)((b.YMax - d[2 * i + 1]) / (b.YMax - b.YMin) * size);
                if (c >= 0 && c < size && r >= 0 && r < size) counts[r * size + c]++;
            }
            double max = Math.Max(1, counts.Max());
            for (int i = 0; i < counts.Length; i++) pixels[s * size * size + i] = (float)Math.Sqrt(counts[i] / max);
        }
        ImageGrid.Save(panels, path, columns: stages.Count, paddingValue: 128);
    }
}
