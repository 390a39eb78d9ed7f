using Latent.Data;
using Latent.IO;
using Latent.Models.Catalog;
using Latent.Models.Common;
using Latent.NN;
using Latent.Optim;
using Latent.Tensors;
using Latent.Training;

namespace Latent.Models.Gans;

/// <summary>
/// LAPGAN (Denton et al. 2015) for 28×28 images, a Laplacian pyramid 7 → 14 → 28 (<see cref="LaplacianPyramid"/>):
/// an MLP GAN makes the 7×7 image, and at each finer level a conditional GAN makes the band-pass residual h_k
/// from the upsampled coarser image l_k = u(I_{k+1}), so that I_k = l_k + G_k(l_k, z_k). The levels train
/// independently, each on the real pyramid of the batch, with the non-saturating loss; sampling chains them.
/// </summary>
public sealed class LapganModel : TrainableModel, ISampler
{
    private const int Steps = 2;
    private readonly LapganOptions _options;
    private readonly MlpGenerator _coarseG;
    private readonly MlpDiscriminator _coarseD;
    private readonly LapganLevelGenerator[] _g;   // index k refines level k+1 into level k (0: 28×28, 1: 14×14)
    private readonly LapganLevelDiscriminator[] _d;
    private readonly Dictionary<string, Module> _modules = [];
    private readonly Dictionary<string, Optimizer> _optimizers = [];
    private readonly Tensor _fixedNoise;

