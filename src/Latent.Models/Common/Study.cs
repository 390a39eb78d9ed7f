using System.Text.Json.Nodes;

namespace Latent.Models.Common;

/// <summary>
/// An experiment that lives with its family and that <c>latent study &lt;name&gt;</c> runs: it writes pictures and
/// a JSON file of numbers into the context's folder and returns those numbers; <see cref="StudyReport"/> makes the
/// page. Settings a test may shorten are init properties of the subclass.
/// </summary>
public abstract class Study
{
    /// <summary>The command-line name, e.g. "dirac".</summary>
    public abstract string Name { get; }

    /// <summary>The page title.</summary>
    public abstract string Title { get; }

    /// <summary>What the study shows and how to read its pictures (the page's first paragraph).</summary>
    public abstract string Explanation { get; }

    /// <summary>About how long the study takes on two cores, said before it starts and in the list; null for under a minute.</summary>
    public virtual string? TypicalDuration => null;

    /// <summary>Runs the study: writes its files into <paramref name="context"/>'s folder and returns the JSON numbers it wrote.</summary>
    /// <exception cref="Data.DatasetNotFoundException">The study needs a dataset that is not installed.</exception>
    public abstract JsonObject Run(StudyContext context);
}
