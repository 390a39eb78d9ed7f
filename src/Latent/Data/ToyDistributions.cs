using Latent.Tensors;

namespace Latent.Data;

/// <summary>
/// Seeded toy 2-D distributions for GAN and flow studies: a ring of Gaussians, a grid of Gaussians, two moons, a
/// 2-D swiss roll, a checkerboard and concentric circles. Every method returns points [n, 2].
/// </summary>
/// <example>
/// <code>
/// var ring = ToyDistributions.Ring(2000, new Generator(0));
/// var report = ModeCoverage.Evaluate(generated, ring.Modes!, ring.ModeStd);
/// </code>
/// </example>
public static class ToyDistributions
{
    /// <summary>
    /// A mixture of <paramref name="modes"/> equally weighted Gaussians with standard deviation <paramref name="std"/>
    /// spaced evenly on a circle of radius <paramref name="radius"/> (the "ring of 8 Gaussians" of unrolled GANs).
    /// </summary>
    public static ToyDataset Ring(int n, Generator gen, int modes = 8, float radius = 2f, float std = 0.02f)
    {
        if (modes <= 0) throw new ArgumentException($"Ring: the number of modes {modes} must be positive.");
        var centres = new float[modes * 2];
        for (int k = 0; k < modes; k++)
        {
            double angle = 2 * Math.PI * k / modes;
            centres[2 * k] = (float)(radius * Math.Cos(angle));
            centres[2 * k + 1] = (float)(radius * Math.Sin(angle));
        }
        return Mixture(n, gen, centres, std, "Ring");
    }

    /// <summary>
    /// A <paramref name="size"/> × <paramref name="size"/> grid of equally weighted Gaussians with standard deviation
    /// <paramref name="std"/>, centred on the origin with <paramref name="spacing"/> between neighbours
    /// (the 25-Gaussian grid at −4, −2, 0, 2, 4 by default).
    /// </summary>
    public static ToyDataset Grid(int n, Generator gen, int size = 5, float spacing = 2f, float std = 0.05f)
    {
        if (size <= 0) throw new ArgumentException($"Grid: the grid size {size} must be positive.");
        var centres = new float[size * size * 2];
        float offset = (size - 1) * spacing / 2f;
        for (int i = 0; i < size; i++)
        for (int j = 0; j < size; j++)
        {
            int k = i * size + j;
            centres[2 * k] = i * spacing - offset;
            centres[2 * k + 1] = j * spacing - offset;
        }
        return Mixture(n, gen, centres, std, "Grid");
    }

    /// <summary>
    /// Two interleaving half circles (as scikit-learn's make_moons) with Gaussian noise <paramref name="noise"/>;
    /// labels are 0 for the upper moon and 1 for the lower.
    /// </summary>
    public static ToyDataset TwoMoons(int n, Generator gen, float noise = 0.1f)
    {
        var (points, labels) = Allocate(n, gen, "TwoMoons");
        for (int i = 0; i < n; i++)
        {
            int moon = gen.NextInt(2);
            double t = Math.PI * gen.NextDouble();
            double x = moon == 0 ? Math.Cos(t) : 1 - Math.Cos(t);
            double y = moon == 0 ? Math.Sin(t) : 0.5 - Math.Sin(t);
            points[2 * i] = (float)(x + noise * gen.NextNormal());
            points[2 * i + 1] = (float)(y + noise * gen.NextNormal());
            labels[i] = moon;
        }
        return new ToyDataset(new Tensor(points, [n, 2]), labels, null, 0f);
    }

    /// <summary>
    /// A 2-D swiss roll: t = 1.5π(1 + 2u), point = (t cos t, t sin t)/5 plus Gaussian noise <paramref name="noise"/>,
    /// so the data fill roughly [−3, 3]².
    /// </summary>
    public static ToyDataset SwissRoll(int n, Generator gen, float noise = 0.05f)
    {
        var (points, _) = Allocate(n, gen, "SwissRoll");
        for (int i = 0; i < n; i++)
        {
            double t = 1.5 * Math.PI * (1 + 2 * gen.NextDouble());
            points[2 * i] = (float)(t * Math.Cos(t) / 5 + noise * gen.NextNormal());
            points[2 * i + 1] = (float)(t * Math.Sin(t) / 5 + noise * gen.NextNormal());
        }
        return new ToyDataset(new Tensor(points, [n, 2]), null, null, 0f);
    }

