using System.Globalization;
using Latent.Data;
using Latent.IO;
using Latent.Optim;
using Latent.Models.Common;
using Latent.Training;

namespace Latent.Models.Classifiers;

/// <summary>
/// The Fashion-MNIST feature network of <c>latent eval --features fmnist-cnn</c>: the CNN classifier trained by one
/// fixed recipe (<see cref="Recipe"/>: seed 1, 10 epochs, Adam from 1e-3 annealed to 0 on a cosine, batches of 128, all
/// 60,000 training images),
/// kept as one safetensors file with its test accuracy in the metadata. <see cref="LoadOrTrain"/> reads the file, or
/// trains the network once and caches it there (a few minutes on 2 cores; nothing is downloaded). The file is
/// <c>$LATENT_FEATURES</c> when set, else <c>~/.cache/latent/fmnist-cnn.safetensors</c>; <c>latent eval --feature-net</c>
/// names another.
/// </summary>
public static class FashionMnistFeatureNetwork
{
    /// <summary>The name of the network in <c>--features</c> and <c>eval.json</c>.</summary>
    public const string Name = "fmnist-cnn";

    /// <summary>The training recipe: the classifier family's CNN with seed 1 for 10 epochs (the learning rate follows a cosine from <see cref="Latent.Models.Catalog.ModelOptions.LearningRate"/> to 0 in <see cref="Train"/>).</summary>
    public static ClassifierOptions Recipe => new() { Architecture = ClassifierArchitecture.Cnn, Seed = 1, Epochs = 10 };

    /// <summary>Where the network is cached unless a path is given: <c>$LATENT_FEATURES</c>, else <c>~/.cache/latent/fmnist-cnn.safetensors</c>.</summary>
    public static string DefaultPath
    {
        get
        {
            var env = Environment.GetEnvironmentVariable("LATENT_FEATURES");
            if (!string.IsNullOrEmpty(env)) return env;
            string home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            return Path.Combine(home, ".cache", "latent", Name + ".safetensors");
        }
    }

    /// <summary>The test accuracy stored with a cached network, or null when the file has none.</summary>
    public static double? TestAccuracy(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var metadata = SafeTensors.Read(path).Metadata;
        return metadata.TryGetValue("test_accuracy", out var text) ? double.Parse(text, CultureInfo.InvariantCulture) : null;
    }

    /// <summary>
    /// The network stored at <paramref name="path"/>; when the file is missing, trains it by <see cref="Recipe"/> on
    /// Fashion-MNIST from <paramref name="dataDir"/>, writes it there (with its test accuracy) and returns it.
    /// </summary>
    /// <param name="path">The safetensors file.</param>
    /// <param name="dataDir">Fashion-MNIST's directory, or null for the default places.</param>
    /// <param name="log">Receives progress lines while training; may be null.</param>
    /// <exception cref="InvalidDataException">The file exists but does not hold this network's weights.</exception>
    /// <exception cref="DatasetNotFoundException">Training is needed and Fashion-MNIST is missing.</exception>
    public static ImageClassifier LoadOrTrain(string path, string? dataDir = null, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (File.Exists(path)) return Load(path);
        log?.Invoke($"Training the Fashion-MNIST feature network once ({Recipe.Epochs} epochs, seed {Recipe.Seed}); it is cached in {path}.");
        var (classifier, report) = Train(Recipe with { DataDir = dataDir }, log);
        Save(classifier, report, path);
        log?.Invoke($"Feature network test accuracy {report.Accuracy:F4} (top-3 {report.TopThree:F4}).");
        return classifier;
    }

    /// <summary>
    /// Trains the classifier of <paramref name="options"/> with the one trainer loop (no run directory), the learning
    /// rate annealed on a cosine to 0 over the run, and reports it on the test set.
    /// </summary>
    public static (ImageClassifier Classifier, ClassificationReport Test) Train(ClassifierOptions options, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var setup = ClassifierFamily.Create(options);
        var classifier = (ImageClassifier)setup.Model;
        long steps = Math.Min(options.MaxSteps ?? long.MaxValue, (long)options.Epochs * setup.Train.BatchesPerEpoch);
        var schedule = new CosineAnnealingLr(classifier.Optimizers.Values.Single(), steps);
        var result = new Trainer(classifier, setup.Train, run: null,
            new TrainerOptions { Epochs = options.Epochs, MaxSteps = options.MaxSteps }, progress: new LogProgress(log, schedule)).Run();
        if (result.Outcome == TrainingOutcome.Diverged) throw new InvalidOperationException(result.Message);
        classifier.SetTraining(false);
        return (classifier, classifier.Report(setup.Test!));
    }

    /// <summary>Writes the network's weights with its recipe and test scores as metadata.</summary>
    public static void Save(ImageClassifier classifier, ClassificationReport report, string path)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(path);
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } dir) Directory.CreateDirectory(dir);
        var metadata = new Dictionary<string, string>
        {
            ["network"] = Name,
            ["classes"] = classifier.Classes.ToString(CultureInfo.InvariantCulture),
            ["test_accuracy"] = report.Accuracy.ToString("R", CultureInfo.InvariantCulture),
            ["test_top3"] = report.TopThree.ToString("R", CultureInfo.InvariantCulture),
            ["recipe"] = $"cnn, seed {Recipe.Seed}, {Recipe.Epochs} epochs, Adam {Recipe.LearningRate} cosine to 0, batch {Recipe.BatchSize}",
        };
        string temp = path + ".tmp";
        SafeTensors.Write(temp, classifier.Network.StateDict(), metadata);
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Reads a network written by <see cref="Save"/>.</summary>
    /// <exception cref="InvalidDataException">The file is not such a network (missing, unexpected or mis-shaped weights).</exception>
    public static ImageClassifier Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var file = SafeTensors.Read(path);
        int classes = file.Metadata.TryGetValue("classes", out var text) ? int.Parse(text, CultureInfo.InvariantCulture) : 10;
        var network = ClassifierNetwork.Create(ClassifierArchitecture.Cnn, [1, 28, 28], classes, [], new Tensors.Generator(0));
        try
        {
            network.LoadStateDict(file.Tensors);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"'{path}' does not hold the {Name} feature network: {e.Message}", e);
        }
        var classifier = new ImageClassifier(network, Name, 1e-3, new Tensors.Generator(0));
        classifier.SetTraining(false);
        return classifier;
    }

    private sealed class LogProgress(Action<string>? log, LrScheduler schedule) : ITrainingProgress
    {
        private long _total;

        public void Start(long totalSteps, long startStep) => _total = totalSteps;

        public void Step(long step, int epoch, IReadOnlyDictionary<string, double> metrics)
        {
            schedule.Step();
            if (step % 200 == 0 || step == _total)
                log?.Invoke($"  step {step}/{_total} epoch {epoch} loss {metrics["loss"]:F4} accuracy {metrics["accuracy"]:F3}");
        }

        public void Message(string text) => log?.Invoke(text);

        public void Finish() { }
    }
}
