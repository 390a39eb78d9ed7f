using Latent.Models.Flows;
using Latent.Tensors;

namespace Latent.Tests.Models.Flows;

public class FlowLayerTests
{
    public static TheoryData<string> LayerNames => ["affine-checkerboard", "affine-channel", "additive-checkerboard", "additive-channel", "scaling", "logit", "batchnorm-eval", "flow",
        "image-affine-checkerboard", "image-affine-channel", "image-additive-checkerboard", "image-flow", "image-squeeze", "image-squeeze-flow", "image-multiscale"];

    /// <summary>The layer under test and an input batch in its domain (the logit's in (0, 1)).</summary>
    private static (FlowLayer Layer, Tensor X) Case(string name, int batch = 3)
    {
        var gen = new Generator(11);
        int[] vector = [6];
        int[] image = name == "image-affine-channel" ? [2, 4, 4] : [1, 4, 4];
        FlowLayer layer = name switch
        {
            "affine-checkerboard" => FlowTestKit.Affine(vector, MaskKind.Checkerboard, flip: false, gen),
            "affine-channel" => FlowTestKit.Affine(vector, MaskKind.Channel, flip: true, gen),
            "additive-checkerboard" => FlowTestKit.Additive(vector, MaskKind.Checkerboard, flip: true, gen),
            "additive-channel" => FlowTestKit.Additive(vector, MaskKind.Channel, flip: false, gen),
            "scaling" => FlowTestKit.Scaling(vector, gen),
            "logit" => new LogitTransform(0.05),
            "batchnorm-eval" => TrainedBatchNorm(vector, gen),
            "flow" => new Flow(new LogitTransform(0.05),
                FlowTestKit.Affine(vector, MaskKind.Checkerboard, false, gen), FlowTestKit.Affine(vector, MaskKind.Checkerboard, true, gen),
                FlowTestKit.Additive(vector, MaskKind.Channel, false, gen), FlowTestKit.Affine(vector, MaskKind.Channel, true, gen),
                FlowTestKit.Scaling(vector, gen)),
            "image-affine-checkerboard" => FlowTestKit.Affine(image, MaskKind.Checkerboard, false, gen),
            "image-affine-channel" => FlowTestKit.Affine(image, MaskKind.Channel, false, gen),
            "image-additive-checkerboard" => FlowTestKit.Additive(image, MaskKind.Checkerboard, true, gen),
            "image-flow" => new Flow(FlowTestKit.Affine(image, MaskKind.Checkerboard, false, gen), FlowTestKit.Affine(image, MaskKind.Checkerboard, true, gen),
                FlowTestKit.Scaling(image, gen)),
            "image-squeeze" => new Squeeze(),
            "image-squeeze-flow" => new Flow(FlowTestKit.Affine(image, MaskKind.Checkerboard, false, gen), new Squeeze(),
                FlowTestKit.Affine([4, 2, 2], MaskKind.Channel, false, gen), FlowTestKit.Affine([4, 2, 2], MaskKind.Channel, true, gen)),
            // Two scales: checkerboard coupling, squeeze, channel coupling, then half the channels factored out and
            // the other half squeezed again and coupled at 1×1.
            "image-multiscale" => new Flow(FlowTestKit.Affine(image, MaskKind.Checkerboard, false, gen), new Squeeze(),
                FlowTestKit.Affine([4, 2, 2], MaskKind.Channel, false, gen),
                new FactorOut([4, 2, 2], 2, new Flow(FlowTestKit.Affine([2, 2, 2], MaskKind.Channel, true, gen), new Squeeze(),
                    FlowTestKit.Affine([8, 1, 1], MaskKind.Channel, false, gen)))),
            _ => throw new ArgumentException(name),
        };
        int[] shape = name.StartsWith("image", StringComparison.Ordinal) ? image : vector;
        var x = name is "logit" or "flow" ? Tensor.Rand([batch, .. shape], gen, 0.02f, 0.98f) : Tensor.Randn([batch, .. shape], gen);
        return (layer, x);
    }

    /// <summary>A batch-norm layer with log γ, β and running statistics away from their starting values, in evaluation mode.</summary>
    private static BatchNormFlow TrainedBatchNorm(int[] shape, Generator gen)
    {
        var layer = new BatchNormFlow(shape, momentum: 0.5);
        gen.FillNormal(layer.LogGamma.Data, 0, 0.5f);
        gen.FillNormal(layer.Beta.Data, 0, 0.5f);
        for (int i = 0; i < 4; i++) layer.Transform(Tensor.Randn([16, .. shape], gen, mean: 1.5f, std: 3f));
        layer.Eval();
        return layer;
    }

