using System.Diagnostics;
using System.Text.Json.Nodes;
using Latent.Data;
using Latent.Models.Common;
using Latent.Tensors;

namespace Latent.Models.Metrics;

/// <summary>One row of an evaluation table: a model or a reference set and its scores.</summary>
/// <param name="Name">The run's name, or the reference's ("test set", "mean image", "pixel gaussian").</param>
/// <param name="Kind">"floor" (real test images), "trivial" (a model without learning) or "model".</param>
/// <param name="Metrics">Scores by key in the order computed: fid, kid, kid_std, is, is_std, precision, recall, density, coverage, class_accuracy, nll, bits_per_dim, nll_stderr, nll_interval_low/high (an estimator's own interval), iwae_nll, … .</param>
/// <param name="Notes">Text facts: the likelihood's kind, why a metric was skipped.</param>
/// <param name="ClassAccuracy">For a conditional sampler, the classifier's accuracy on the samples of each class; else null.</param>
/// <param name="Seconds">Wall time of the row (sampling included).</param>
public sealed record EvaluationRow(string Name, string Kind, IReadOnlyDictionary<string, double> Metrics,
    IReadOnlyDictionary<string, string> Notes, double[]? ClassAccuracy, double Seconds)
{
    /// <summary>The row as JSON.</summary>
    public JsonObject ToJson()
    {
        var metrics = new JsonObject();
        foreach (var (key, value) in Metrics) metrics[key] = double.IsFinite(value) ? value : null;
        var row = new JsonObject { ["name"] = Name, ["kind"] = Kind, ["metrics"] = metrics, ["seconds"] = Math.Round(Seconds, 3) };
        if (Notes.Count > 0)
        {
            var notes = new JsonObject();
            foreach (var (key, value) in Notes) notes[key] = value;
            row["notes"] = notes;
        }
        if (ClassAccuracy != null) row["class_accuracy"] = new JsonArray([.. ClassAccuracy.Select(a => double.IsFinite(a) ? (JsonNode?)a : null)]);
        return row;
    }
}

/// <summary>
/// Scores generative models through their capabilities with one feature network (<see cref="EvaluationReference"/>):
/// a sampler (<see cref="ISampler"/>) gets FID, KID, Inception Score and precision/recall/density/coverage of its
/// samples against the training reference; a conditional sampler also the classifier's accuracy on the samples of
/// each class; a likelihood model (<see cref="ILikelihoodModel"/>) its test NLL in nats and bits per dimension, with
/// its kind (exact, bound or estimate); an <see cref="IImportanceWeightedModel"/> also the K-sample IWAE bound. The
/// reference rows — the test set (the floor), the mean image and a pixel-wise Gaussian (trivial models) — are scored
/// the same way. Every draw is seeded by <see cref="EvaluationSettings.Seed"/>.
/// </summary>
/// <example>
/// <code>
/// var reference = EvaluationReference.Create(network, train, test, new EvaluationSettings { Samples = 10_000 });
/// var rows = Evaluation.ReferenceRows(reference).Append(Evaluation.EvaluateModel("dcgan", model, reference));
/// </code>
/// </example>
public static class Evaluation
{
    /// <summary>The rows every table carries: the test set against the training reference, the mean image and the pixel Gaussian.</summary>
    public static IReadOnlyList<EvaluationRow> ReferenceRows(EvaluationReference reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var clock = Stopwatch.StartNew();
        Save(reference, "reference-train", reference.TrainFeatures);
        var test = ScoreFeatures("test set", "floor", reference.TestFeatures, reference.TestProbabilities, reference, clock);
        int n = reference.TestImages.Shape[0];
        clock.Restart();
        var mean = ScoreConstant("mean image", Tensor.FromArray(reference.PixelMean, [1, .. reference.ImageShape]), n, reference, clock);
        clock.Restart();
        var gaussian = ScoreImages("pixel gaussian", "trivial", PixelGaussian(reference, n), reference, clock);
        return [test, mean, gaussian];
    }

