using Latent.Data;
using Latent.Models.Autoregressive;
using Latent.Models.Common;
using Latent.Tensors;

namespace Latent.Tests.Models.Autoregressive;

public class WaveNetTests
{
    private static WaveNetOptions Tiny(bool conditional = false, int quantization = 16)
        => new() { Stacks = 2, MaxDilation = 4, ResidualChannels = 3, SkipChannels = 4, Quantization = quantization, Conditional = conditional, ClipLength = 64, Crop = 32 };

    [Fact]
    public void MuLawRoundTripsEveryClassAndCompandsSamples()
    {
        for (int c = 0; c < 256; c++) Assert.Equal(c, MuLaw.Encode(MuLaw.Decode(c)));
        Assert.Equal(255, MuLaw.Encode(1f));
        Assert.Equal(0, MuLaw.Encode(-1f));
        Assert.Equal(255, MuLaw.Encode(3f));
        // f(x) = sign(x) ln(1 + 255|x|) / ln 256, class round((f + 1)/2 · 255): x = 0.1 gives f = 0.5912, class 203.
        Assert.Equal((int)Math.Round((Math.Log(1 + 25.5) / Math.Log(256) + 1) / 2 * 255), MuLaw.Encode(0.1f));
        // A sample comes back within half a class step of the companded scale: small errors for quiet samples.
        var gen = new Generator(61);
        for (int i = 0; i < 1000; i++)
        {
            float x = (float)(gen.NextDouble() * 2 - 1);
            float back = MuLaw.Decode(MuLaw.Encode(x));
            double slope = Math.Log(256) / 255 * (1 + 255 * Math.Abs(x)); // |dx/df|
            Assert.True(Math.Abs(back - x) <= slope / 255 * 1.01 + 1e-6, $"x {x} came back as {back}");
        }
        Assert.True(Math.Abs(MuLaw.Decode(MuLaw.Encode(0.01f)) - 0.01f) < 5e-4, "quiet samples keep fine resolution");
        Assert.Throws<ArgumentException>(() => MuLaw.Encode(float.NaN));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TheStackIsCausalWithTheReceptiveFieldOfItsDilations(bool conditional)
    {
        // Enough skip channels that the head's ReLUs never cut every path from an input inside the field.
        var net = new WaveNetNetwork(Tiny(conditional) with { SkipChannels = 16 }, new Generator(62), classes: 3);
        int t = 30, field = 2 + 2 * (1 + 2 + 4); // input conv sees 2 inputs, each dilated layer d more
        Assert.Equal(field, net.ReceptiveField);
        var x = Tensor.Randn([1, 3, t], new Generator(63)).RequireGrad();
        int[]? labels = conditional ? [1] : null;
        var y = net.FromInputs(x, labels);
        for (int i = 0; i < t; i++)
        {
            var pick = Tensor.Zeros(y.Shape);
            for (int o = 0; o < y.Shape[1]; o++) pick.Data[o * t + i] = 1f;
            var g = Autograd.Grad(y, x, pick, retainGraph: true);
            for (int j = 0; j < t; j++)
            {
                double d = 0;
                for (int c = 0; c < 3; c++) d += Math.Abs(g.Data[c * t + j]);
                bool inside = j <= i && j > i - field;
                Assert.True(inside ? d > 0 : d == 0, $"logits at {i} and input {j}: gradient {d}");
            }
        }
    }

    [Fact]
    public void ASampleChangesOnlyTheLogitsAfterIt()
    {
        var net = new WaveNetNetwork(Tiny(), new Generator(64));
        var a = Enumerable.Range(0, 20).Select(i => (i * 7) % 16).ToArray();
        var b = (int[])a.Clone();
        b[9] = (b[9] + 5) % 16;
        var la = net.Forward([a], null);
        var lb = net.Forward([b], null);
        for (int t = 0; t < 20; t++)
        {
            double diff = 0;
            for (int c = 0; c < 16; c++) diff += Math.Abs(la.Data[c * 20 + t] - lb.Data[c * 20 + t]);
            Assert.True(t <= 9 ? diff == 0 : t == 10 ? diff > 0 : true, $"step {t}: logits changed by {diff}");
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void CachedGenerationEqualsNaiveGenerationForTheSameDraws(bool conditional)
    {
        var options = Tiny(conditional);
        var model = new WaveNet(new WaveNetNetwork(options, new Generator(65), classes: 3), options, new Generator(66));
        int[]? labels = conditional ? [0, 2, 1] : null;
        var cached = model.Generate(labels, 40, new Generator(67), 3, cached: true);
        var naive = model.Generate(labels, 40, new Generator(67), 3, cached: false);
        Assert.Equal(naive.ToArray(), cached.ToArray());
        Assert.True(cached.ToArray().Distinct().Count() > 3, "the draws should vary");
    }

    [Fact]
    public void TemperatureOneIsTheModelItselfAndALowTemperatureDrawsTheMostLikelyClass()
    {
        var options = Tiny() with { GenerateLength = 30 };
        var model = new WaveNet(new WaveNetNetwork(options, new Generator(65), classes: 0), options, new Generator(66));
        Assert.Equal(model.Sample(4, new Generator(5)).ToArray(), model.Sample(4, new Generator(5), 1).ToArray());
        // At T → 0 the softmax puts all mass on the largest logit, so the draws no longer depend on the generator.
        var cold = model.Sample(4, new Generator(5), 1e-4).ToArray();
        Assert.Equal(cold, model.Sample(4, new Generator(77), 1e-4).ToArray());
        Assert.NotEqual(model.Sample(4, new Generator(5), 2).ToArray(), model.Sample(4, new Generator(77), 2).ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => model.Sample(4, new Generator(5), 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => model.Sample(4, new Generator(5), double.NaN));
    }

    [Fact]
    public void LikelihoodIsTheSumOfTheStepsAndTrainingLowersIt()
    {
        var options = Tiny(conditional: true) with { LearningRate = 1e-2 };
        var model = new WaveNet(new WaveNetNetwork(options, new Generator(68), classes: 2), options, new Generator(69));
        // A periodic "sound" per class: the model should learn to predict it.
        var clips = new float[4 * 64];
        for (int i = 0; i < 4; i++)
            for (int t = 0; t < 64; t++) clips[i * 64 + t] = 0.6f * MathF.Sin(2 * MathF.PI * t / (i % 2 == 0 ? 8 : 5));
        var x = Tensor.FromArray(clips, 4, 1, 64);
        int[] labels = [0, 1, 0, 1];
        var before = model.LogLikelihood(x, labels).ToArray();
        Close.Assert(-64 * Math.Log(16), before.Average(), atol: 20, rtol: 0, what: "untrained log-likelihood is near uniform");
        var batch = new Batch(x, labels, null, [0, 1, 2, 3]);
        for (int s = 0; s < 60; s++) model.TrainStep(batch);
        var after = model.LogLikelihood(x, labels).ToArray();
        Assert.True(after.Average() > before.Average() + 40, $"log p {before.Average():F1} → {after.Average():F1}");
        var marginal = model.LogLikelihood(x, new Generator(0)).ToArray();
        for (int i = 0; i < 4; i++)
            Assert.True(marginal[i] >= after[i] - Math.Log(2) - 1e-3 && marginal[i] <= after[i] + Math.Log(2), "the marginal over two digits is within log 2 of the conditional");
        Assert.Throws<ArgumentException>(() => model.LogLikelihood(x, [0, 1, 0, 2]));
    }

    [Fact]
    public void InputNoisePerturbsOnlyThePastTheNetworkReads()
    {
        // The perturbation: rounded Gaussian steps of the requested spread, clamped to the classes.
        var flat = Enumerable.Range(0, 20000).Select(i => i % 2 == 0 ? 128 : 0).ToArray();
        var moved = WaveNet.Perturbed([flat], 3.0, 256, new Generator(5))[0];
        var steps = Enumerable.Range(0, flat.Length).Where(i => i % 2 == 0).Select(i => (double)(moved[i] - flat[i])).ToArray();
        double std = Math.Sqrt(steps.Select(d => d * d).Average());
        Assert.InRange(std, 2.9, 3.15); // √(9 + 1/12): rounding adds its own variance
        Assert.All(Enumerable.Range(0, flat.Length).Where(i => i % 2 == 1), i => Assert.True(moved[i] >= 0, "clamped at class 0"));
        Assert.Equal(flat, Enumerable.Range(0, 20000).Select(i => i % 2 == 0 ? 128 : 0).ToArray()); // the input is not changed
        // In training the noise changes the loss of the same seed, and off it changes nothing (the same draws as before).
        var x = Tensor.FromArray([.. Enumerable.Range(0, 2 * 64).Select(t => 0.6f * MathF.Sin(2 * MathF.PI * t / 8))], 2, 1, 64);
        var batch = new Batch(x, null, null, [0, 1]);
        double Loss(double noise)
        {
            var options = Tiny(conditional: false) with { InputNoise = noise };
            var model = new WaveNet(new WaveNetNetwork(options, new Generator(70)), options, new Generator(71));
            return model.TrainStep(batch)["loss"];
        }
        Assert.Equal(Loss(0), Loss(0));
        Assert.NotEqual(Loss(0), Loss(4));
        Assert.True(double.IsFinite(Loss(1000)));
        var e = Assert.Throws<ArgumentException>(() => new WaveNetOptions { InputNoise = -1 }.Validate());
        Assert.Contains("--input-noise", e.Message);
        Assert.Contains("input-noise", Latent.Models.Catalog.ResumedConfig.Changeable);
    }

    [SkippableFact]
    public void TrainsOnTheSpokenDigitsAndWritesAudio()
    {
        Skip.If(!File.Exists("/usr/bin/espeak-ng") && !Directory.Exists(SpokenDigits.DefaultDirectory()), "espeak-ng is not installed");
        var setup = AutoregressiveFamily.Create(new WaveNetOptions
        {
            Stacks = 1, MaxDilation = 64, ResidualChannels = 8, SkipChannels = 16, Crop = 1024, ClipLength = 2048, GenerateLength = 400,
            BatchSize = 8, LearningRate = 1e-2, TrainSize = 64,
        });
        var model = (WaveNet)setup.Model;
        var test = new Latent.Data.DataLoader(setup.Test!.First().Inputs.Narrow(0, 0, 4), batchSize: 4, shuffle: false);
        var before = model.Evaluate(test)["bits_per_sample"];
        InMemoryTraining.Fit(model, setup.Train, 40);
        var after = model.Evaluate(test)["bits_per_sample"];
        Assert.True(after < before - 0.25, $"bits per sample {before:F2} → {after:F2}");
        string dir = Directory.CreateTempSubdirectory("wavenet").FullName;
        try
        {
            model.WriteSamples(dir, "t");
            var (audio, rate) = WaveFile.Read(Path.Combine(dir, "t-audio-0.wav"));
            Assert.Equal(8000, rate);
            Assert.Equal(400, audio.Length);
            Assert.True(File.Exists(Path.Combine(dir, "t-waveforms.png")));
            Assert.True(File.Exists(Path.Combine(dir, "t-spectrograms.png")));
            Assert.Equal([10, 1, 2048], model.Reference!.Shape);
            Assert.True(File.Exists(Path.Combine(dir, "data-spectrograms.png")), "the real clips are drawn beside the samples");
            Assert.True(File.Exists(Path.Combine(dir, "data-waveforms.png")));
            var speech = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "t-speech.json")))!;
            Assert.Equal(4, (int)speech["samples"]!["clips"]!); // unconditional: four clips
            Assert.True((double)speech["data"]!["median_prediction_gain_db"]! > 10, "real espeak digits are predictable speech");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void TrainingWindowsStayOnTheSoundAndAtMostHalfAWindowIntoThePaddingSilence()
    {
        var gen = new Generator(4);
        int[] clip = [.. Enumerable.Range(0, 100).Select(i => i % 7 == 3 ? 128 : 60 + i % 50), .. Enumerable.Repeat(128, 100)];
        var starts = Enumerable.Range(0, 2000).Select(_ => WaveNet.CropStart(clip, 40, gen)).ToList();
        Assert.Equal(0, starts.Min());
        Assert.Equal(80, starts.Max()); // the last sound is at 99: a window may hold 20 samples of the silence after it
        var silent = Enumerable.Repeat(128, 200).ToArray();
        Assert.Equal(160, Enumerable.Range(0, 2000).Select(_ => WaveNet.CropStart(silent, 40, gen)).Max());
        int[] loud = [.. Enumerable.Range(0, 200).Select(i => 60 + i % 50)];
        Assert.Equal(160, Enumerable.Range(0, 2000).Select(_ => WaveNet.CropStart(loud, 40, gen)).Max());
    }

    [Fact]
    public void TrainingWindowsCarryTheirReceptiveFieldSoEachScoredSampleIsPredictedAsInTheWholeClip()
    {
        int[] clip = [.. Enumerable.Range(0, 64).Select(i => (i * 5 + i / 3) % 16)];
        void Expect(int[] window, int offset, int start, int length, int context)
        {
            var got = WaveNet.WindowWithContext(clip, start, length, context);
            Assert.Equal(window, got.Window);
            Assert.Equal(offset, got.Offset);
        }
        Expect(clip[0..6], 1, start: 1, length: 2, context: 4); // fewer than 4 samples before: the clip from its beginning
        Expect(clip[20..30], 4, start: 24, length: 6, context: 4);
        Expect(clip, 30, start: 30, length: 10, context: 100); // the context is longer than the clip: the whole clip

        var options = Tiny();
        var network = new WaveNetNetwork(options, new Generator(1));
        var model = new WaveNet(network, options, new Generator(2));
        int context = network.ReceptiveField, crop = 12;
        var whole = model.SampleNll([clip], null).ToArray();
        foreach (int start in new[] { 0, 3, context, 40, 52 })
        {
            var (window, offset) = WaveNet.WindowWithContext(clip, start, crop, context);
            var nll = model.SampleNll([window], null).ToArray();
            for (int i = 0; i < crop; i++)
                Close.Assert(whole[start + i], nll[offset + i], atol: 1e-5, rtol: 1e-5, what: $"NLL of sample {start + i} from the window at {start}");
        }
    }

    [Fact]
    public void AConditionalModelReportsItsEpochLikelihoodGivenTheDigitAndItsMarginalThroughLogLikelihood()
    {
        var options = Tiny(conditional: true);
        var model = new WaveNet(new WaveNetNetwork(options, new Generator(1), 10), options, new Generator(2));
        var gen = new Generator(3);
        var clips = (Tensor.Rand([4, 1, 64], gen) * 1.6f - 0.8f);
        int[] labels = [1, 2, 3, 4];
        var metrics = model.Evaluate(new Latent.Data.DataLoader(clips, labels, batchSize: 4, shuffle: false));
        Assert.False(metrics.ContainsKey("nll"));
        double given = -model.LogLikelihood(clips, labels).ToArray().Average();
        Close.Assert(metrics["nll_given_label"], given, atol: 1e-3, rtol: 1e-5);
        Close.Assert(metrics["bits_per_sample_given_label"], given / 64 / Math.Log(2), atol: 1e-5, rtol: 1e-5);
    }
}
