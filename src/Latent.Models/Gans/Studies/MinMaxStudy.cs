using System.Text.Json.Nodes;
using Latent.IO;
using Latent.Models.Common;
using Latent.Tensors;

namespace Latent.Models.Gans.Studies;

/// <summary>
/// The simplest two-player game, min over x, max over y of f(x, y) = x·y, whose equilibrium is (0, 0). Simultaneous
/// gradient steps (x, y) ← (x − h·y, y + h·x) multiply the distance to the equilibrium by √(1 + h²) every step and
/// spiral outwards; alternating steps (y uses the new x) keep x² + y² − h·x·y constant and circle for ever. Neither
/// converges: gradient descent on a game is not minimization.
/// </summary>
/// <remarks>Writes <c>minmax.json</c> and <c>minmax.svg</c> (both paths in the (x, y) plane).</remarks>
public sealed class MinMaxStudy : Study
{
    /// <inheritdoc />
    public override string Name => "minmax";

    /// <inheritdoc />
    public override string Title => "Gradient steps on the game min_x max_y x·y";

    /// <inheritdoc />
    public override string Explanation =>
        "The simplest two-player game has its equilibrium at (0, 0). Simultaneous gradient steps spiral outwards (the distance grows by " +
        "√(1 + h²) per step), alternating steps circle for ever: neither converges, which is why GAN training is not plain minimization.";

    /// <summary>The study's steps setting (tests shorten it).</summary>
    public int Steps { get; init; } = 200;

    /// <summary>The study's learningRate setting (tests shorten it).</summary>
    public double LearningRate { get; init; } = 0.1;

    /// <inheritdoc />
    public override JsonObject Run(StudyContext context) => Run(context, Steps, LearningRate);

    /// <summary>Runs both schemes from (1, 1).</summary>
    /// <param name="output">Where to write, and the study's seed.</param>
    /// <param name="steps">Gradient steps.</param>
    /// <param name="learningRate">The step size h.</param>
    /// <returns>The JSON written.</returns>
    private static JsonObject Run(StudyContext output, int steps, double learningRate)
    {
        var plot = new LinePlot { Title = "min_x max_y x·y from (1, 1)", XLabel = "x", YLabel = "y" };
        var schemes = new JsonObject();
        foreach (bool alternating in new[] { false, true })
        {
            var (xs, ys) = Simulate(steps, learningRate, alternating);
            string name = alternating ? "alternating" : "simultaneous";
            plot.Add(name, xs, ys);
            var radius = xs.Zip(ys, (x, y) => Math.Sqrt(x * x + y * y)).ToArray();
            schemes[name] = new JsonObject
            {
                ["initial_distance"] = radius[0],
                ["final_distance"] = radius[^1],
                ["min_distance"] = radius.Min(),
                ["max_distance"] = radius.Max(),
                ["predicted_final_distance"] = alternating ? null : radius[0] * Math.Pow(1 + learningRate * learningRate, steps / 2.0),
                ["final_x"] = xs[^1],
                ["final_y"] = ys[^1],
            };
        }
        plot.Save(output.Picture("minmax.svg", "paths of (x, y) under simultaneous and alternating gradient steps"));
        var json = new JsonObject { ["study"] = "minmax", ["steps"] = steps, ["learning_rate"] = learningRate, ["schemes"] = schemes };
        output.WriteJson("minmax.json", json);
        return json;
    }

    /// <summary>The path of (x, y) under simultaneous or alternating gradient steps (index 0 is the start (1, 1)).</summary>
    public static (double[] X, double[] Y) Simulate(int steps, double learningRate, bool alternating)
    {
        var x = Tensor.Full(1f, 1).RequireGrad();
        var y = Tensor.Full(1f, 1).RequireGrad();
        var xs = new double[steps + 1];
        var ys = new double[steps + 1];
        xs[0] = ys[0] = 1;
        float h = (float)learningRate;
        for (int t = 1; t <= steps; t++)
        {
            var gx = Autograd.Grad((x * y).Sum(), x);
            if (alternating)
            {
                using (Autograd.NoGrad()) x.CopyFrom(x - h * gx);
                var gy = Autograd.Grad((x * y).Sum(), y);
                using (Autograd.NoGrad()) y.CopyFrom(y + h * gy);
            }
            else
            {
                var gy = Autograd.Grad((x * y).Sum(), y);
                using (Autograd.NoGrad())
                {
                    x.CopyFrom(x - h * gx);
                    y.CopyFrom(y + h * gy);
                }
            }
            xs[t] = x.Item();
            ys[t] = y.Item();
        }
        return (xs, ys);
    }
}
