namespace Latent.IO;

/// <summary>The ten-colour "tab10" palette of matplotlib, cycled for series and class labels.</summary>
public static class PlotPalette
{
    private static readonly string[] Colors =
        ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];

    /// <summary>The colour (as #rrggbb) of series or class <paramref name="index"/>.</summary>
    public static string Color(int index) => Colors[((index % Colors.Length) + Colors.Length) % Colors.Length];
}
