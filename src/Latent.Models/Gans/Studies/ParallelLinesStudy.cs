using System.Text.Json.Nodes;
using Latent.IO;
using Latent.Models.Common;
using Latent.Tensors;

namespace Latent.Models.Gans.Studies;

/// <summary>
/// Learning parallel lines (Arjovsky et al. 2017): P₀ is uniform on the segment {0} × [0, 1], P_θ on {θ} × [0, 1].
/// For θ ≠ 0 the supports are disjoint, so JS(P₀, P_θ) = log 2 whatever θ is (no gradient to follow) while the
/// Wasserstein distance is W = |θ|. For each θ a WGAN-GP critic is trained and W estimated as
/// E f(x) − E f(x̃); a cross-entropy discriminator estimates JS as log 2 − ½·(its BCE loss).
/// </summary>
/// <remarks>Writes <c>parallel-lines.json</c> and <c>parallel-lines.svg</c> (estimates and exact values against θ).</remarks>
public sealed class ParallelLinesStudy : Study
{
    /// <inheritdoc />
    public override string Name => "lines";

    /// <inheritdoc />
    public override string Title => "Parallel lines: Jensen-Shannon versus Wasserstein";

    /// <inheritdoc />
    public override string Explanation =>
        "Real data on the line x = 0, generated data on x = θ. The Jensen-Shannon divergence stays log 2 for every θ ≠ 0 (no gradient " +
        "tells the generator where to go) while the Wasserstein distance is |θ|; the Wasserstein estimate comes from a trained critic.";

    /// <summary>The study's points setting (tests shorten it).</summary>
    public int Points { get; init; } = 9;

    /// <summary>The study's steps setting (tests shorten it).</summary>
    public int Steps { get; init; } = 400;

    /// <inheritdoc />
    public override JsonObject Run(StudyContext context) => Run(context, context.Seed, Points, Steps);

    /// <summary>Runs the study for θ from −1 to 1.</summary>
    /// <param name="output">Where to write, and the study's seed.</param>
    /// <param name="seed">Seeds networks and samples.</param>
    /// <param name="points">How many values of θ.</param>
    /// <param name="steps">Training steps of each critic and discriminator.</param>
    /// <returns>The JSON written.</returns>
    private static JsonObject Run(StudyContext output, ulong seed, int points, int steps)
    {
        if (points < 2) throw new ArgumentOutOfRangeException(nameof(points), "ParallelLinesStudy: needs at least two values of θ.");
        var gen = new Generator(seed);
        var thetas = Enumerable.Range(0, points).Select(i => -1 + 2.0 * i / (points - 1)).ToArray();
        var wEstimate = new double[points];
        var jsEstimate = new double[points];
        for (int i = 0; i < points; i++)
        {
            float theta = (float)thetas[i];
            Tensor Line(int n, float x) => Tensor.Concat([Tensor.Full(x, n, 1), Tensor.Rand([n, 1], gen)], 1);
            var critic = CriticTraining.Train(2, n => Line(n, 0f), n => Line(n, theta), GanLossKind.Wasserstein, 10f, steps, gen);
            wEstimate[i] = CriticTraining.MeanScore(critic, Line(2000, 0f)) - CriticTraining.MeanScore(critic, Line(2000, theta));
            var disc = CriticTraining.Train(2, n => Line(n, 0f), n => Line(n, theta), GanLossKind.NonSaturating, 0f, steps, gen);
            using (Autograd.NoGrad())
                jsEstimate[i] = Math.Log(2) - 0.5 * GanLosses.Discriminator(GanLossKind.NonSaturating, disc.Score(Line(2000, 0f)), disc.Score(Line(2000, theta))).Item();
        }
        var exactW = thetas.Select(Math.Abs).ToArray();
        var exactJs = thetas.Select(t => t == 0 ? 0 : Math.Log(2)).ToArray();
        new LinePlot { Title = "Parallel lines: JS vs Wasserstein", XLabel = "θ", YLabel = "distance" }
            .Add("W = |θ|", thetas, exactW)
            .Add("W estimated by a WGAN-GP critic", thetas, wEstimate)
            .Add("JS (log 2 for θ ≠ 0)", thetas, exactJs)
            .Add("JS estimated by a discriminator", thetas, jsEstimate)
            .Save(output.Picture("parallel-lines.svg", "Jensen-Shannon and Wasserstein distances between the lines x = 0 and x = θ, exact and estimated"));
        var offZero = Enumerable.Range(0, points).Where(i => thetas[i] != 0).ToArray();
        var json = new JsonObject
        {
            ["study"] = "parallel-lines",
            ["theta"] = StudyContext.Numbers(thetas),
            ["wasserstein_exact"] = StudyContext.Numbers(exactW),
            ["wasserstein_estimate"] = StudyContext.Numbers(wEstimate),
            ["js_exact"] = StudyContext.Numbers(exactJs),
            ["js_estimate"] = StudyContext.Numbers(jsEstimate),
            ["max_abs_error_wasserstein"] = Enumerable.Range(0, points).Max(i => Math.Abs(wEstimate[i] - exactW[i])),
            ["max_abs_error_js_off_zero"] = offZero.Max(i => Math.Abs(jsEstimate[i] - exactJs[i])),
            ["critic_steps"] = steps,
        };
        output.WriteJson("parallel-lines.json", json);
        return json;
    }
}