    /// <summary>
    /// Every metric <paramref name="model"/>'s capabilities allow (and <see cref="EvaluationSettings.Metrics"/> asks for).
    /// Samples that are not images of the reference's shape (audio clips, points, sequences) get no sample metrics but
    /// a note saying why; a likelihood is scored on the reference's test images unless <paramref name="heldOut"/>
    /// holds examples of another shape — the model's own held-out data (spoken-digit clips, 2-D points) — then on those.
    /// </summary>
    /// <param name="name">The row's name.</param>
    /// <param name="model">The model, scored through its capabilities.</param>
    /// <param name="reference">The feature network's reference and the settings.</param>
    /// <param name="heldOut">The model's own held-out examples [N, ...] (from <see cref="HeldOutInputs"/>), or null.</param>
    /// <returns>The model's row.</returns>
    /// <exception cref="InvalidOperationException">Nothing can be scored: the model has none of the capabilities, or it only samples and its samples are not images of the reference's shape; or its samples are not finite.</exception>
    public static EvaluationRow EvaluateModel(string name, object model, EvaluationReference reference, Tensor? heldOut = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(reference);
        var settings = reference.Settings;
        var clock = Stopwatch.StartNew();
        var metrics = new Dictionary<string, double>();
        var notes = new Dictionary<string, string>();
        double[]? classAccuracy = null;
        bool sampleMetrics = settings.Metrics.Overlaps([EvaluationMetric.Fid, EvaluationMetric.Kid, EvaluationMetric.Is, EvaluationMetric.Pr]);
        bool likelihoodMetrics = model is ILikelihoodModel && settings.Metrics.Contains(EvaluationMetric.Nll);
        if (model is IAudioSampler audio && sampleMetrics)
            AddSpeech(audio, heldOut, settings, metrics, notes);
        else if (model is ISampler { } drawer && sampleMetrics && !drawer.SampleShape.SequenceEqual(reference.ImageShape))
        {
            string why = $"the model draws {ShapeText.Format(drawer.SampleShape)} samples; the {reference.Network.Name} features take images {ShapeText.Format(reference.ImageShape)}";
            if (!likelihoodMetrics) throw new InvalidOperationException(why + ", and the model has no likelihood to score instead.");
            notes["samples"] = why;
        }
        else if (model is ISampler sampler && sampleMetrics)
        {
            var (images, labels) = DrawSamples(sampler, reference);
            var row = ScoreImages(name, "model", images, reference, clock, labels);
            foreach (var (k, v) in row.Metrics) metrics[k] = v;
            foreach (var (k, v) in row.Notes) notes[k] = v;
            classAccuracy = row.ClassAccuracy;
            if (settings.Temperature is { } temperature)
                notes["temperature"] = sampler is ITemperatureSampler && labels is null
                    ? $"samples drawn at temperature {temperature}"
                    : "samples drawn at T = 1 (the model has no sampling temperature, or draws by label)";
        }
        else if (sampleMetrics)
            notes["samples"] = "the model does not sample";
        if (model is ILikelihoodModel likelihood && likelihoodMetrics)
            AddLikelihood(likelihood, model as IImportanceWeightedModel, reference, OwnData(heldOut, reference), metrics, notes);
        if (model is not ISampler && model is not ILikelihoodModel)
            throw new InvalidOperationException($"'{name}' ({model.GetType().Name}) neither samples nor scores data: there is nothing to evaluate.");
        return new EvaluationRow(name, "model", metrics, notes, classAccuracy, clock.Elapsed.TotalSeconds);
    }

    /// <summary>Clips an audio model draws for its <see cref="SpeechMeasures"/> (generation is one step per sample).</summary>
    public const int AudioClips = 30;

