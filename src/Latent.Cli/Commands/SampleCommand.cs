using System.CommandLine;
using Latent.Data;
using Latent.IO;
using Latent.Models.Catalog;
using Latent.Models.Common;

namespace Latent.Cli.Commands;

/// <summary><c>latent sample &lt;run&gt;</c>: loads a run's latest checkpoint and writes new samples.</summary>
internal static class SampleCommand
{
    public static Command Create()
    {
        var command = new Command("sample", "Draw samples from a trained run's latest checkpoint");
        var runArg = new Argument<string>("run") { Description = "run directory, or a run name under runs/" };
        var count = new Option<int>("--n") { Description = "number of samples", DefaultValueFactory = _ => 64 };
        var output = new Option<string?>("--out") { Description = "output PNG (default: <run>/samples/sample.png)" };
        command.Arguments.Add(runArg);
        command.Options.Add(count);
        command.Options.Add(output);
        command.SetAction(result =>
        {
            try
            {
                return Sample(result.GetValue(runArg)!, result.GetValue(count), result.GetValue(output));
            }
            catch (Exception e) when (e is ArgumentException or InvalidDataException or DatasetNotFoundException or InvalidOperationException or IOException)
            {
                Console.Error.WriteLine($"latent sample: {e.Message}");
                return 2;
            }
        });
        return command;
    }

    private static int Sample(string runPath, int n, string? output)
    {
        if (n < 1) throw new ArgumentException($"--n must be positive, got {n}.");
        var dir = Directory.Exists(runPath) ? runPath : Path.Combine(RunDirectory.DefaultRoot, runPath);
        if (!Directory.Exists(dir)) throw new IOException($"run '{runPath}' not found (looked in '{runPath}' and '{dir}').");
        var trained = TrainedRun.Open(new RunDirectory(dir));
        var (run, modelName, model) = (trained.Run, trained.Spec.Name, trained.Setup.Model);
        var images = model is ISampler { SampleShape.Length: 3 } sampler ? sampler.Sample(n, model.Rng).Clamp(0f, 1f) : null;
        if (images == null)
        {
            Directory.CreateDirectory(run.SamplesDirectory);
            model.WriteSamples(run.SamplesDirectory, "sample");
            Console.WriteLine($"Wrote samples of {modelName} into {run.SamplesDirectory}.");
            return 0;
        }
        var path = output ?? run.SamplePath("sample.png");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        ImageGrid.Save(images, path);
        Console.WriteLine($"Wrote {n} samples of {modelName} to {path}.");
        return 0;
    }
}
