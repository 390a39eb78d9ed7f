using System.Text.Json.Nodes;
using Latent.IO;
using Latent.Models.Common;
using Latent.Tensors;

namespace Latent.Models.Gans.Studies;

/// <summary>
/// The optimal discriminator on a 1-D toy: for a fixed generator, the discriminator maximizing the GAN value is
/// D*(x) = p_data(x) / (p_data(x) + p_G(x)). Here p_data = N(0, 1) and p_G = N(1.5, 0.5²); a discriminator is trained
/// with cross-entropy on samples and compared with D* on a grid, where either density is not negligible.
/// </summary>
/// <remarks>Writes <c>optimal-discriminator.json</c> and <c>optimal-discriminator.svg</c>.</remarks>
public sealed class OptimalDiscriminatorStudy : Study
{
    private const double DataMean = 0, DataStd = 1, ModelMean = 1.5, ModelStd = 0.5;

    /// <inheritdoc />
    public override string Name => "optimal-d";

    /// <inheritdoc />
    public override string Title => "The optimal discriminator D*(x) = p_data / (p_data + p_G)";

    /// <inheritdoc />
    public override string Explanation =>
        "On a 1-D toy, a discriminator trained to convergence is compared with the closed form D*(x) = p_data(x) / (p_data(x) + p_G(x)).";

    /// <summary>The study's steps setting (tests shorten it).</summary>
    public int Steps { get; init; } = 2000;

    /// <inheritdoc />
    public override JsonObject Run(StudyContext context) => Run(context, context.Seed, Steps);

    /// <summary>Runs the study.</summary>
    /// <param name="output">Where to write, and the study's seed.</param>
    /// <param name="seed">Seeds the network and the samples.</param>
    /// <param name="steps">Discriminator training steps.</param>
    /// <returns>The JSON written.</returns>
    private static JsonObject Run(StudyContext output, ulong seed, int steps)
    {
        var gen = new Generator(seed);
        var d = CriticTraining.Train(1,
            n => Tensor.Randn([n, 1], gen, (float)DataMean, (float)DataStd),
            n => Tensor.Randn([n, 1], gen, (float)ModelMean, (float)ModelStd),
            GanLossKind.NonSaturating, 0f, steps, gen, batch: 256);
        var xs = Enumerable.Range(0, 121).Select(i => -3 + 7.0 * i / 120).ToArray();
        double[] learned;
        using (Autograd.NoGrad())
            learned = d.Score(Tensor.FromArray(xs.Select(x => (float)x).ToArray(), xs.Length, 1)).Sigmoid().ToArray().Select(v => (double)v).ToArray();
        var optimal = xs.Select(Optimal).ToArray();
        var support = Enumerable.Range(0, xs.Length).Where(i => Density(xs[i], DataMean, DataStd) + Density(xs[i], ModelMean, ModelStd) > 0.05).ToArray();
        var errors = support.Select(i => Math.Abs(learned[i] - optimal[i])).ToArray();
        new LinePlot { Title = "Optimal discriminator D*(x) = p_data / (p_data + p_G)", XLabel = "x", YLabel = "D(x)" }
            .Add("D* (exact)", xs, optimal)
            .Add("trained D", xs, learned)
            .Add("p_data", xs, xs.Select(x => Density(x, DataMean, DataStd)).ToArray())
            .Add("p_G", xs, xs.Select(x => Density(x, ModelMean, ModelStd)).ToArray())
            .Save(output.Picture("optimal-discriminator.svg", "the trained discriminator against the closed-form D*, with both densities"));
        var json = new JsonObject
        {
            ["study"] = "optimal-discriminator",
            ["p_data"] = "N(0, 1)",
            ["p_g"] = "N(1.5, 0.25)",
            ["steps"] = steps,
            ["x"] = StudyContext.Numbers(xs),
            ["d_optimal"] = StudyContext.Numbers(optimal),
            ["d_trained"] = StudyContext.Numbers(learned),
            ["max_abs_error_on_support"] = errors.Max(),
            ["mean_abs_error_on_support"] = errors.Average(),
        };
        output.WriteJson("optimal-discriminator.json", json);
        return json;
    }

    /// <summary>D*(x) for this toy.</summary>
    public static double Optimal(double x)
    {
        double p = Density(x, DataMean, DataStd), q = Density(x, ModelMean, ModelStd);
        return p / (p + q);
    }

    private static double Density(double x, double mean, double std)
        => Math.Exp(-0.5 * (x - mean) * (x - mean) / (std * std)) / (std * Math.Sqrt(2 * Math.PI));
}
