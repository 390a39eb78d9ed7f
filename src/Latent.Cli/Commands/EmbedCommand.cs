using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Latent.Data;
using Latent.IO;
using Latent.Models.Catalog;
using Latent.Models.Classical.Embeddings;
using Latent.Models.Common;
using Latent.Tensors;

namespace Latent.Cli.Commands;

/// <summary>
/// <c>latent embed &lt;run-or-data&gt; [--method tsne|mds|pca] [--n N]</c>: a 2-D embedding of Fashion-MNIST test
/// images, of a toy set, or of a run's codes (its encoder applied to its test set; a model without an encoder is
/// embedded on its test data), written as an SVG scatter coloured by class with a JSON of the trustworthiness and the
/// method's objective.
/// </summary>
internal static class EmbedCommand
{
    public static Command Create()
    {
        var command = new Command("embed", "2-D embedding (t-SNE, MDS or PCA) of data or of a run's codes: a scatter coloured by class and its trustworthiness");
        var source = new Argument<string>("run-or-data") { Description = "a run directory or name under runs/ (its codes), fashion-mnist[:train] or toy:<name>" };
        var method = new Option<string>("--method") { Description = "tsne, mds or pca", DefaultValueFactory = _ => "tsne" };
        var count = new Option<int>("--n") { Description = "points embedded (the first N of the set; MDS is O(N²) in memory: keep it to a few thousand)", DefaultValueFactory = _ => 2000 };
        var perplexity = new Option<double>("--perplexity") { Description = "t-SNE perplexity", DefaultValueFactory = _ => 30 };
        var iterations = new Option<int>("--iterations") { Description = "t-SNE gradient steps", DefaultValueFactory = _ => 1000 };
        var theta = new Option<double>("--theta") { Description = "t-SNE Barnes–Hut angle (0: exact O(N²) gradient)", DefaultValueFactory = _ => 0.5 };
        var pcaDim = new Option<int>("--pca-dim") { Description = "principal components the inputs are reduced to first for t-SNE and MDS (0: none)", DefaultValueFactory = _ => 50 };
        var neighbours = new Option<int>("--neighbours") { Description = "k of the trustworthiness score", DefaultValueFactory = _ => 5 };
        var output = new Option<string?>("--out") { Description = "output .svg (default: <run>/embed-<method>.svg, or embed-<data>-<method>.svg here); a .json with the numbers goes beside it" };
        var dataDir = new Option<string?>("--data-dir") { Description = "Fashion-MNIST directory (default: $LATENT_DATA, then /usr/share/datasets/fashion-mnist)" };
        foreach (var o in new Option[] { method, count, perplexity, iterations, theta, pcaDim, neighbours, output, dataDir }) command.Options.Add(o);
        command.Arguments.Add(source);
        command.SetAction(result =>
        {
            try
            {
                var settings = new EmbeddingSettings(ParseMethod(result.GetValue(method)!),
                    new TsneSettings(Perplexity: result.GetValue(perplexity), Iterations: result.GetValue(iterations), Theta: result.GetValue(theta)),
                    result.GetValue(pcaDim), result.GetValue(neighbours));
                settings.Tsne.Validate();
                return Run(result.GetValue(source)!, settings, result.GetValue(count), result.GetValue(output), result.GetValue(dataDir));
            }
            catch (Exception e) when (e is ArgumentException or InvalidDataException or DatasetNotFoundException or InvalidOperationException or IOException)
            {
                Console.Error.WriteLine($"latent embed: {e.Message}");
                return 2;
            }
        });
        return command;
    }

    private static EmbeddingMethod ParseMethod(string name) => name.Trim().ToLowerInvariant() switch
    {
        "tsne" or "t-sne" => EmbeddingMethod.Tsne,
        "mds" => EmbeddingMethod.Mds,
        "pca" => EmbeddingMethod.Pca,
        _ => throw new ArgumentException($"--method must be tsne, mds or pca, got '{name}'."),
    };