    /// <summary>
    /// An audio model's <see cref="SpeechMeasures"/> on <see cref="AudioClips"/> seeded clips (fewer if
    /// <see cref="EvaluationSettings.Samples"/> asks for fewer) — "sounding_seconds" (mean), "ended_share",
    /// "prediction_gain_db" — and the same of its held-out clips, cut to the samples' length, as "data_…".
    /// </summary>
    private static void AddSpeech(IAudioSampler audio, Tensor? heldOut, EvaluationSettings settings, Dictionary<string, double> metrics, Dictionary<string, string> notes)
    {
        int n = Math.Min(AudioClips, settings.Samples);
        var gen = new Generator((ulong)settings.Seed);
        var clips = settings.Temperature is { } t && audio is ITemperatureSampler tempered ? tempered.Sample(n, gen, t) : audio.Sample(n, gen);
        void Add(string prefix, SpeechMeasures m)
        {
            metrics[prefix + "sounding_seconds"] = m.SoundingSeconds.Average();
            metrics[prefix + "ended_share"] = m.Ended / (double)m.SoundingSeconds.Length;
            metrics[prefix + "prediction_gain_db"] = m.MedianPredictionGainDb;
        }
        Add("", SpeechMeasures.Of(clips, audio.SampleRate));
        if (heldOut is { Rank: 3 } real && real.Shape[1] == 1)
            Add("data_", SpeechMeasures.Of(real.Narrow(2, 0, Math.Min(real.Shape[2], clips.Shape[2])), audio.SampleRate));
        if (settings.Temperature is { } temperature)
            notes["temperature"] = audio is ITemperatureSampler ? $"clips drawn at temperature {temperature}" : "the model has no sampling temperature: clips drawn at T = 1";
        notes["samples"] = $"{clips.Shape[0]} clips of {clips.Shape[2]} samples scored as speech: the time they sound, the share that falls silent, the median order-{SpeechMeasures.Order} prediction gain of their sounding frames (data_…: the held-out clips)";
    }

