using Latent.Data;
using Latent.IO;
using Latent.Models.Common;
using Latent.Models.Metrics;
using Latent.NN;
using Latent.Tensors;
using Latent.Training;

namespace Latent.Models.Autoregressive;

/// <summary>
/// WaveNet (van den Oord et al., 2016) on audio clips [N, 1, T] with samples in [−1, 1]: p(x) = Πₜ p(xₜ | x₍&lt;ₜ₎[, digit])
/// over the μ-law classes of the samples, a softmax at every step from dilated causal convolutions. Training is one
/// parallel pass over every position (teacher forcing); only sampling is sequential, and it uses cached activations.
/// The likelihood is exact over the μ-law classes (for a conditional model, the marginal over the digits).
/// </summary>
/// <example>
/// <code>
/// var options = new WaveNetOptions { Conditional = true };
/// var model = new WaveNet(new WaveNetNetwork(options, new Generator(1)), options, new Generator(2));
/// Tensor sevens = model.Generate([7, 7], 8000, new Generator(3)); // [2, 1, 8000], one second at 8 kHz
/// </code>
/// </example>
public sealed class WaveNet : OneLossModel, IConditionalSampler, IAudioSampler, ITemperatureSampler, ILikelihoodModel
{
    /// <summary>Creates the model; one Adam optimizes the network.</summary>
    public WaveNet(WaveNetNetwork network, WaveNetOptions options, Generator rng)
        : base(new Dictionary<string, Module> { ["network"] = network ?? throw new ArgumentNullException(nameof(network)) }, Validated(options).LearningRate, rng)
    {
        if (network.Quantization != options.Quantization)
            throw new ArgumentException($"WaveNet: the network has {network.Quantization} classes but the options say {options.Quantization}.");
        Network = network;
        Options = options;
    }

    private static WaveNetOptions Validated(WaveNetOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return options;
    }

    /// <summary>The dilated causal network.</summary>
    public WaveNetNetwork Network { get; }

    /// <summary>The options it was built with.</summary>
    public WaveNetOptions Options { get; }

    /// <summary>
    /// Real clips [N, 1, T] (one test clip per digit, in digit order) whose waveforms and spectrograms
    /// <see cref="WriteSamples"/> draws once as <c>data-waveforms.png</c> and <c>data-spectrograms.png</c>, cut to the
    /// generated length, so that samples can be held against the data; null skips them.
    /// </summary>
    public Tensor? Reference { get; init; }

    /// <summary>Samples per second of the clips (for the WAV files).</summary>
    public int SampleRate { get; init; } = SpokenDigits.SampleRate;

    /// <inheritdoc />
    public int Classes => Network.Classes;

    /// <summary>Samples generated per clip by <see cref="Sample(int, Generator)"/>.</summary>
    public int GenerateLength => Options.GenerateLength > 0 ? Options.GenerateLength : Options.ClipLength;

    /// <inheritdoc />
    public int[] SampleShape => [1, GenerateLength];

    /// <inheritdoc />
    public LikelihoodKind Kind => LikelihoodKind.Exact;

    /// <summary>The μ-law classes of clips [N, 1, T] as [N][T].</summary>
    /// <exception cref="ArgumentException">The clips are not [N, 1, T] or hold NaN.</exception>
    public int[][] ClassesOf(Tensor clips)
    {
        ArgumentNullException.ThrowIfNull(clips);
        if (clips.Rank != 3 || clips.Shape[1] != 1)
            throw new ArgumentException($"WaveNet: expected clips [N, 1, T], got {ShapeText.Format(clips.Shape)}.", nameof(clips));
        int n = clips.Shape[0], t = clips.Shape[2];
        var data = clips.ToArray();
        return [.. Enumerable.Range(0, n).Select(i => MuLaw.Encode(data.AsSpan(i * t, t), Network.Quantization))];
    }

    /// <summary>−log p(xₜ | x₍&lt;ₜ₎[, y]) of every sample, [N, T], in nats.</summary>
    public Tensor SampleNll(int[][] classes, int[]? labels) => SampleNll(classes, classes, labels);