    private static int Run(string source, EmbeddingSettings settings, int n, string? output, string? dataDir)
    {
        if (n < 4) throw new ArgumentException($"--n must be at least 4, got {n}.");
        var (x, labels, classNames, what, defaultPath) = Load(source, n, dataDir, settings.Method);
        Console.WriteLine($"Embedding {x.Shape[0]} {what} by {settings.Method.ToString().ToLowerInvariant()}...");
        var result = Embedding.Compute(x, settings, message => Console.WriteLine($"  {message}"));
        var path = output ?? defaultPath;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        string methodName = settings.Method switch { EmbeddingMethod.Tsne => "t-SNE", EmbeddingMethod.Mds => "MDS", _ => "PCA" };
        Embedding.SaveScatter(result, labels, classNames, path, $"{methodName} of {x.Shape[0]} {what} (trustworthiness {result.Trustworthiness:F3})");
        var json = new JsonObject
        {
            ["source"] = source,
            ["method"] = settings.Method.ToString().ToLowerInvariant(),
            ["points"] = x.Shape[0],
            ["input_dimension"] = result.Inputs[0].Length,
            ["trustworthiness"] = result.Trustworthiness,
            ["trustworthiness_neighbours"] = settings.Neighbours,
            [result.ObjectiveName] = result.Objective,
        };
        if (settings.Method == EmbeddingMethod.Tsne)
        {
            json["perplexity"] = settings.Tsne.Perplexity;
            json["iterations"] = settings.Tsne.Iterations;
            json["theta"] = settings.Tsne.Theta;
        }
        AtomicFile.WriteJson(Path.ChangeExtension(path, ".json"), json);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Trustworthiness (k = {settings.Neighbours}) {result.Trustworthiness:F4}, {result.ObjectiveName} {result.Objective:G5}; wrote {path}"));
        return 0;
    }

    private static (Tensor X, int[] Labels, IReadOnlyList<string>? ClassNames, string What, string DefaultPath) Load(string source, int n, string? dataDir, EmbeddingMethod method)
    {
        string suffix = $"embed-{method.ToString().ToLowerInvariant()}.svg";
        string name = source.Trim().ToLowerInvariant();
        if (name is "fashion-mnist" or "fashion-mnist:test" or "fashion-mnist:train")
        {
            var images = FashionMnist.Load(name.EndsWith(":train", StringComparison.Ordinal) ? DatasetSplit.Train : DatasetSplit.Test, dataDir);
            int m = Math.Min(n, images.Count);
            return (images.ToTensor(0, m), images.Labels[..m].ToArray(), images.ClassNames, "Fashion-MNIST images", $"embed-fashion-mnist-{suffix[6..]}");
        }
        if (name.StartsWith("toy:", StringComparison.Ordinal))
        {
            var toy = ToyDistributions.ByName(name, n, new Generator(1));
            return (toy.Points, toy.Labels ?? new int[toy.Count], null, $"{name} points", $"embed-{name[4..]}-{suffix[6..]}");
        }
        var dir = Directory.Exists(source) ? source : Path.Combine(RunDirectory.DefaultRoot, source);
        if (!Directory.Exists(dir)) throw new IOException($"'{source}' is neither data (fashion-mnist, toy:<name>) nor a run (looked in '{source}' and '{dir}').");
        if (!RunDirectory.IsRun(dir)) throw new IOException($"'{Path.GetFullPath(dir)}' is not a run directory (it has no config.json and no checkpoints/).");
        var trained = TrainedRun.Open(new RunDirectory(dir));
        var test = trained.Setup.Test ?? throw new InvalidOperationException($"run '{source}' has no test data to embed.");
        var inputs = new List<Tensor>();
        var labels = new List<int>();
        int taken = 0;
        foreach (var batch in test)
        {
            int k = Math.Min(batch.Size, n - taken);
            inputs.Add(batch.Inputs.Narrow(0, 0, k));
            labels.AddRange(batch.Labels?[..k] ?? new int[k]);
            taken += k;
            if (taken >= n) break;
        }
        var x = inputs.Count == 1 ? inputs[0] : Tensor.Concat([.. inputs], 0);
        string model = trained.Spec.Name;
        IReadOnlyList<string>? classNames = x.Rank == 4 && x.Shape[1] == 1 && x.Shape[2] == 28 ? FashionMnist.ClassNames : null;
        if (trained.Setup.Model is ILatentVariableModel encoder)
        {
            trained.Setup.Model.SetTraining(false);
            return (LatentEncoding.Encode(encoder, x), labels.ToArray(), classNames, $"{model} codes (latent dim {encoder.LatentDim})", Path.Combine(dir, suffix));
        }
        Console.WriteLine($"Model '{model}' has no encoder: embedding its test data instead.");
        return (x, labels.ToArray(), classNames, $"test examples of {model}", Path.Combine(dir, suffix));
    }
}
