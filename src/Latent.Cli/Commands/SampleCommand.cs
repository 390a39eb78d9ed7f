using System.CommandLine;
using Latent.Data;
using Latent.IO;
using Latent.Models.Catalog;
using Latent.Models.Common;
using Latent.Tensors;

namespace Latent.Cli.Commands;

/// <summary>
/// <c>latent sample &lt;run&gt; [--n N] [--seed S] [--out FILE]</c>: loads a run's latest checkpoint and draws new
/// samples: a PNG grid for images, an SVG scatter over the data for 2-D points. Without <c>--out</c> each call writes
/// a new file in the run's <c>samples/</c> folder; without <c>--seed</c> each call draws different samples.
/// </summary>
internal static class SampleCommand
{
    public static Command Create()
    {
        var command = new Command("sample", "Draw samples from a trained run's latest checkpoint");
        var runArg = new Argument<string>("run") { Description = "run directory, or a run name under runs/" };
        var count = new Option<int>("--n") { Description = "number of samples", DefaultValueFactory = _ => 64 };
        var seed = new Option<long?>("--seed") { Description = "random seed (default: a new one each call; it is printed)" };
        var output = new Option<string?>("--out") { Description = "output file, .png for images or .svg for 2-D points (default: a new file in <run>/samples/)" };
        command.Arguments.Add(runArg);
        command.Options.Add(count);
        command.Options.Add(seed);
        command.Options.Add(output);
        command.SetAction(result =>
        {
            try
            {
                return Sample(result.GetValue(runArg)!, result.GetValue(count), result.GetValue(seed), result.GetValue(output));
            }
            catch (Exception e) when (e is ArgumentException or InvalidDataException or DatasetNotFoundException or InvalidOperationException or IOException)
            {
                Console.Error.WriteLine($"latent sample: {e.Message}");
                return 2;
            }
        });
        return command;
    }

    private static int Sample(string runPath, int n, long? seed, string? output)
    {
        if (n < 1) throw new ArgumentException($"--n must be positive, got {n}.");
        if (seed < 0) throw new ArgumentException($"--seed must be non-negative, got {seed}.");
        var dir = Directory.Exists(runPath) ? runPath : Path.Combine(RunDirectory.DefaultRoot, runPath);
        if (!Directory.Exists(dir)) throw new IOException($"run '{runPath}' not found (looked in '{runPath}' and '{dir}').");
        if (!RunDirectory.IsRun(dir)) throw new IOException($"'{Path.GetFullPath(dir)}' is not a run directory (it has no config.json and no checkpoints/).");
        var trained = TrainedRun.Open(new RunDirectory(dir));
        var (run, modelName, model) = (trained.Run, trained.Spec.Name, trained.Setup.Model);
        if (model is not ISampler sampler) throw new InvalidOperationException($"model '{modelName}' does not draw samples.");
        long used = seed ?? Random.Shared.NextInt64(0, 1L << 31);
        var samples = sampler.Sample(n, new Generator((ulong)used));
        bool image = sampler.SampleShape.Length == 3;
        var path = output ?? NewSamplePath(run, image ? ".png" : ".svg");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        if (image) ImageGrid.Save(samples.Clamp(0f, 1f), path);
        else
        {
            var plot = new ScatterPlot { Title = $"{n} samples of {modelName} (seed {used})", PointRadius = 1.5 };
            plot.Add(samples.Reshape(n, -1), name: "samples");
            plot.Save(path);
        }
        Console.WriteLine($"Wrote {n} samples of {modelName} (seed {used}) to {path}.");
        return 0;
    }

    /// <summary>samples/sample-001.png, -002, … : the first name not taken, so no call overwrites another.</summary>
    private static string NewSamplePath(RunDirectory run, string extension)
    {
        for (int i = 1; ; i++)
        {
            var path = run.SamplePath($"sample-{i:D3}{extension}");
            if (!File.Exists(path)) return path;
        }
    }
}
