using System.Text.Json.Nodes;
using Latent.IO;
using Latent.Models.Common;
using Latent.Tensors;

namespace Latent.Models.Classical.Studies;

/// <summary>
/// <c>latent study gaussian-decision-boundaries</c>: Bishop's figures 4.10 and 4.11 from fitted Gaussian classifiers
/// on 2-D toy classes: class-conditional densities, posteriors coloured by class, and the decision boundaries, linear
/// with a shared covariance and quadratic with one covariance per class.
/// </summary>
public sealed class DecisionBoundariesStudy : Study
{
    private static readonly (double R, double G, double B)[] Colors = [(220, 40, 40), (40, 160, 40), (40, 70, 220)];

    /// <summary>Training points per class.</summary>
    public int PointsPerClass { get; init; } = 300;

    /// <summary>Pixels per side of each panel.</summary>
    public int PanelSize { get; init; } = 240;

    /// <inheritdoc />
    public override string Name => "gaussian-decision-boundaries";

    /// <inheritdoc />
    public override string Title => "Posteriors and decision boundaries of Gaussian classifiers (Bishop figures 4.10 and 4.11)";

    /// <inheritdoc />
    public override string Explanation =>
        "Two-dimensional classes drawn from Gaussians; Gaussian classifiers fitted in closed form. Figure 4.10: two classes of one shared " +
        "covariance — the class-conditional densities (left) and the posterior p(C₁|x) = σ(wᵀx + w₀) as a proportion of red ink (right). " +
        "Figure 4.11: three classes, red and green sharing a covariance and blue with its own — the densities (left), the posterior as an RGB " +
        "mixture with the decision boundaries in black for a shared-covariance fit (middle: every boundary linear) and a per-class fit " +
        "(right: boundaries with blue quadratic, red–green nearly linear since their fitted covariances nearly agree).";

    /// <inheritdoc />
    public override JsonObject Run(StudyContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var gen = new Generator(context.Seed * 11 + 1);
        var shared = new double[,] { { 0.6, 0.35 }, { 0.35, 0.6 } };
        var two = Draw([Gaussian.Full([-1, 0.3], shared), Gaussian.Full([1, -0.3], shared)], gen);
        var three = Draw([Gaussian.Full([-1.2, 0.8], new double[,] { { 0.3, 0.1 }, { 0.1, 0.3 } }), Gaussian.Full([1.2, 0.8], new double[,] { { 0.3, 0.1 }, { 0.1, 0.3 } }),
            Gaussian.Full([0, -1], new double[,] { { 1.2, 0 }, { 0, 0.15 } })], gen);
        var test = Draw([Gaussian.Full([-1.2, 0.8], new double[,] { { 0.3, 0.1 }, { 0.1, 0.3 } }), Gaussian.Full([1.2, 0.8], new double[,] { { 0.3, 0.1 }, { 0.1, 0.3 } }),
            Gaussian.Full([0, -1], new double[,] { { 1.2, 0 }, { 0, 0.15 } })], gen);
        var lda2 = GaussianClassifier.Fit(GaussianClassifier.Accumulate(two.X, two.Y, 2, ClassCovariance.Shared), ClassCovariance.Shared);
        var lda3 = GaussianClassifier.Fit(GaussianClassifier.Accumulate(three.X, three.Y, 3, ClassCovariance.Shared), ClassCovariance.Shared);
        var qda3 = GaussianClassifier.Fit(GaussianClassifier.Accumulate(three.X, three.Y, 3, ClassCovariance.PerClass), ClassCovariance.PerClass);
        const double lo = -3, hi = 3;
        Save(context.Picture("bishop-4-10.png", "Figure 4.10: class-conditional densities of two classes sharing a covariance (left) and the posterior p(C₁|x), a logistic sigmoid of a linear function, as red ink (right)."),
            [Densities(lda2, lo, hi), Posteriors(lda2, lo, hi, boundaries: false)]);
        Save(context.Picture("bishop-4-11.png", "Figure 4.11: three class densities (left); posterior RGB with decision boundaries for a shared-covariance fit (middle, linear) and a per-class fit (right, quadratic)."),
            [Densities(qda3, lo, hi), Posteriors(lda3, lo, hi, boundaries: true), Posteriors(qda3, lo, hi, boundaries: true)]);
        var (w, b) = lda2.LinearDiscriminants();
        return context.WriteJson("gaussian-decision-boundaries.json", new JsonObject
        {
            ["points_per_class"] = PointsPerClass,
            ["two_class_w"] = StudyContext.Numbers(w[0].Zip(w[1], (p, q) => p - q)),
            ["two_class_w0"] = b[0] - b[1],
            ["three_class_test_accuracy_shared"] = lda3.Accuracy(test.X, test.Y),
            ["three_class_test_accuracy_per_class"] = qda3.Accuracy(test.X, test.Y),
        });
    }