    /// <summary>
    /// A uniform checkerboard on [−4, 4]² with eight filled unit-2 squares (as in FFJORD); labels give the square
    /// (0 … 7) each point fell in.
    /// </summary>
    public static ToyDataset Checkerboard(int n, Generator gen)
    {
        var (points, labels) = Allocate(n, gen, "Checkerboard");
        for (int i = 0; i < n; i++)
        {
            double x1 = gen.NextDouble() * 4 - 2;
            int column = (int)Math.Floor(x1) + 2;              // 0 … 3
            int band = gen.NextInt(2);                         // lower or upper square of this column
            double x2 = gen.NextDouble() - 2 * band + (column % 2);
            points[2 * i] = (float)(2 * x1);
            points[2 * i + 1] = (float)(2 * x2);
            labels[i] = column * 2 + band;
        }
        return new ToyDataset(new Tensor(points, [n, 2]), labels, null, 0f);
    }

    /// <summary>
    /// Two concentric circles (as scikit-learn's make_circles): the outer of radius 1 (label 0), the inner of
    /// radius <paramref name="factor"/> (label 1), with Gaussian noise <paramref name="noise"/>.
    /// </summary>
    public static ToyDataset Circles(int n, Generator gen, float factor = 0.5f, float noise = 0.05f)
    {
        if (!(factor > 0f && factor < 1f)) throw new ArgumentException($"Circles: factor {factor} must lie in (0, 1).");
        var (points, labels) = Allocate(n, gen, "Circles");
        for (int i = 0; i < n; i++)
        {
            int circle = gen.NextInt(2);
            double r = circle == 0 ? 1.0 : factor;
            double t = 2 * Math.PI * gen.NextDouble();
            points[2 * i] = (float)(r * Math.Cos(t) + noise * gen.NextNormal());
            points[2 * i + 1] = (float)(r * Math.Sin(t) + noise * gen.NextNormal());
            labels[i] = circle;
        }
        return new ToyDataset(new Tensor(points, [n, 2]), labels, null, 0f);
    }

    private static ToyDataset Mixture(int n, Generator gen, float[] centres, float std, string name)
    {
        if (!(std >= 0f)) throw new ArgumentException($"{name}: std {std} must be non-negative.");
        var (points, labels) = Allocate(n, gen, name);
        int modes = centres.Length / 2;
        for (int i = 0; i < n; i++)
        {
            int k = gen.NextInt(modes);
            points[2 * i] = (float)(centres[2 * k] + std * gen.NextNormal());
            points[2 * i + 1] = (float)(centres[2 * k + 1] + std * gen.NextNormal());
            labels[i] = k;
        }
        return new ToyDataset(new Tensor(points, [n, 2]), labels, new Tensor(centres, [modes, 2]), std);
    }

    private static (float[] Points, int[] Labels) Allocate(int n, Generator gen, string name)
    {
        ArgumentNullException.ThrowIfNull(gen);
        if (n < 0) throw new ArgumentException($"{name}: sample count {n} must be non-negative.");
        return (new float[2 * n], new int[n]);
    }

    /// <summary>The names <see cref="ByName"/> takes, for messages.</summary>
    public const string Names = "toy:moons, toy:ring8 (or toy:ring<k>), toy:grid25 (or toy:grid<k²>), toy:swissroll, toy:checkerboard or toy:circles";

    /// <summary>
    /// Draws <paramref name="n"/> points of the distribution called <paramref name="name"/>: "ring&lt;k&gt;", "grid&lt;k²&gt;",
    /// "moons", "swissroll", "checkerboard" or "circles" (case-insensitive; a leading "toy:" is allowed).
    /// </summary>
    /// <exception cref="ArgumentException">The name is not known.</exception>
    public static ToyDataset ByName(string name, int n, Generator gen)
    {
        ArgumentNullException.ThrowIfNull(name);
        string key = name.Trim().ToLowerInvariant();
        if (key.StartsWith("toy:", StringComparison.Ordinal)) key = key[4..];
        if (key.StartsWith("ring", StringComparison.Ordinal) && int.TryParse(key[4..], out int modes) && modes > 0)
            return Ring(n, gen, modes);
        if (key.StartsWith("grid", StringComparison.Ordinal) && int.TryParse(key[4..], out int cells) && cells > 0
            && (int)Math.Round(Math.Sqrt(cells)) is var side && side * side == cells)
            return Grid(n, gen, side);
        return key switch
        {
            "moons" => TwoMoons(n, gen),
            "swissroll" or "swiss-roll" => SwissRoll(n, gen),
            "checkerboard" => Checkerboard(n, gen),
            "circles" => Circles(n, gen),
            _ => throw new ArgumentException($"Unknown toy distribution 'toy:{key}'; expected {Names}."),
        };
    }
}
