using System.Text.Json;
using System.Text.Json.Nodes;
using Latent.Data;
using Latent.IO;
using Latent.Tensors;
using Latent.Training;

namespace Latent.Cli.Studies;

/// <summary>What the autoencoder studies share: a fixed number of shuffled training steps, and writing their JSON.</summary>
internal static class StudyTraining
{
    /// <summary>
    /// Runs <paramref name="steps"/> training steps of <paramref name="model"/> on shuffled batches of
    /// <paramref name="x"/>, calling <paramref name="afterStep"/> (a learning-rate schedule) after each; returns the mean
    /// "loss" over the first and the last 20 steps.
    /// </summary>
    public static (double First, double Last) Fit(TrainableModel model, Tensor x, int steps, ulong seed, int batchSize = 128, Action? afterStep = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(steps);
        var loader = new DataLoader(x, batchSize: batchSize, shuffle: true, generator: new Generator(seed));
        var losses = new List<double>(steps);
        model.SetTraining(true);
        while (losses.Count < steps)
            foreach (var batch in loader)
            {
                if (losses.Count >= steps) break;
                losses.Add(model.TrainStep(batch)["loss"]);
                afterStep?.Invoke();
            }
        model.SetTraining(false);
        int window = Math.Min(20, steps);
        return (losses.Take(window).Average(), losses.TakeLast(window).Average());
    }

    /// <summary>Writes <paramref name="json"/> indented into <paramref name="directory"/> and returns it.</summary>
    public static JsonObject WriteJson(string directory, string fileName, JsonObject json)
    {
        AtomicFile.WriteJson(Path.Combine(directory, fileName), json);
        return json;
    }
}
