using System.Text.Json.Nodes;
using Latent.IO;
using Latent.Tensors;

namespace Latent.Models.Gans.Studies;

/// <summary>
/// The simplest two-player game, min over x, max over y of f(x, y) = x·y, whose equilibrium is (0, 0). Simultaneous
/// gradient steps (x, y) ← (x − h·y, y + h·x) multiply the distance to the equilibrium by √(1 + h²) every step and
/// spiral outwards; alternating steps (y uses the new x) keep x² + y² − h·x·y constant and circle for ever. Neither
/// converges: gradient descent on a game is not minimization.
/// </summary>
/// <remarks>Writes <c>minmax.json</c> and <c>minmax.svg</c> (both paths in the (x, y) plane).</remarks>
public static class MinMaxStudy
{
    /// <summary>Runs both schemes from (1, 1).</summary>
    /// <param name="outputDirectory">Where to write.</param>
    /// <param name="seed">Unused randomness seed, kept for the uniform study signature (the game is deterministic).</param>
    /// <param name="steps">Gradient steps.</param>
    /// <param name="learningRate">The step size h.</param>
    /// <returns>The JSON written.</returns>
    public static JsonObject Run(string outputDirectory, ulong seed = 1, int steps = 200, double learningRate = 0.1)
    {
        _ = seed;
        var output = new StudyOutput(outputDirectory);
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
        plot.Save(output.PathOf("minmax.svg"));
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