    [Fact]
    public void BatchNormInTrainingUsesTheBatchStatisticsAndTheirLogDet()
    {
        var gen = new Generator(4);
        var layer = new BatchNormFlow([3], momentum: 0.25);
        gen.FillNormal(layer.LogGamma.Data, 0, 0.5f);
        var x = Tensor.Randn([50, 3], gen, mean: 2f, std: 4f);
        var (z, logDet) = layer.Transform(x);
        double expected = 0;
        for (int j = 0; j < 3; j++)
        {
            double mean = 0, var = 0;
            for (int b = 0; b < 50; b++) mean += x.Data[3 * b + j] / 50.0;
            for (int b = 0; b < 50; b++) var += Math.Pow(x.Data[3 * b + j] - mean, 2) / 50.0;
            expected += layer.LogGamma.Data[j] - 0.5 * Math.Log(var + layer.Eps);
            // Normalized outputs: mean β = 0 and standard deviation γ.
            double zMean = 0, zVar = 0;
            for (int b = 0; b < 50; b++) zMean += z.Data[3 * b + j] / 50.0;
            for (int b = 0; b < 50; b++) zVar += Math.Pow(z.Data[3 * b + j] - zMean, 2) / 50.0;
            Close.Assert(0, zMean, atol: 1e-4, what: $"batch mean of z[{j}]");
            Close.Assert(Math.Exp(2 * layer.LogGamma.Data[j]), zVar, atol: 1e-4, rtol: 1e-3, what: $"batch variance of z[{j}]");
            Close.Assert(0.25 * mean, layer.RunningMean.Data[j], atol: 1e-5, rtol: 1e-5, what: $"running mean[{j}]");
            Close.Assert(0.75 + 0.25 * var, layer.RunningVariance.Data[j], atol: 1e-4, rtol: 1e-5, what: $"running variance[{j}]");
        }
        Assert.All(logDet.ToArray(), v => Close.Assert(expected, v, atol: 1e-4, rtol: 1e-5, what: "log-det in training"));
        // In evaluation the same layer is the fixed affine map of its running statistics.
        layer.Eval();
        var (ze, logDetEval) = layer.Transform(x);
        double expectedEval = 0;
        for (int j = 0; j < 3; j++) expectedEval += layer.LogGamma.Data[j] - 0.5 * Math.Log(layer.RunningVariance.Data[j] + layer.Eps);
        Close.Assert(expectedEval, logDetEval.Data[0], atol: 1e-4, rtol: 1e-5, what: "log-det in evaluation");
        FlowTestKit.AssertClose(x, layer.Inverse(ze), atol: 1e-4, rtol: 1e-5, what: "inverse in evaluation");
        Assert.Throws<ArgumentException>(() => new BatchNormFlow([3]).Transform(Tensor.Zeros(1, 3)));
    }

    [Theory]
    [MemberData(nameof(LayerNames))]
    public void InverseUndoesTransform(string name)
    {
        var (layer, x) = Case(name);
        using var _ = Autograd.NoGrad();
        var (z, _) = layer.Transform(x);
        Assert.Equal(x.Size, z.Size);
        Assert.True(z.ToArray().Zip(x.ToArray()).Any(p => Math.Abs(p.First - p.Second) > 1e-3), $"{name} is the identity; the test would prove nothing");
        FlowTestKit.AssertClose(x, layer.Inverse(z), atol: 1e-5, rtol: 1e-5, what: $"{name}: f⁻¹(f(x))");
    }

    [Theory]
    [MemberData(nameof(LayerNames))]
    public void LogDetEqualsLogAbsDetOfTheAutogradJacobian(string name)
    {
        var (layer, x) = Case(name, batch: 2);
        var logDet = layer.Transform(x).LogDet;
        Assert.Equal([2], logDet.Shape);
        for (int b = 0; b < 2; b++)
        {
            double exact = FlowTestKit.LogAbsDetByAutograd(layer, x.Narrow(0, b, 1));
            Close.Assert(exact, logDet.Data[b], atol: 2e-4, rtol: 1e-4, what: $"{name}: log|det J| of example {b}");
        }
    }

    [Fact]
    public void AdditiveCouplingPreservesVolumeAndAffineCouplingDoesNot()
    {
        var (additive, x) = Case("additive-checkerboard");
        Assert.All(additive.Transform(x).LogDet.ToArray(), v => Assert.Equal(0f, v));
        var (affine, y) = Case("affine-checkerboard");
        Assert.Contains(affine.Transform(y).LogDet.ToArray(), v => Math.Abs(v) > 1e-2);
    }