    /// <summary>The sample metrics of a set of images [N, C, H, W] in [0, 1] (the labels they were drawn for, if conditional).</summary>
    public static EvaluationRow ScoreImages(string name, string kind, Tensor images, EvaluationReference reference, Stopwatch? clock = null, int[]? labels = null)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(reference);
        clock ??= Stopwatch.StartNew();
        Tensor features;
        Tensor? probabilities = null;
        if (reference.Network is IClassifierNetwork classifier)
            (features, probabilities) = FeatureExtraction.FeaturesAndProbabilities(classifier, images, reference.Settings.BatchSize);
        else
            features = FeatureExtraction.Features(reference.Network, images, reference.Settings.BatchSize);
        return ScoreFeatures(name, kind, features, probabilities, reference, clock, labels);
    }

    /// <summary>A model that always draws <paramref name="image"/> [1, C, H, W]: its one feature row repeated n times.</summary>
    private static EvaluationRow ScoreConstant(string name, Tensor image, int n, EvaluationReference reference, Stopwatch clock)
    {
        Tensor features;
        Tensor? probabilities = null;
        if (reference.Network is IClassifierNetwork classifier)
        {
            (features, probabilities) = classifier.FeaturesAndProbabilities(image);
            probabilities = probabilities.Expand(n, probabilities.Shape[1]).Clone();
        }
        else
            features = reference.Network.Features(image);
        return ScoreFeatures(name, "trivial", features.Expand(n, features.Shape[1]).Clone(), probabilities, reference, clock);
    }

    private static EvaluationRow ScoreFeatures(string name, string kind, Tensor features, Tensor? probabilities, EvaluationReference reference,
        Stopwatch clock, int[]? labels = null)
    {
        var settings = reference.Settings;
        Save(reference, name, features);
        var metrics = new Dictionary<string, double>();
        var notes = new Dictionary<string, string>();
        double[]? classAccuracy = null;
        if (settings.Metrics.Contains(EvaluationMetric.Fid))
            metrics["fid"] = FrechetDistance.Compute(reference.TrainGaussian!, FeatureGaussian.Fit(features));
        if (settings.Metrics.Contains(EvaluationMetric.Kid))
        {
            var kid = KernelInceptionDistance.Compute(reference.TrainFeatures, features, new Generator((ulong)settings.Seed * 31UL + 5),
                settings.KidSubsets, settings.KidSubsetSize);
            metrics["kid"] = kid.Mean;
            metrics["kid_std"] = kid.Std;
        }
        if (settings.Metrics.Contains(EvaluationMetric.Is))
        {
            if (probabilities == null) notes["is"] = $"the {reference.Network.Name} features have no classifier head";
            else
            {
                var score = InceptionScore.Compute(probabilities, settings.Splits);
                metrics["is"] = score.Mean;
                metrics["is_std"] = score.Std;
                if (labels != null && reference.Network is IClassifierNetwork classifier)
                {
                    classAccuracy = ClassAccuracy(probabilities, labels, classifier.Classes);
                    metrics["class_accuracy"] = AccuracyOf(probabilities, labels);
                }
            }
        }
        if (settings.Metrics.Contains(EvaluationMetric.Pr))
        {
            var scores = PrecisionRecall.Compute(reference.TrainFeatures, features, settings.Neighbours, reference.TrainSquaredRadii);
            metrics["precision"] = scores.Precision;
            metrics["recall"] = scores.Recall;
            metrics["density"] = scores.Density;
            metrics["coverage"] = scores.Coverage;
        }
        return new EvaluationRow(name, kind, metrics, notes, classAccuracy, clock.Elapsed.TotalSeconds);
    }

    private static (Tensor Images, int[]? Labels) DrawSamples(ISampler sampler, EvaluationReference reference)
    {
        var settings = reference.Settings;
        var gen = new Generator((ulong)settings.Seed * 104_729UL + 3);
        int n = settings.Samples;
        int classes = sampler is IConditionalSampler conditional ? conditional.Classes : 0;
        int[]? labels = classes > 0 ? [.. Enumerable.Range(0, n).Select(i => i % classes)] : null;
        var parts = new List<Tensor>();
        using (Autograd.NoGrad())
        {
            for (int start = 0; start < n; start += settings.BatchSize)
            {
                int count = Math.Min(settings.BatchSize, n - start);
                parts.Add(labels != null ? ((IConditionalSampler)sampler).Sample(labels[start..(start + count)], gen)
                    : settings.Temperature is { } t && sampler is ITemperatureSampler tempered ? tempered.Sample(count, gen, t)
                    : sampler.Sample(count, gen));
            }
        }
        var images = Tensor.Concat([.. parts], 0);
        if (images.HasNonFinite()) throw new InvalidOperationException("the model's samples hold NaN or infinite values.");
        return (images, labels);
    }

    /// <summary>
    /// Up to <paramref name="max"/> inputs of a held-out loader, in its order, stacked [N, ...] (the loader's transform
    /// applied); null when there is no loader.
    /// </summary>
    public static Tensor? HeldOutInputs(DataLoader? loader, int max)
    {
        if (loader == null) return null;
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        var parts = new List<Tensor>();
        int count = 0;
        foreach (var batch in loader)
        {
            var inputs = batch.Inputs;
            if (count + inputs.Shape[0] > max) inputs = inputs.Narrow(0, 0, max - count);
            parts.Add(inputs.Clone());
            count += inputs.Shape[0];
            if (count >= max) break;
        }
        return parts.Count == 0 ? null : Tensor.Concat([.. parts], 0);
    }

    /// <summary>The model's own held-out examples when they are not images of the reference's shape; else null (score the test images).</summary>
    private static Tensor? OwnData(Tensor? heldOut, EvaluationReference reference) =>
        heldOut != null && !heldOut.Shape.AsSpan(1).SequenceEqual(reference.ImageShape) ? heldOut : null;

    private static void AddLikelihood(ILikelihoodModel model, IImportanceWeightedModel? weighted, EvaluationReference reference,
        Tensor? ownData, Dictionary<string, double> metrics, Dictionary<string, string> notes)
    {
        var settings = reference.Settings;
        var x = ownData ?? reference.TestImages;
        string examples = ownData != null ? $"held-out examples {ShapeText.Format(x.Shape.AsSpan(1).ToArray())} of the model's own data" : "test images";
        string per = ownData != null ? "nats per example" : "nats per image";
        int n = Math.Min(settings.LikelihoodExamples, x.Shape[0]);
        int dims = x.Size / x.Shape[0];
        var gen = new Generator((ulong)settings.Seed * 15_485_863UL + 11);
        var values = new List<double>(n);
        using (Autograd.NoGrad())
        {
            for (int start = 0; start < n; start += settings.BatchSize)
                foreach (float v in model.LogLikelihood(x.Narrow(0, start, Math.Min(settings.BatchSize, n - start)), gen).Data) values.Add(v);
        }
        double mean = values.Average();
        double std = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / Math.Max(1, n - 1));
        metrics["nll"] = -mean;
        metrics["bits_per_dim"] = -mean / (dims * Math.Log(2));
        metrics["nll_stderr"] = std / Math.Sqrt(n);
        notes["nll"] = model.Kind switch
        {
            LikelihoodKind.Exact => $"exact −log p(x) on {n} {examples}, {per}",
            LikelihoodKind.LowerBound => $"−ELBO (an upper bound on −log p(x)) on {n} {examples}, {per}",
            _ => $"estimate of −log p(x) on {n} {examples}, {per} (± nll_stderr over examples)",
        };
        notes["nll_kind"] = model.Kind.ToString().ToLowerInvariant();
        if (model is IEstimatedLikelihoodModel estimated && estimated.EstimateInterval is { } interval)
        {
            metrics["nll_interval_low"] = -mean - interval.Upper;
            metrics["nll_interval_high"] = -mean - interval.Lower;
            notes["nll_interval"] = interval.Method;
        }
        if (weighted != null && settings.ImportanceSamples > 0)
        {
            int m = Math.Min(settings.ImportanceExamples, x.Shape[0]);
            double bound = ImportanceWeightedBound.Mean(weighted, x.Narrow(0, 0, m), settings.ImportanceSamples, gen, Math.Max(1, settings.BatchSize / 5));
            metrics["iwae_nll"] = -bound;
            metrics["iwae_bits_per_dim"] = -bound / (dims * Math.Log(2));
            notes["iwae_nll"] = $"−L_K with K = {settings.ImportanceSamples} on the first {m} {examples} (an upper bound on −log p(x), tighter than −ELBO)";
        }
    }

    private static Tensor PixelGaussian(EvaluationReference reference, int n)
    {
        var gen = new Generator((ulong)reference.Settings.Seed * 613UL + 7);
        int size = reference.PixelMean.Length;
        var noise = Tensor.Randn([n, size], gen).Data;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < size; j++)
                noise[i * size + j] = Math.Clamp(reference.PixelMean[j] + reference.PixelStd[j] * noise[i * size + j], 0f, 1f);
        return Tensor.FromArray(noise.ToArray(), [n, .. reference.ImageShape]);
    }

    private static double AccuracyOf(Tensor probabilities, int[] labels)
    {
        int k = probabilities.Shape[1];
        var p = probabilities.Data;
        int correct = 0;
        for (int i = 0; i < labels.Length; i++) if (Argmax(p.Slice(i * k, k)) == labels[i]) correct++;
        return correct / (double)labels.Length;
    }

    private static double[] ClassAccuracy(Tensor probabilities, int[] labels, int classes)
    {
        int k = probabilities.Shape[1];
        var p = probabilities.Data;
        var correct = new int[classes];
        var total = new int[classes];
        for (int i = 0; i < labels.Length; i++)
        {
            total[labels[i]]++;
            if (Argmax(p.Slice(i * k, k)) == labels[i]) correct[labels[i]]++;
        }
        return [.. Enumerable.Range(0, classes).Select(c => total[c] == 0 ? double.NaN : correct[c] / (double)total[c])];
    }

    private static int Argmax(ReadOnlySpan<float> row)
    {
        int best = 0;
        for (int c = 1; c < row.Length; c++) if (row[c] > row[best]) best = c;
        return best;
    }

    private static void Save(EvaluationReference reference, string name, Tensor features)
    {
        if (reference.Settings.SaveFeaturesDirectory is not { } dir) return;
        Directory.CreateDirectory(dir);
        var safe = new string([.. name.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '-')]);
        NpyFile.Write(Path.Combine(dir, safe + ".npy"), features);
    }
}
