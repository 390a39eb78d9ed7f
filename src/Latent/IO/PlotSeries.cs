namespace Latent.IO;

/// <summary>One named line of a <see cref="LinePlot"/>.</summary>
/// <param name="Name">The legend entry.</param>
/// <param name="X">The x values.</param>
/// <param name="Y">The y values (NaN, infinities, and non-positive values on a log axis break the line).</param>
public sealed record PlotSeries(string Name, IReadOnlyList<double> X, IReadOnlyList<double> Y);
