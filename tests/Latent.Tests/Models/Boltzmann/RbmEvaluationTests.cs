using Latent.Data;
using Latent.Models.Boltzmann;
using Latent.Models.Common;
using Latent.Models.Metrics;
using Latent.Tensors;

namespace Latent.Tests.Models.Boltzmann;

/// <summary>The RBM in <c>latent eval</c>'s evaluation: an AIS estimate with its ±3σ̂ interval beside the NLL.</summary>
public class RbmEvaluationTests
{
    /// <summary>Features for the reference rows: the mean of each image row (enough for an NLL-only evaluation).</summary>
    private sealed class RowMeans : IFeatureNetwork
    {
        public string Name => "row-means";

        public int FeatureDim => 8;

        public Tensor Features(Tensor images) => images.Reshape(images.Shape[0], 8, 8).Mean(2);
    }

    private static ImageDataset Images(int count, ulong seed)
    {
        var gen = new Generator(seed);
        var pixels = new byte[count * 64];
        for (int i = 0; i < pixels.Length; i++) pixels[i] = (byte)(gen.NextFloat() < (i % 64 < 32 ? 0.7 : 0.2) ? 255 : 0);
        return new ImageDataset("halves", pixels, new int[count], 1, 8, 8, ["x"]);
    }

    /// <summary>An 8 × 8 RBM whose 24 hidden units are too many to enumerate, so log Z is an AIS estimate.</summary>
    private static RestrictedBoltzmannMachine Model()
    {
        var model = new RestrictedBoltzmannMachine([1, 8, 8], new RbmOptions { Hidden = 24, InitStd = 0.3, AisTemperatures = 300, AisRuns = 50 },
            null, 1, new Generator(2), new Generator(3));
        new Generator(4).FillNormal(model.Parameters.VisibleBias.Data, 0, 0.5f);
        return model;
    }

    [Fact]
    public void EvaluationReportsTheAisIntervalAroundTheNll()
    {
        var model = Model();
        Assert.Equal(LikelihoodKind.Estimate, model.Kind);
        Assert.Null(model.EstimateInterval);   // nothing estimated yet
        var reference = EvaluationReference.Create(new RowMeans(), Images(200, 1), Images(100, 2),
            new EvaluationSettings { Samples = 100, LikelihoodExamples = 100, BatchSize = 50, Metrics = EvaluationSettings.ParseMetrics("nll") });
        var row = Evaluation.EvaluateModel("rbm", model, reference);
        double nll = row.Metrics["nll"], low = row.Metrics["nll_interval_low"], high = row.Metrics["nll_interval_high"];
        Assert.True(low <= nll && nll <= high && high - low > 1e-4, $"NLL {nll} outside or at a point interval [{low}, {high}]");
        Assert.Contains("AIS", row.Notes["nll_interval"]);
        Assert.Equal("estimate", row.Notes["nll_kind"]);

        // The same numbers from the estimate itself: NLL = mean F + log Ẑ, interval from log(Ẑ ± 3σ̂).
        var interval = model.EstimateInterval!;
        var test = reference.TestImages;
        double meanFree = model.Parameters.FreeEnergy(model.ToVisible(test, new Generator(0))).Mean().Item();
        double logZ = nll - meanFree;
        Close.Assert(nll - interval.Upper, low, atol: 1e-9, rtol: 0);
        Close.Assert(nll - interval.Lower, high, atol: 1e-9, rtol: 0);
        var ais = model.EstimateLogPartition(AisSchedule.Standard(300), 50, new Generator(99));
        Assert.True(Math.Abs(ais.LogZ - logZ) < 0.5, $"the evaluation's log Z {logZ:F3} and an independent AIS run's {ais.LogZ:F3} disagree");
        Assert.Equal($"{nll:F2} ({low:F2} to {high:F2})", EvaluationTable.Cell(row, "nll"));
    }

    [Fact]
    public void ExactModelsHaveNoEstimateInterval()
    {
        var model = new RestrictedBoltzmannMachine([1, 8, 8], new RbmOptions { Hidden = 6 }, null, 1, new Generator(2), new Generator(3));
        model.LogLikelihood(Tensor.Zeros(2, 1, 8, 8), new Generator(1));
        Assert.Null(model.EstimateInterval);
    }

    [Fact]
    public void TheIntervalIsForgottenWhenTheParametersChange()
    {
        var model = Model();
        model.LogLikelihood(Tensor.Zeros(2, 1, 8, 8), new Generator(1));
        Assert.NotNull(model.EstimateInterval);
        model.Parameters.HiddenBias.Data[0] += 1f;
        Assert.Null(model.EstimateInterval);
    }
}
