using Latent.NN;
using Latent.Tensors;

namespace Latent.Models.Flows;

/// <summary>The coupling networks and whole flows that <see cref="FlowOptions"/> describe.</summary>
public static class FlowNetworks
{
    /// <summary>
    /// [Linear → ReLU] per hidden size, then a Linear to <paramref name="outputs"/>. With <paramref name="zeroLast"/>
    /// the last layer starts at zero, so that a coupling starts as the identity.
    /// </summary>
    public static Sequential Mlp(int inputs, int[] hidden, int outputs, Generator gen, bool zeroLast = false)
    {
        ArgumentNullException.ThrowIfNull(hidden);
        var net = new Sequential();
        int width = inputs;
        foreach (int h in hidden)
        {
            net.Add(new Linear(width, h, gen)).Add(new Relu());
            width = h;
        }
        var last = new Linear(width, outputs, gen);
        if (zeroLast)
        {
            last.Weight.Data.Clear();
            last.Bias!.Data.Clear();
        }
        return net.Add(last);
    }

    /// <summary>
    /// The MLP of a <see cref="VectorCoupling"/> with <paramref name="mask"/>: from the kept values to what the transformed
    /// ones need. Its first layer is initialised as a layer over all D values would be (uniform in ±1/√D, as a masked
    /// coupling's), so the flow starts where the masked formulation does.
    /// </summary>
    public static Sequential CouplingMlp(FlowOptions options, Tensor mask, Generator gen)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(mask);
        int dimensions = mask.Size, kept = (int)Math.Round(mask.Sum().Item());
        var (inputs, outputs) = VectorCoupling.NetworkWidths(options.Coupling, dimensions, kept);
        var net = Mlp(inputs, options.Hidden, outputs, gen, zeroLast: true);
        if (options.Hidden.Length > 0 && net[0] is Linear first)
        {
            float scale = (float)Math.Sqrt(inputs / (double)dimensions);
            Scale(first.Weight.Data, scale);
            Scale(first.Bias!.Data, scale);
        }
        return net;
    }

    private static void Scale(Span<float> values, float by)
    {
        for (int i = 0; i < values.Length; i++) values[i] *= by;
    }

    /// <summary>
    /// The flow of <paramref name="options"/> on flattened examples of <paramref name="sampleShape"/>: the logit
    /// transform first when <paramref name="image"/> and <see cref="FlowOptions.Preprocess"/> asks for it, then
    /// <see cref="FlowOptions.Couplings"/> couplings with MLPs (last layers at zero) and alternating masks (with a
    /// <see cref="BatchNormFlow"/> between consecutive couplings when <see cref="FlowOptions.BatchNorm"/> is on), then the
    /// diagonal scaling when <see cref="FlowOptions.Scaling"/> is on.
    /// </summary>
    /// <remarks>With <see cref="FlowArchitecture.MultiScale"/> the flow is <see cref="MultiScaleFlow.Build"/>'s for images of <paramref name="sampleShape"/>.</remarks>
    /// <exception cref="ArgumentException">The multi-scale architecture is asked for on data that are not images.</exception>
    public static Flow Build(FlowOptions options, int[] sampleShape, bool image, Generator gen)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(sampleShape);
        if (options.Architecture == FlowArchitecture.MultiScale)
        {
            if (!image) throw new ArgumentException($"Option --architecture multi-scale needs images; the data '{options.Data}' are points. Use --architecture mlp.");
            return MultiScaleFlow.Build(options, sampleShape, gen);
        }
        int dimensions = sampleShape.Aggregate(1, (a, b) => a * b);
        var layers = new List<FlowLayer>();
        if (image && options.Preprocess == ImagePreprocessing.Logit) layers.Add(new LogitTransform(options.LogitAlpha));
        for (int i = 0; i < options.Couplings; i++)
        {
            var mask = CouplingMask.Of(options.Mask, [dimensions], flip: i % 2 == 1);
            layers.Add(new VectorCoupling(mask, options.Coupling, CouplingMlp(options, mask, gen)));
            if (options.BatchNorm && i < options.Couplings - 1) layers.Add(new BatchNormFlow([dimensions]));
        }
        if (options.Scaling) layers.Add(new DiagonalScaling([dimensions]));
        return new Flow([.. layers]);
    }
}