    private (double[][] X, int[] Y) Draw(Gaussian[] classes, Generator gen)
    {
        var x = new List<double[]>();
        var y = new List<int>();
        for (int c = 0; c < classes.Length; c++)
            for (int i = 0; i < PointsPerClass; i++)
            {
                x.Add(classes[c].Sample(gen));
                y.Add(c);
            }
        return ([.. x], [.. y]);
    }

    private double[] Point(int px, int py, double lo, double hi)
        => [lo + (hi - lo) * (px + 0.5) / PanelSize, hi - (hi - lo) * (py + 0.5) / PanelSize];

    /// <summary>Each class's density p(x | Cₖ), relative to its peak, as ink of its colour on white.</summary>
    private byte[,,] Densities(GaussianClassifier model, double lo, double hi)
    {
        var panel = new byte[PanelSize, PanelSize, 3];
        var peaks = model.Classes.Select(g => g.LogDensity(g.Mean)).ToArray();
        var colors = ColorsOf(model);
        for (int py = 0; py < PanelSize; py++)
            for (int px = 0; px < PanelSize; px++)
            {
                var x = Point(px, py, lo, hi);
                double r = 255, g = 255, b = 255;
                for (int c = 0; c < model.ClassCount; c++)
                {
                    double v = Math.Exp(model.Classes[c].LogDensity(x) - peaks[c]);
                    r -= v * (255 - colors[c].R);
                    g -= v * (255 - colors[c].G);
                    b -= v * (255 - colors[c].B);
                }
                Set(panel, px, py, r, g, b);
            }
        return panel;
    }

    /// <summary>The posterior as a mixture of the class colours; with <paramref name="boundaries"/> the pixels where the most probable class changes in black.</summary>
    private byte[,,] Posteriors(GaussianClassifier model, double lo, double hi, bool boundaries)
    {
        var panel = new byte[PanelSize, PanelSize, 3];
        var label = new int[PanelSize, PanelSize];
        var colors = ColorsOf(model);
        for (int py = 0; py < PanelSize; py++)
            for (int px = 0; px < PanelSize; px++)
            {
                var x = Point(px, py, lo, hi);
                var p = model.Posterior(x);
                Set(panel, px, py, p.Select((v, c) => v * colors[c].R).Sum(), p.Select((v, c) => v * colors[c].G).Sum(), p.Select((v, c) => v * colors[c].B).Sum());
                label[py, px] = model.Predict(x);
            }
        if (boundaries)
            for (int py = 0; py < PanelSize; py++)
                for (int px = 0; px < PanelSize; px++)
                    if ((px + 1 < PanelSize && label[py, px + 1] != label[py, px]) || (py + 1 < PanelSize && label[py + 1, px] != label[py, px])) Set(panel, px, py, 0, 0, 0);
        return panel;
    }

    /// <summary>Red, green, blue for three classes; Bishop's red and blue for two.</summary>
    private static (double R, double G, double B)[] ColorsOf(GaussianClassifier model) => model.ClassCount == 2 ? [Colors[0], Colors[2]] : Colors;

    private static void Set(byte[,,] panel, int px, int py, double r, double g, double b)
    {
        panel[py, px, 0] = (byte)Math.Clamp(r, 0, 255);
        panel[py, px, 1] = (byte)Math.Clamp(g, 0, 255);
        panel[py, px, 2] = (byte)Math.Clamp(b, 0, 255);
    }

    /// <summary>Panels side by side with white gaps of 8 pixels.</summary>
    private void Save(string path, IReadOnlyList<byte[,,]> panels)
    {
        const int gap = 8;
        int width = panels.Count * PanelSize + (panels.Count - 1) * gap, height = PanelSize;
        var pixels = Enumerable.Repeat((byte)255, width * height * 3).ToArray();
        for (int k = 0; k < panels.Count; k++)
            for (int y = 0; y < height; y++)
                for (int x = 0; x < PanelSize; x++)
                    for (int c = 0; c < 3; c++) pixels[(y * width + k * (PanelSize + gap) + x) * 3 + c] = panels[k][y, x, c];
        PngWriter.Write(path, new PngImage(width, height, 3, pixels));
    }
}