    /// <summary>−log p(targetsₜ | inputs₍&lt;ₜ₎[, y]) of every sample, [N, T], in nats: the network reads <paramref name="inputs"/> as the past.</summary>
    private Tensor SampleNll(int[][] classes, int[][] inputs, int[]? labels)
    {
        ArgumentNullException.ThrowIfNull(classes);
        var logits = Network.Forward(inputs, labels);
        int n = classes.Length, t = classes[0].Length;
        var rows = logits.Permute(0, 2, 1).Reshape(n * t, Network.Quantization);
        return Losses.CrossEntropy(rows, [.. classes.SelectMany(c => c)], reduction: Reduction.None).Reshape(n, t);
    }

    /// <inheritdoc />
    /// <remarks>
    /// The loss is the mean NLL per sample in nats over a random window of --crop samples of each clip; also reports
    /// "bits_per_sample". Each clip's window starts where at most half of it lies in the silence that pads the clip
    /// (<see cref="CropStart"/>), so the steps are spent on speech and on its ending, not on padding. The network reads
    /// the receptive field's worth of samples before the window too (<see cref="WindowWithContext"/>) and only the
    /// window is scored, so every scored sample is predicted exactly as in a pass over the whole clip, and as when generating.
    /// With <see cref="WaveNetOptions.InputNoise"/> the past the network reads is perturbed (<see cref="Perturbed"/>) and
    /// the targets are not.
    /// </remarks>
    protected override LossTerms ComputeLoss(Batch batch)
    {
        var classes = ClassesOf(batch.Inputs);
        int t = classes[0].Length, crop = Options.Crop;
        Tensor loss;
        if (crop > 0 && crop < t)
        {
            var windows = classes.Select(c => WindowWithContext(c, CropStart(c, crop, Rng), crop, Network.ReceptiveField)).ToArray();
            int[][] targets = [.. windows.Select(w => w.Window)];
            var nll = SampleNll(targets, PastFor(targets), Labels(batch));
            loss = Tensor.Concat([.. windows.Select((w, i) => nll.Narrow(0, i, 1).Narrow(1, w.Offset, crop))], 0).Mean();
        }
        else loss = SampleNll(classes, PastFor(classes), Labels(batch)).Mean();
        return new LossTerms(loss, [("bits_per_sample", loss * (float)(1 / Math.Log(2)))]);
    }

    /// <summary>What the network reads as the past of <paramref name="targets"/> in training: them, or perturbed copies under <see cref="WaveNetOptions.InputNoise"/>.</summary>
    private int[][] PastFor(int[][] targets)
        => Options.InputNoise > 0 ? Perturbed(targets, Options.InputNoise, Network.Quantization, Rng) : targets;

    /// <summary>Copies of <paramref name="classes"/>, each moved by a rounded N(0, <paramref name="std"/>²) draw and kept within 0..quantization − 1.</summary>
    internal static int[][] Perturbed(int[][] classes, double std, int quantization, Generator rng)
    {
        var result = new int[classes.Length][];
        for (int i = 0; i < classes.Length; i++)
        {
            var row = result[i] = new int[classes[i].Length];
            for (int j = 0; j < row.Length; j++)
                row[j] = Math.Clamp(classes[i][j] + (int)Math.Round(std * rng.NextNormal()), 0, quantization - 1);
        }
        return result;
    }

    /// <summary>
    /// The part of a clip the network reads to score samples <c>[start, start + length)</c>: those samples and the
    /// <paramref name="context"/> before them, or the clip from its beginning when there are fewer (a pass from the
    /// beginning is what scoring the whole clip does). Every window of a clip has the same size,
    /// min(context + length, clip length); <c>Offset</c> is where the scored samples begin in it.
    /// </summary>
    internal static (int[] Window, int Offset) WindowWithContext(int[] classes, int start, int length, int context)
    {
        int size = Math.Min(context + length, classes.Length), from = Math.Max(0, start - (size - length));
        return (classes[from..(from + size)], start - from);
    }

    /// <summary>
    /// A uniform start for a window of <paramref name="crop"/> samples of a clip's classes: from 0 to where the window
    /// would hold half a window of the silence after the clip's last sound (the whole clip when it is all sound or all silence).
    /// </summary>
    internal static int CropStart(int[] classes, int crop, Generator rng)
    {
        int silence = classes[^1], sounding = classes.Length;
        while (sounding > 0 && classes[sounding - 1] == silence) sounding--;
        int last = classes.Length - crop;
        if (sounding > 0) last = Math.Clamp(sounding - crop / 2, 0, last);
        return rng.NextInt(last + 1);
    }

    private int[]? Labels(Batch batch)
        => Classes == 0 ? null : batch.Labels ?? throw new InvalidOperationException("WaveNet: the model is conditional, but the batch has no labels.");

