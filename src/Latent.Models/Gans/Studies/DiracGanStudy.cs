using System.Text.Json.Nodes;
using Latent.IO;
using Latent.Models.Common;
using Latent.Tensors;

namespace Latent.Models.Gans.Studies;

/// <summary>
/// The Dirac GAN (Mescheder et al. 2018): data P_data = δ₀, generator P_G = δ_θ, discriminator D(x) = ψx. Its only
/// equilibrium is (θ, ψ) = (0, 0). Each variant is run with simultaneous gradient steps from (1, 1) through the real
/// <see cref="GanLosses"/> and <see cref="GradientPenalties"/>: the unregularized GAN, the non-saturating GAN and WGAN
/// (ψ clipped to [−1, 1]) circle around the equilibrium without reaching it, WGAN-GP does not settle at θ = 0 either,
/// and the GAN with the R1 penalty converges to it. The "wgan-5" and "wgan-gp-5" variants are the seed's panels: 5
/// critic steps before each generator step.
/// </summary>
/// <remarks>Writes <c>dirac-gan.json</c> (final and late-phase numbers per variant), <c>dirac-gan-theta.svg</c> (θ over steps) and <c>dirac-gan-phase.svg</c> (the (θ, ψ) paths).</remarks>
public sealed class DiracGanStudy : Study
{
    /// <summary>The variants simulated.</summary>
    public static IReadOnlyList<string> Variants { get; } = ["gan", "ns-gan", "wgan", "wgan-gp", "gan-r1", "wgan-5", "wgan-gp-5"];

    /// <summary>Critic steps per generator step of a variant: 5 for the "-5" variants (the seed's panels), else 1.</summary>
    public static int CriticStepsOf(string variant) => variant.EndsWith("-5", StringComparison.Ordinal) ? 5 : 1;

    /// <inheritdoc />
    public override string Name => "dirac";

    /// <inheritdoc />
    public override string Title => "The Dirac GAN: who converges to θ = 0";

    /// <inheritdoc />
    public override string Explanation =>
        "Data is a point mass at 0, the generator a point mass at θ, the discriminator linear, D(x) = ψ·x, both trained by simultaneous " +
        "gradient steps from (θ, ψ) = (1, 1). The saturating and non-saturating GAN, the WGAN (clipped ψ) and the WGAN-GP keep " +
        "oscillating around the equilibrium; GAN + R1 (a gradient penalty on real data, Mescheder et al. 2018) spirals into θ = 0. " +
        "The numbers give each variant's final distance to (0, 0), the range of θ over the last quarter of the run and its sign changes.";

    /// <summary>The study's steps setting (tests shorten it).</summary>
    public int Steps { get; init; } = 2000;

    /// <summary>The study's learningRate setting (tests shorten it).</summary>
    public double LearningRate { get; init; } = 0.1;

    /// <inheritdoc />
    public override JsonObject Run(StudyContext context) => Run(context, context.Seed, Steps, LearningRate);

    /// <summary>Runs the study.</summary>
    /// <param name="output">Where to write, and the study's seed.</param>
    /// <param name="seed">Seeds the WGAN-GP interpolation weights (the only randomness).</param>
    /// <param name="steps">Gradient steps per variant.</param>
    /// <param name="learningRate">The step size h of both players.</param>
    /// <returns>The JSON written.</returns>
    private static JsonObject Run(StudyContext output, ulong seed, int steps, double learningRate)
    {
        var variants = new JsonObject();
        var thetaPlot = new LinePlot { Title = "Dirac GAN: generator parameter θ", XLabel = "step", YLabel = "θ" };
        var phasePlot = new LinePlot { Title = "Dirac GAN: paths in the (θ, ψ) plane", XLabel = "θ", YLabel = "ψ" };
        foreach (var variant in Variants)
        {
            var path = Simulate(variant, steps, learningRate, new Generator(seed));
            variants[variant] = Summarize(path);
            thetaPlot.Add(variant, path.Theta);
            phasePlot.Add(variant, path.Theta, path.Psi);
        }
        thetaPlot.Save(output.Picture("dirac-gan-theta.svg", "the generator parameter θ over the steps, one line per variant"));
        phasePlot.Save(output.Picture("dirac-gan-phase.svg", "paths in the (θ, ψ) plane from (1, 1); only GAN + R1 reaches the equilibrium (0, 0)"));
        var json = new JsonObject
        {
            ["study"] = "dirac-gan",
            ["start"] = new JsonArray(1.0, 1.0),
            ["steps"] = steps,
            ["learning_rate"] = learningRate,
            ["update"] = "simultaneous gradient steps",
            ["settings"] = "wgan: psi clipped to [-1, 1]; wgan-gp: lambda = 1; gan-r1: gamma = 1; -5 variants: 5 critic steps, then one generator step",
            ["variants"] = variants,
        };
        output.WriteJson("dirac-gan.json", json);
        return json;
    }