    [Fact]
    public void CouplingKeepsTheMaskedPartAndTransformsTheRest()
    {
        var (layer, x) = Case("affine-checkerboard");
        var coupling = (AffineCoupling)layer;
        var z = coupling.Transform(x).Z;
        for (int i = 0; i < x.Size; i++)
        {
            bool kept = coupling.Mask.Data[i % 6] == 1f;
            // Kept values pass through x·exp(0) + 0 (the vectorized exp is within an ulp of 1 there).
            if (kept) Close.Assert(x.Data[i], z.Data[i], atol: 1e-7, rtol: 1e-6, what: $"kept value {i}");
            else Assert.True(Math.Abs(x.Data[i] - z.Data[i]) > 1e-4, $"value {i} should be transformed");
        }
    }

    [Fact]
    public void SqueezeMovesEach2x2BlockIntoChannels()
    {
        var x = Tensor.Arange(16).Reshape(1, 1, 4, 4);
        var z = new Squeeze().Transform(x).Z;
        Assert.Equal([1, 4, 2, 2], z.Shape);
        // Channel 2i + j holds pixel (2h + i, 2w + j).
        Assert.Equal([0f, 2f, 8f, 10f, 1f, 3f, 9f, 11f, 4f, 6f, 12f, 14f, 5f, 7f, 13f, 15f], z.ToArray());
        Assert.Throws<ArgumentException>(() => new Squeeze().Transform(Tensor.Zeros(1, 1, 3, 4)));
    }

    [Fact]
    public void FactorOutPassesTheFactoredChannelsStraightToTheOutput()
    {
        var gen = new Generator(8);
        var layer = new FactorOut([4, 2, 2], 1, FlowTestKit.Affine([1, 2, 2], MaskKind.Checkerboard, false, gen));
        var x = Tensor.Randn([3, 4, 2, 2], gen);
        var z = layer.Transform(x).Z;
        Assert.Equal([3, 16], z.Shape);
        for (int b = 0; b < 3; b++)
            for (int i = 4; i < 16; i++) Assert.Equal(x.Data[b * 16 + i], z.Data[b * 16 + i]);
        Assert.Throws<ArgumentException>(() => new FactorOut([4, 2, 2], 4, new Squeeze()));
    }

    [Fact]
    public void MasksFollowIndexParityAndChannels()
    {
        Assert.Equal([1f, 0f, 1f, 0f, 1f], CouplingMask.Checkerboard([5], flip: false).ToArray());
        Assert.Equal([0f, 1f, 0f, 1f, 0f], CouplingMask.Checkerboard([5], flip: true).ToArray());
        // [1, 2, 3]: (h + w) even is kept.
        Assert.Equal([1f, 0f, 1f, 0f, 1f, 0f], CouplingMask.Checkerboard([1, 2, 3], flip: false).ToArray());
        Assert.Equal([1f, 1f, 1f, 0f, 0f], CouplingMask.Channel([5], flip: false).ToArray());
        Assert.Equal([0f, 0f, 0f, 0f, 1f, 1f, 1f, 1f], CouplingMask.Channel([2, 2, 2], flip: true).ToArray());
        var e = Assert.Throws<ArgumentException>(() => CouplingMask.Channel([1, 4, 4], flip: false));
        Assert.Contains("at least 2", e.Message);
    }

    [Fact]
    public void LogitTransformMatchesItsClosedForm()
    {
        const double alpha = 0.05;
        var y = Tensor.FromArray([0f, 0.25f, 0.999f], 1, 3);
        var (w, logDet) = new LogitTransform(alpha).Transform(y);
        double expected = 0;
        for (int i = 0; i < 3; i++)
        {
            double p = alpha + (1 - 2 * alpha) * y.Data[i];
            Close.Assert(Math.Log(p / (1 - p)), w.Data[i], atol: 1e-5, rtol: 1e-5, what: $"logit of {y.Data[i]}");
            expected += Math.Log((1 - 2 * alpha) / (p * (1 - p)));
        }
        Close.Assert(expected, logDet.Item(), atol: 1e-4, rtol: 1e-5, what: "log-det");
        Assert.Throws<ArgumentOutOfRangeException>(() => new LogitTransform(0.5));
    }

    [Fact]
    public void WrongShapesAndNetworksGiveClearErrors()
    {
        var (layer, _) = Case("affine-checkerboard");
        var e = Assert.Throws<ArgumentException>(() => layer.Transform(Tensor.Zeros(2, 5)));
        Assert.Contains("[B, 6]", e.Message);
        var bad = new AffineCoupling(CouplingMask.Checkerboard([6], false), FlowNetworks.Mlp(6, [4], 6, new Generator(1)));
        var e2 = Assert.Throws<InvalidOperationException>(() => bad.Transform(Tensor.Zeros(2, 6)));
        Assert.Contains("[B, 12, ...]", e2.Message);
    }
}