    /// <summary>
    /// Test metrics on whole clips, exact: "nll" (nats per clip), "nll_per_sample" and "bits_per_sample". A conditional
    /// model reports them given each clip's digit ("nll_given_label", "nll_per_sample_given_label",
    /// "bits_per_sample_given_label"): one pass instead of the ten the marginal over the digits takes, which
    /// <see cref="LogLikelihood(Tensor, Generator)"/> (and <c>latent eval</c>) computes.
    /// </summary>
    public override IReadOnlyDictionary<string, double> Evaluate(DataLoader data)
    {
        ArgumentNullException.ThrowIfNull(data);
        bool training = Network.IsTraining;
        SetTraining(false);
        try
        {
            double total = 0;
            long clips = 0, samples = 0;
            foreach (var batch in data)
            {
                foreach (float v in LogLikelihood(batch.Inputs, Classes > 0 ? Labels(batch) : null).Data) total -= v;
                clips += batch.Size;
                samples += batch.Inputs.Size;
            }
            string given = Classes > 0 ? "_given_label" : "";
            return new Dictionary<string, double>
            {
                ["nll" + given] = total / clips,
                ["nll_per_sample" + given] = total / samples,
                ["bits_per_sample" + given] = total / samples / Math.Log(2),
            };
        }
        finally
        {
            SetTraining(training);
        }
    }