    /// <summary>A simulated path: θ and ψ after each step (index 0 is the start).</summary>
    public sealed record DiracPath(double[] Theta, double[] Psi);

    /// <summary>Simulates one variant from (θ, ψ) = (1, 1).</summary>
    /// <exception cref="ArgumentException">Unknown variant.</exception>
    public static DiracPath Simulate(string variant, int steps, double learningRate, Generator gen)
    {
        int criticSteps = CriticStepsOf(variant);
        var (kind, gp, r1, clip) = (criticSteps > 1 ? variant[..^2] : variant) switch
        {
            "gan" => (GanLossKind.Minimax, 0f, 0f, false),
            "ns-gan" => (GanLossKind.NonSaturating, 0f, 0f, false),
            "wgan" => (GanLossKind.Wasserstein, 0f, 0f, true),
            "wgan-gp" => (GanLossKind.Wasserstein, 1f, 0f, false),
            "gan-r1" => (GanLossKind.Minimax, 0f, 1f, false),
            _ => throw new ArgumentException($"DiracGanStudy: unknown variant '{variant}'; expected one of {string.Join(", ", Variants)}."),
        };
        var theta = Tensor.Full(1f, 1, 1).RequireGrad();
        var psi = Tensor.Full(1f, 1, 1).RequireGrad();
        var real = Tensor.Zeros(1, 1);
        Tensor D(Tensor x) => x.MatMul(psi).Reshape(x.Shape[0]);
        var thetas = new double[steps + 1];
        var psis = new double[steps + 1];
        thetas[0] = psis[0] = 1;
        float h = (float)learningRate;
        Tensor CriticGradient()
        {
            var dLoss = GanLosses.Discriminator(kind, D(real), D(theta.Detach()));
            if (gp > 0) dLoss = dLoss + gp * GradientPenalties.Wgan(D, real, theta, gen);
            if (r1 > 0) dLoss = dLoss + r1 / 2 * GradientPenalties.R1(D, real);
            return Autograd.Grad(dLoss, psi);
        }
        void CriticStep(Tensor gPsi)
        {
            using (Autograd.NoGrad())
            {
                psi.CopyFrom(psi - h * gPsi);
                if (clip) psi.CopyFrom(psi.Clamp(-1f, 1f));
            }
        }
        for (int t = 1; t <= steps; t++)
        {
            // One critic step: simultaneous with the generator's. k > 1 critic steps: the critic's first, then the generator's.
            var gPsi = CriticGradient();
            if (criticSteps > 1)
            {
                CriticStep(gPsi);
                for (int k = 1; k < criticSteps; k++) CriticStep(CriticGradient());
            }
            var gTheta = Autograd.Grad(GanLosses.Generator(kind, D(theta)), theta);
            if (criticSteps == 1) CriticStep(gPsi);
            using (Autograd.NoGrad()) theta.CopyFrom(theta - h * gTheta);
            thetas[t] = theta.Item();
            psis[t] = psi.Item();
        }
        return new DiracPath(thetas, psis);
    }

    /// <summary>Numbers that tell convergence from oscillation: final values, and over the last quarter of the run the
    /// range of θ, the smallest distance to (0, 0) and the sign changes of θ.</summary>
    public static JsonObject Summarize(DiracPath path)
    {
        int n = path.Theta.Length;
        int from = n - n / 4;
        var late = Enumerable.Range(from, n - from).ToArray();
        int signChanges = late.Skip(1).Count(i => Math.Sign(path.Theta[i]) != Math.Sign(path.Theta[i - 1]) && path.Theta[i] != 0);
        double Distance(int i) => Math.Sqrt(path.Theta[i] * path.Theta[i] + path.Psi[i] * path.Psi[i]);
        bool converged = Distance(n - 1) < 1e-3;
        return new JsonObject
        {
            ["final_theta"] = path.Theta[^1],
            ["final_psi"] = path.Psi[^1],
            ["final_distance"] = Distance(n - 1),
            ["late_theta_min"] = late.Min(i => path.Theta[i]),
            ["late_theta_max"] = late.Max(i => path.Theta[i]),
            ["late_min_distance"] = late.Min(Distance),
            ["late_theta_sign_changes"] = signChanges,
            ["converged"] = converged,
        };
    }
}
