using Latent.Models.Common;
using Latent.Tensors;

namespace Latent.Models.Flows;

/// <summary>
/// RealNVP's multi-scale architecture (Dinh et al. 2017, §3.6) for images [C, H, W], on flat examples [B, C·H·W]: at
/// each scale <c>k</c> couplings with checkerboard masks, a squeeze to [4C, H/2, W/2], <c>k</c> couplings with channel
/// masks, and half of the channels factored out to the prior; at the coarsest scale <c>k + 1</c> checkerboard
/// couplings. Consecutive couplings of a group use complementary masks; every coupling is affine with a
/// <see cref="ResidualCouplingNetwork"/>.
/// </summary>
public static class MultiScaleFlow
{
    /// <summary>
    /// The flow of <paramref name="options"/> for flat images of <paramref name="imageShape"/>: the logit transform
    /// when asked for, the reshape to [C, H, W], then the scales (<see cref="FlowOptions.Scales"/>, each with
    /// <see cref="FlowOptions.Couplings"/> couplings per group).
    /// </summary>
    /// <exception cref="ArgumentException">The shape is not [C, H, W] with H and W divisible by 2^scales, or the couplings are additive.</exception>
    public static Flow Build(FlowOptions options, int[] imageShape, Generator gen)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(imageShape);
        int divisor = 1 << options.Scales;
        if (imageShape.Length != 3 || imageShape[1] % divisor != 0 || imageShape[2] % divisor != 0)
            throw new ArgumentException($"Option --architecture multi-scale with --scales {options.Scales} needs images [C, H, W] with H and W divisible by {divisor}, got {ShapeText.Format(imageShape)}.");
        if (options.Coupling != CouplingKind.Affine)
            throw new ArgumentException("Option --architecture multi-scale uses affine couplings; drop --coupling additive or use --architecture mlp.");
        int dimensions = imageShape.Aggregate(1, (a, b) => a * b);
        var layers = new List<FlowLayer>();
        if (options.Preprocess == ImagePreprocessing.Logit) layers.Add(new LogitTransform(options.LogitAlpha));
        layers.Add(new ReshapeFlow([dimensions], imageShape));
        layers.AddRange(Scale(options, imageShape, options.Scales, gen));
        return new Flow([.. layers]);
    }

    // One scale on [C, H, W], ending in flat values: the coarsest has k + 1 checkerboard couplings; the others have k
    // checkerboard couplings, a squeeze, k channel couplings and a factor-out whose inner flow is the next scale.
    private static List<FlowLayer> Scale(FlowOptions options, int[] shape, int scalesLeft, Generator gen)
    {
        int k = options.Couplings;
        if (scalesLeft == 0)
        {
            var last = Group(options, shape, MaskKind.Checkerboard, k + 1, gen);
            last.Add(new ReshapeFlow(shape, [shape.Aggregate(1, (a, b) => a * b)]));
            return last;
        }
        var layers = Group(options, shape, MaskKind.Checkerboard, k, gen);
        layers.Add(new Squeeze());
        int[] squeezed = [4 * shape[0], shape[1] / 2, shape[2] / 2];
        layers.AddRange(Group(options, squeezed, MaskKind.Channel, k, gen));
        int kept = squeezed[0] / 2;
        var inner = new Flow([.. Scale(options, [kept, squeezed[1], squeezed[2]], scalesLeft - 1, gen)]);
        layers.Add(new FactorOut(squeezed, kept, inner));
        return layers;
    }

    private static List<FlowLayer> Group(FlowOptions options, int[] shape, MaskKind kind, int count, Generator gen)
    {
        var layers = new List<FlowLayer>();
        for (int i = 0; i < count; i++)
        {
            var mask = CouplingMask.Of(kind, shape, flip: i % 2 == 1);
            layers.Add(new AffineCoupling(mask, new ResidualCouplingNetwork(mask, options.Channels, options.ResBlocks, batchNorm: true, gen)));
            if (options.BatchNorm) layers.Add(new BatchNormFlow(shape));
        }
        return layers;
    }
}