    /// <summary>Builds the networks for images of <paramref name="channels"/> channels, 28×28.</summary>
    public LapganModel(LapganOptions options, int channels, Generator init, Generator rng) : base(rng)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        int coarse = 28 >> Steps;
        _coarseG = Add("coarse-generator", new MlpGenerator(options.LatentDim, [channels, coarse, coarse], [options.CoarseHidden, options.CoarseHidden], init, tanhOutput: true, NormKind.Batch));
        _coarseD = Add("coarse-discriminator", new MlpDiscriminator(channels * coarse * coarse, [options.CoarseHidden], init));
        _g = new LapganLevelGenerator[Steps];
        _d = new LapganLevelDiscriminator[Steps];
        for (int k = 0; k < Steps; k++)
        {
            int size = 28 >> k;
            _g[k] = Add($"generator-{size}", new LapganLevelGenerator(channels, options.Width, init));
            _d[k] = Add($"discriminator-{size}", new LapganLevelDiscriminator(channels, size, options.Width, init));
        }
        _fixedNoise = _coarseG.SampleLatent(64, new Generator(0x1A9));
    }

    /// <summary>LAPGAN on Fashion-MNIST as <paramref name="options"/> describe.</summary>
    /// <exception cref="ArgumentException">An option has a bad value.</exception>
    /// <exception cref="DatasetNotFoundException">Fashion-MNIST is not installed.</exception>
    public static TrainingSetup Create(LapganOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var data = GanImageData.Load(options);
        return new TrainingSetup(new LapganModel(options, data.Data.ImageShape[0], options.NewGenerator(3), options.NewGenerator(4)), data.Train, null);
    }

    private T Add<T>(string name, T module) where T : Module
    {
        _modules[name] = module;
        _optimizers[name] = new Adam(module.Parameters(), _options.LearningRate, _options.Beta1);
        return module;
    }

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, Module> Modules => _modules;

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, Optimizer> Optimizers => _optimizers;

    /// <inheritdoc />
    public int[] SampleShape => [_g[0].Channels, 28, 28];

    /// <summary>Images in [0, 1] generated coarse to fine.</summary>
    public Tensor Sample(int count, Generator gen) => ((Levels(_coarseG.SampleLatent(count, gen), gen)[^1] + 1f) * 0.5f).Clamp(0f, 1f);

    /// <summary>
    /// The generated levels 7×7, 14×14, 28×28 in [−1, 1] for coarse codes <paramref name="z"/>, in evaluation mode
    /// and without a graph; the residual generators draw their noise from <paramref name="gen"/>.
    /// </summary>
    public IReadOnlyList<Tensor> Levels(Tensor z, Generator gen)
    {
        bool training = _coarseG.IsTraining;
        foreach (var m in _modules.Values) m.Eval();
        try
        {
            using var _ = Autograd.NoGrad();
            var levels = new List<Tensor> { _coarseG.Generate(z) };
            for (int k = Steps - 1; k >= 0; k--)
            {
                var low = LaplacianPyramid.Up(levels[^1]);
                levels.Add(low + _g[k].Generate(low, gen));
            }
            return levels;
        }
        finally { SetTraining(training); }
    }

    /// <inheritdoc />
    /// <returns>"d_loss" and "g_loss" summed over the levels, and per level "d_7", "g_7", "d_14", … .</returns>
    public override IReadOnlyDictionary<string, double> TrainStep(Batch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var real = batch.Inputs;
        var gaussian = new Tensor[Steps + 1];
        gaussian[0] = real;
        for (int k = 1; k <= Steps; k++) gaussian[k] = LaplacianPyramid.Down(gaussian[k - 1]);
        var metrics = new Dictionary<string, double>();
        int coarse = 28 >> Steps;
        var fakeCoarse = _coarseG.Generate(_coarseG.SampleLatent(real.Shape[0], Rng));
        Play($"{coarse}", "coarse", x => _coarseD.Score(x), gaussian[Steps], fakeCoarse, metrics);
        for (int k = 0; k < Steps; k++)
        {
            var low = LaplacianPyramid.Up(gaussian[k + 1]);
            var lowConst = low.Detach();
            Play($"{28 >> k}", $"{28 >> k}", h => _d[k].Score(h, lowConst), gaussian[k] - low, _g[k].Generate(lowConst, Rng), metrics);
        }
        metrics["d_loss"] = metrics.Where(kv => kv.Key.StartsWith("d_", StringComparison.Ordinal)).Sum(kv => kv.Value);
        metrics["g_loss"] = metrics.Where(kv => kv.Key.StartsWith("g_", StringComparison.Ordinal) && kv.Key != "g_loss").Sum(kv => kv.Value);
        return metrics;
    }

    /// <summary>One discriminator and one generator step of a level's GAN.</summary>
    private void Play(string level, string modules, Func<Tensor, Tensor> score, Tensor real, Tensor fake, Dictionary<string, double> metrics)
    {
        string g = modules == "coarse" ? "coarse-generator" : $"generator-{modules}";
        string d = modules == "coarse" ? "coarse-discriminator" : $"discriminator-{modules}";
        _optimizers[d].ZeroGrad();
        var dLoss = GanLosses.Discriminator(GanLossKind.NonSaturating, score(real.Detach()), score(fake.Detach()));
        dLoss.Backward();
        _optimizers[d].Step();
        _optimizers[g].ZeroGrad();
        var gLoss = GanLosses.Generator(GanLossKind.NonSaturating, score(fake));
        gLoss.Backward(inputs: _modules[g].Parameters().Where(p => p.RequiresGrad));
        _optimizers[g].Step();
        metrics["d_" + level] = dLoss.Item();
        metrics["g_" + level] = gLoss.Item();
    }

    /// <summary>
    /// Writes <c>{prefix}.png</c> (64 samples from fixed codes) and <c>{prefix}-levels.png</c>: for 8 of them, the
    /// 7×7, 14×14 and 28×28 levels side by side (shown at 28×28).
    /// </summary>
    public override void WriteSamples(string directory, string prefix)
    {
        Directory.CreateDirectory(directory);
        var levels = Levels(_fixedNoise, new Generator(0x1AA));
        ImageGrid.Save(levels[^1], Path.Combine(directory, prefix + ".png"), columns: 8, low: -1f, high: 1f);
        var shown = levels.Select(l => l.Narrow(0, 0, 8).UpsampleNearest(28, 28)).ToArray();
        var rows = Enumerable.Range(0, 8).SelectMany(i => shown.Select(l => l.Narrow(0, i, 1))).ToArray();
        ImageGrid.Save(Tensor.Concat(rows, 0), SampleFiles.Path(directory, prefix, "levels"), columns: shown.Length, low: -1f, high: 1f);
    }
}
