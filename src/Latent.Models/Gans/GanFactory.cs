using Latent.Models.Catalog;
using Latent.Tensors;

namespace Latent.Models.Gans;

/// <summary>Builds a <see cref="GanModel"/> and its data from catalog options (see <see cref="GanCatalog"/>).</summary>
public static class GanFactory
{
    /// <summary>Creates the model named <paramref name="model"/> from <paramref name="context"/>.</summary>
    /// <param name="model">The catalog name: gan, dcgan, cgan, wgan, wgan-gp, sngan or unrolled-gan ("cgan" is conditional).</param>
    /// <param name="defaults">The model's options; each is read from the context and falls back to its default.</param>
    /// <param name="context">Configuration, seed and data directory.</param>
    /// <exception cref="ArgumentException">An option has a bad value or options conflict.</exception>
    public static TrainingSetup Create(string model, IReadOnlyList<ModelOption> defaults, ModelContext context)
    {
        var o = new OptionReader(defaults, context);
        var data = GanData.Load(context, o.Text("data"));
        bool conditional = model == "cgan";
        if (conditional && data.Classes == 0)
            throw new ArgumentException($"A conditional GAN needs labelled data; '{o.Text("data")}' has no classes.");
        string arch = o.Text("arch").ToLowerInvariant();
        bool conv = arch switch
        {
            "conv" => data.IsImage ? true : throw new ArgumentException("--arch conv needs image data; toy data uses --arch mlp."),
            "mlp" => false,
            "auto" => data.IsImage,
            _ => throw new ArgumentException($"Unknown --arch '{arch}'; expected conv, mlp or auto."),
        };
        int latentDim = o.Int("latent-dim") is > 0 and var l ? l : data.IsImage ? 100 : 16;
        int hidden = o.Int("hidden") is > 0 and var h ? h : data.IsImage ? 512 : 128;
        int depth = o.Int("depth");
        if (depth < 1) throw new ArgumentException($"--depth must be at least 1, got {depth}.");
        var gNorm = NormLayers.Parse(o.Text("norm"));
        var dNorm = NormLayers.Parse(o.Text("d-norm"));
        int kernels = o.Int("minibatch-discrimination");
        int kernelDim = o.Int("minibatch-kernel-dim");
        bool minibatchStd = o.Flag("minibatch-std");
        bool spectral = o.Flag("spectral-norm");

        var init = context.NewGenerator(3);
        var encoding = LabelEncoder.Parse(o.Text("label-encoding"));
        LabelEncoder? Labels() => conditional ? new LabelEncoder(data.Classes, encoding, o.Int("embedding-dim"), init) : null;
        GanGenerator g;
        GanDiscriminator d;
        if (conv)
        {
            g = new DcganGenerator(init, latentDim, data.SampleShape[0], gNorm, Labels());
            d = new DcganDiscriminator(init, data.SampleShape[0], dNorm, spectral, minibatchStd, kernels, kernelDim, Labels());
        }
        else
        {
            if (dNorm != NormKind.None)
                throw new ArgumentException($"The MLP discriminator has no normalization layers; pass --d-norm none (got {o.Text("d-norm")}).");
            int size = data.SampleShape.Aggregate(1, (a, b) => a * b);
            g = new MlpGenerator(latentDim, data.SampleShape, Enumerable.Repeat(hidden, depth).ToArray(), init, tanhOutput: data.IsImage, gNorm, Labels());
            d = new MlpDiscriminator(size, Enumerable.Repeat(hidden, Math.Max(1, depth - 1)).ToArray(), init, kernels, kernelDim, minibatchStd, spectral, Labels());
        }

        double lr = o.Real("lr");
        var options = new GanOptions
        {
            Loss = GanLosses.Parse(o.Text("loss")),
            DiscriminatorSteps = o.Int("d-steps"),
            GeneratorLr = lr,
            DiscriminatorLr = o.Real("lr-d") is > 0 and var lrD ? lrD : lr,
            Beta1 = o.Real("beta1"),
            Beta2 = o.Real("beta2"),
            RmsProp = o.Text("optimizer").ToLowerInvariant() switch
            {
                "adam" => false,
                "rmsprop" => true,
                var other => throw new ArgumentException($"Unknown --optimizer '{other}'; expected adam or rmsprop."),
            },
            LabelSmoothing = (float)o.Real("label-smoothing"),
            FeatureMatching = o.Flag("feature-matching"),
            GradientPenalty = o.Real("gp"),
            R1 = o.Real("r1"),
            WeightClip = o.Real("clip"),
            HistoricalAveraging = o.Real("historical-averaging"),
            ReplayCapacity = o.Int("replay"),
            ReplayFraction = o.Real("replay-fraction"),
            SnapshotSwapEvery = o.Int("snapshot-swap"),
            SnapshotSwapLength = o.Int("snapshot-swap-length"),
            SeparateBatches = o.Flag("separate-batches"),
            UnrollSteps = o.Int("unroll-steps"),
            UnrollLr = o.Real("unroll-lr"),
            ReferenceBatchSize = o.Int("reference-batch"),
        };
        var gan = new GanModel(g, d, options, context.NewGenerator(4), data.Toy);
        return new TrainingSetup(gan, data.Train, null);
    }

    /// <summary>Reads options from a context, falling back to the model's declared defaults.</summary>
    private sealed class OptionReader(IReadOnlyList<ModelOption> defaults, ModelContext context)
    {
        private ModelOption Find(string name) => defaults.FirstOrDefault(d => d.Name == name)
            ?? throw new InvalidOperationException($"GanFactory: option '{name}' is not declared.");

        public string Text(string name) => context.GetString(name, Find(name).Default.GetValue<string>());

        public int Int(string name) => context.GetInt(name, Find(name).Default.GetValue<int>());

        public double Real(string name) => context.GetDouble(name, Find(name).Default.GetValue<double>());

        public bool Flag(string name) => context.GetBool(name, Find(name).Default.GetValue<bool>());
    }
}
