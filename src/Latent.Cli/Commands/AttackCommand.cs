using System.CommandLine;
using System.Globalization;
using Latent.Data;
using Latent.IO;
using Latent.Models.Catalog;
using Latent.Models.Common;
using Latent.Models.Common.Adversarial;

namespace Latent.Cli.Commands;

/// <summary>
/// <c>latent attack &lt;run&gt; [--eps 0,0.05,0.1,…] [--n N] [--steps J] [--no-grid] [--out DIR]</c>: attacks a trained
/// classifier run with FGSM and PGD on its test images and writes the accuracy-against-ε curve, FGSM examples, the
/// targeted K × K grid, <c>attack.json</c> and an <c>index.html</c> page (in <c>&lt;run&gt;/attack/</c> by default).
/// </summary>
internal static class AttackCommand
{
    public static Command Create()
    {
        var command = new Command("attack", "Adversarial examples (FGSM, PGD, targeted) against a trained classifier run");
        var runArg = new Argument<string>("run") { Description = "run directory of a classifier, or a run name under runs/" };
        var eps = new Option<string>("--eps") { Description = "epsilons of the curve, comma-separated (L-infinity, pixels in [0, 1])", DefaultValueFactory = _ => "0,0.02,0.05,0.1,0.15,0.2,0.3" };
        var reference = new Option<float>("--reference-eps") { Description = "epsilon of the headline accuracies", DefaultValueFactory = _ => 0.1f };
        var count = new Option<int>("--n") { Description = "test images attacked", DefaultValueFactory = _ => 1000 };
        var steps = new Option<int>("--steps") { Description = "J: PGD steps", DefaultValueFactory = _ => 10 };
        var noGrid = new Option<bool>("--no-grid") { Description = "skip the targeted class-to-class grid" };
        var seed = new Option<long>("--seed") { Description = "random seed", DefaultValueFactory = _ => 1 };
        var output = new Option<string?>("--out") { Description = "output folder (default: <run>/attack)" };
        command.Arguments.Add(runArg);
        foreach (var option in new Option[] { eps, reference, count, steps, noGrid, seed, output }) command.Options.Add(option);
        command.SetAction(result =>
        {
            try
            {
                return Attack(result.GetValue(runArg)!, ParseEpsilons(result.GetValue(eps)!), result.GetValue(reference), result.GetValue(count),
                    result.GetValue(steps), result.GetValue(noGrid), result.GetValue(seed), result.GetValue(output));
            }
            catch (Exception e) when (e is ArgumentException or InvalidDataException or DatasetNotFoundException or InvalidOperationException or IOException)
            {
                Console.Error.WriteLine($"latent attack: {e.Message}");
                return 2;
            }
        });
        return command;
    }

    private static int Attack(string runPath, float[] epsilons, float reference, int n, int steps, bool noGrid, long seed, string? output)
    {
        if (n < 1) throw new ArgumentException($"--n must be positive, got {n}.");
        if (steps < 1) throw new ArgumentException($"--steps must be at least 1, got {steps}.");
        if (seed < 0) throw new ArgumentException($"--seed must be non-negative, got {seed}.");
        if (!(reference > 0 && reference <= 1)) throw new ArgumentException($"--reference-eps must lie in (0, 1], got {reference}.");
        var dir = Directory.Exists(runPath) ? runPath : Path.Combine(RunDirectory.DefaultRoot, runPath);
        if (!Directory.Exists(dir)) throw new IOException($"run '{runPath}' not found (looked in '{runPath}' and '{dir}').");
        if (!RunDirectory.IsRun(dir)) throw new IOException($"'{Path.GetFullPath(dir)}' is not a run directory (it has no config.json and no checkpoints/).");
        var trained = TrainedRun.Open(new RunDirectory(dir));
        if (trained.Setup.Model is not IDifferentiableClassifier classifier)
            throw new InvalidOperationException($"model '{trained.Spec.Name}' is not a classifier whose scores can be differentiated; attack a `latent train classifier` run.");
        var test = trained.Setup.Test ?? throw new InvalidOperationException($"run '{runPath}' has no test data to attack.");
        var (images, labels) = LabelledImages.Collect(test, n);
        var names = classifier.Classes == FashionMnist.ClassNames.Count ? FashionMnist.ClassNames : [.. Enumerable.Range(0, classifier.Classes).Select(i => i.ToString(CultureInfo.InvariantCulture))];
        var study = new AttackStudy([(trained.Run.Name, classifier)], images, labels, names)
        {
            Epsilons = epsilons,
            ReferenceEpsilon = reference,
            PgdSteps = steps,
            GridEpsilons = noGrid ? null : AttackStudy.DefaultGridEpsilons,
        };
        var context = new StudyContext(Path.GetFullPath(output ?? Path.Combine(dir, "attack")), (ulong)seed, progress: line => Console.WriteLine($"  … {line}"));
        Console.WriteLine($"Attacking {trained.Spec.Name} run '{trained.Run.Name}' on {labels.Length} test images ...");
        var result = StudyRunner.Run(study, context);
        foreach (var (path, value) in result.Facts) Console.WriteLine($"  {path} = {value}");
        Console.WriteLine($"Done in {result.Elapsed.TotalSeconds:F0} s. Pictures, numbers and explanation:");
        Console.WriteLine(result.IndexPath);
        return 0;
    }

    private static float[] ParseEpsilons(string text)
    {
        var values = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => float.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out float v) && v >= 0 && v <= 1 ? v : float.NaN).ToArray();
        if (values.Length == 0 || values.Any(float.IsNaN))
            throw new ArgumentException($"--eps must list epsilons in [0, 1] separated by commas, got \"{text}\".");
        return values;
    }
}