    /// <summary>The exact log p(x) of each clip over its μ-law classes, in nats, [N]; for a conditional model the marginal log (1/10) Σ_y p(x | y).</summary>
    public Tensor LogLikelihood(Tensor x, Generator gen)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (Classes == 0) return LogLikelihood(x, (int[]?)null);
        return ClassMarginal.LogLikelihood(Classes, x.Shape[0], labels => LogLikelihood(x, labels));
    }

    /// <summary>The exact log p(x | y) of each clip given its digit (or log p(x) for an unconditional model with null labels), [N].</summary>
    public Tensor LogLikelihood(Tensor x, int[]? labels)
    {
        using var _ = Autograd.NoGrad();
        var classes = ClassesOf(x);
        const int chunk = 4; // clips per forward pass: 4 clips of 6,144 samples already hold ~0.4 GB of activations
        var parts = new List<Tensor>();
        for (int start = 0; start < classes.Length; start += chunk)
        {
            int end = Math.Min(classes.Length, start + chunk);
            parts.Add(-SampleNll(classes[start..end], labels?[start..end]).Sum(1));
        }
        return parts.Count == 1 ? parts[0] : Tensor.Concat([.. parts], 0);
    }

    /// <summary>Draws <paramref name="count"/> clips of <see cref="GenerateLength"/> samples; a conditional model cycles through the digits.</summary>
    public Tensor Sample(int count, Generator gen) => Sample(count, gen, 1);

    /// <summary>
    /// Draws <paramref name="count"/> clips with every next-sample distribution sharpened to p^(1/T)
    /// (<paramref name="temperature"/> T &lt; 1 trades the hiss of unlikely classes for less varied clips).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The count or the temperature is not positive.</exception>
    public Tensor Sample(int count, Generator gen, double temperature)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        return Generate(Classes > 0 ? [.. Enumerable.Range(0, count).Select(i => i % Classes)] : null, GenerateLength, gen, count, cached: true, temperature);
    }

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">The model is not conditional.</exception>
    public Tensor Sample(int[] labels, Generator gen)
    {
        ArgumentNullException.ThrowIfNull(labels);
        if (Classes == 0) throw new InvalidOperationException("WaveNet: this model is not conditional (train it with --conditional).");
        return Generate(labels, GenerateLength, gen);
    }

    /// <summary>Generates clips [N, 1, <paramref name="length"/>] in [−1, 1] sample by sample with cached activations, one clip per label (or <paramref name="count"/> unconditional clips).</summary>
    public Tensor Generate(int[]? labels, int length, Generator gen, int count = 0)
        => Generate(labels, length, gen, count, cached: true);

    /// <summary>
    /// Generation, with cached activations or (<paramref name="cached"/> false, for checking) by a full forward pass
    /// over the history at every step; the same generator state gives the same clips either way.
    /// </summary>
    /// <param name="labels">One digit per clip, or null for <paramref name="count"/> unconditional clips.</param>
    /// <param name="length">Samples per clip.</param>
    /// <param name="gen">The randomness of the draws.</param>
    /// <param name="count">Clips when <paramref name="labels"/> is null.</param>
    /// <param name="cached">Whether to use cached activations (one step per layer per sample).</param>
    /// <param name="temperature">The logits are divided by it before the softmax (1: the model's own distribution).</param>
    /// <exception cref="ArgumentOutOfRangeException">The length, the number of clips or the temperature is not positive.</exception>
    public Tensor Generate(int[]? labels, int length, Generator gen, int count, bool cached, double temperature = 1)
    {
        ArgumentNullException.ThrowIfNull(gen);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        if (!(temperature > 0) || double.IsInfinity(temperature))
            throw new ArgumentOutOfRangeException(nameof(temperature), $"WaveNet: the sampling temperature must be positive and finite, got {temperature}.");
        int n = labels?.Length ?? count;
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n);
        bool training = Network.IsTraining;
        SetTraining(false);
        try
        {
            using var _ = Autograd.NoGrad();
            var drawn = Enumerable.Range(0, n).Select(_ => new int[length]).ToArray();
            var generation = cached ? Network.Start(n, labels) : null;
            for (int t = 0; t < length; t++)
            {
                var logits = generation != null ? generation.Logits() : NaiveLogits(drawn, t, labels);
                if (temperature != 1) logits = logits * (float)(1 / temperature);
                var next = Tensor.Multinomial(logits.Softmax(1), 1, gen).Data;
                var classes = new int[n];
                for (int i = 0; i < n; i++) drawn[i][t] = classes[i] = (int)next[i];
                generation?.Feed(classes);
            }
            var audio = new float[n * length];
            for (int i = 0; i < n; i++)
                for (int t = 0; t < length; t++) audio[i * length + t] = MuLaw.Decode(drawn[i][t], Network.Quantization);
            return Tensor.FromArray(audio, n, 1, length);
        }
        finally
        {
            SetTraining(training);
        }
    }

    private Tensor NaiveLogits(int[][] drawn, int t, int[]? labels)
    {
        var history = drawn.Select(d => d[..(t + 1)]).ToArray(); // position t sees only the samples before it
        return Network.Forward(history, labels).Narrow(2, t, 1).Reshape(drawn.Length, -1);
    }

    /// <summary>
    /// Writes <c>{prefix}-audio-{i}.wav</c> for a few generated clips (one per digit when conditional) and
    /// <c>{prefix}-waveforms.png</c> and <c>{prefix}-spectrograms.png</c>, their waveforms and spectrograms one per strip,
    /// and <c>{prefix}-speech.json</c>: their <see cref="SpeechMeasures"/> beside those of the real clips of <see cref="Reference"/>.
    /// </summary>
    public override void WriteSamples(string directory, string prefix)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var clips = Sample(Classes > 0 ? Classes : 4, new Generator(2024));
        var data = clips.ToArray();
        int n = clips.Shape[0], length = clips.Shape[2];
        for (int i = 0; i < n; i++)
        {
            string name = Classes > 0 ? $"audio-{i}-{SpokenDigits.Words[i % SpokenDigits.Words.Count]}" : $"audio-{i}";
            WaveFile.Write(Path.ChangeExtension(SampleFiles.Path(directory, prefix, name), ".wav"), data.AsSpan(i * length, length), SampleRate);
        }
        Waveforms.Save(clips, SampleFiles.Path(directory, prefix, "waveforms"));
        Spectrograms.Save(clips, SampleRate, SampleFiles.Path(directory, prefix, "spectrograms"));
        var real = Reference?.Narrow(2, 0, Math.Min(length, Reference.Shape[2]));
        var speech = new System.Text.Json.Nodes.JsonObject { ["samples"] = SpeechMeasures.Of(clips, SampleRate).ToJson() };
        if (real is not null) speech["data"] = SpeechMeasures.Of(real, SampleRate).ToJson();
        File.WriteAllText(Path.ChangeExtension(SampleFiles.Path(directory, prefix, "speech"), ".json"),
            speech.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }) + "\n");
        string dataSpectrograms = SampleFiles.Path(directory, "data", "spectrograms");
        if (real is not null && !File.Exists(dataSpectrograms))
        {
            Waveforms.Save(real, SampleFiles.Path(directory, "data", "waveforms"));
            Spectrograms.Save(real, SampleRate, dataSpectrograms);
        }
    }
}
