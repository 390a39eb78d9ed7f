using System.Text.Json.Nodes;
using Latent.Tensors;

namespace Latent.Models.Classical;

/// <summary>
/// A <see cref="GaussianHmm"/> of continuous sequences (unit pen steps (Δx, Δy)) as a trainable model: one epoch is one
/// Baum–Welch iteration (<see cref="BaumWelchModel{THmm, TSequence, TStatistics}"/>), accumulated batch by batch in
/// <see cref="GaussianHmmStatistics"/>. Sequences are rows [N, T·D] of T observations of D values each.
/// </summary>
public sealed class GaussianHmmModel : BaumWelchModel<GaussianHmm, double[][], GaussianHmmStatistics>
{
    /// <summary>Wraps a starting model.</summary>
    /// <param name="start">The model Baum–Welch starts from.</param>
    /// <param name="length">The length T of the sequences it scores and samples.</param>
    /// <param name="examplesPerEpoch">The number of training sequences.</param>
    /// <param name="varianceFloor">The ridge added to every variance in the M-step.</param>
    /// <param name="rng">The model's stream.</param>
    public GaussianHmmModel(GaussianHmm start, int length, int examplesPerEpoch, double varianceFloor, Generator rng)
        : base(start, length, examplesPerEpoch, rng)
    {
        if (!(varianceFloor > 0)) throw new ArgumentException($"Gaussian HMM: the variance floor must be positive, got {varianceFloor}.", nameof(varianceFloor));
        VarianceFloor = varianceFloor;
    }

    /// <summary>The ridge λ of the M-step.</summary>
    public double VarianceFloor { get; }

    /// <summary>0: Baum–Welch here is maximum likelihood (the variance ridge is no prior).</summary>
    public override double LogPrior => 0;

    /// <inheritdoc />
    public override int[] SampleShape => [Length, Hmm.Dimension];

    /// <inheritdoc />
    protected override string Description => $"Gaussian HMM ({Hmm.Covariance} covariances)";

    /// <summary>The sequences of rows [N, T·D] (or [N, T, D]).</summary>
    /// <exception cref="ArgumentException">A row does not hold T·D values.</exception>
    public override double[][][] Sequences(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        int d = Hmm.Dimension;
        var rows = ClassicalRows.FromTensor(x.Reshape(x.Shape[0], -1));
        if (rows.Length > 0 && rows[0].Length != Length * d)
            throw new ArgumentException($"Gaussian HMM: rows of {rows[0].Length} values, expected T·D = {Length}·{d}.", nameof(x));
        return rows.Select(r => Enumerable.Range(0, Length).Select(t => r.AsSpan(t * d, d).ToArray()).ToArray()).ToArray();
    }

    /// <inheritdoc />
    protected override GaussianHmmStatistics NewStatistics(GaussianHmm hmm) => new(hmm);

    /// <inheritdoc />
    protected override GaussianHmm Maximize(GaussianHmmStatistics statistics) => statistics.Maximize(VarianceFloor);

    /// <inheritdoc />
    protected override double LogLikelihoodOf(double[][] sequence) => Hmm.LogLikelihood(sequence);

    /// <inheritdoc />
    protected override int StepsOf(double[][] sequence) => sequence.Length;

    /// <inheritdoc />
    protected override double[][] SampleOne(Generator gen) => Hmm.Sample(Length, gen).Observations;

    /// <summary>The path of steps (Δx, Δy); null unless the observations are 2-D.</summary>
    protected override (double X, double Y)[]? PenPath(double[][] sequence) => DrawsPenPaths ? PenTrajectories.DrawSteps(sequence) : null;

    /// <summary>Two-dimensional observations are pen steps (Δx, Δy).</summary>
    protected override bool DrawsPenPaths => Hmm.Dimension == 2;

    /// <inheritdoc />
    protected override string DescribeSequence(double[][] sequence)
        => string.Join(" ", sequence.Select(step => "(" + string.Join(", ", step.Select(v => v.ToString("G4", System.Globalization.CultureInfo.InvariantCulture))) + ")"));

    /// <summary>Sequences [count, T, D] drawn from the model.</summary>
    public override Tensor Sample(int count, Generator gen)
    {
        ArgumentNullException.ThrowIfNull(gen);
        var rows = Enumerable.Range(0, count).Select(_ => SampleOne(gen).SelectMany(o => o).ToArray()).ToArray();
        return count == 0 ? Tensor.Zeros(0, Length, Hmm.Dimension) : ClassicalRows.ToTensor(rows).Reshape(count, Length, Hmm.Dimension);
    }

    /// <inheritdoc />
    public override void SaveExtraState(IDictionary<string, Tensor> tensors, JsonObject state)
    {
        SaveProgress(tensors, state, "ghmm");
        int n = Hmm.States, d = Hmm.Dimension;
        state["ghmm_states"] = n;
        state["ghmm_dimension"] = d;
        ExactState.Put(tensors, "ghmm_initial", Enumerable.Range(0, n).Select(Hmm.Initial).ToArray());
        ExactState.Put(tensors, "ghmm_transition", Enumerable.Range(0, n * n).Select(i => Hmm.Transition(i / n, i % n)).ToArray());
        ExactState.Put(tensors, "ghmm_means", Enumerable.Range(0, n).SelectMany(s => Hmm.Emission(s).Mean).ToArray());
        ExactState.Put(tensors, "ghmm_covariances", Enumerable.Range(0, n).SelectMany(s => Hmm.Emission(s).Covariance.Cast<double>()).ToArray());
        if (Statistics is not { } stats) return;
        state["ghmm_statistics_count"] = stats.Count;
        state["ghmm_statistics_steps"] = stats.Emissions.Count;
        ExactState.Put(tensors, "ghmm_stat_initial", stats.InitialCounts);
        ExactState.Put(tensors, "ghmm_stat_transition", stats.TransitionCounts.Cast<double>().ToArray());
        ExactState.Put(tensors, "ghmm_stat_mass", stats.Emissions.Mass);
        ExactState.Put(tensors, "ghmm_stat_first", stats.Emissions.FirstMoments.SelectMany(m => m).ToArray());
        ExactState.Put(tensors, "ghmm_stat_second", stats.Emissions.SecondMoments.SelectMany(m => m).ToArray());
        ExactState.Put(tensors, "ghmm_stat_loglik", [stats.LogLikelihood]);
    }

    /// <inheritdoc />
    public override void LoadExtraState(IReadOnlyDictionary<string, Tensor> tensors, JsonObject state)
    {
        bool midEpoch = LoadProgress(tensors, state, "ghmm");
        int n = state["ghmm_states"]!.GetValue<int>(), d = state["ghmm_dimension"]!.GetValue<int>();
        var means = ExactState.Get(tensors, "ghmm_means");
        var covariances = ExactState.Get(tensors, "ghmm_covariances");
        var kind = Hmm.Covariance;
        var emissions = new Gaussian[n];
        for (int s = 0; s < n; s++)
        {
            var mean = means.AsSpan(s * d, d).ToArray();
            var cov = HmmModel.Matrix(covariances.AsSpan(s * d * d, d * d).ToArray(), d, d);
            emissions[s] = kind == CovarianceKind.Full ? Gaussian.Full(mean, cov) : Gaussian.Diagonal(mean, Enumerable.Range(0, d).Select(i => cov[i, i]).ToArray());
        }
        Hmm = new GaussianHmm(ExactState.Get(tensors, "ghmm_initial"), HmmModel.Matrix(ExactState.Get(tensors, "ghmm_transition"), n, n), emissions, kind);
        if (!midEpoch) return;
        var stats = new GaussianHmmStatistics(Hmm);
        ExactState.Get(tensors, "ghmm_stat_initial").CopyTo(stats.InitialCounts, 0);
        var t = ExactState.Get(tensors, "ghmm_stat_transition");
        for (int i = 0; i < n * n; i++) stats.TransitionCounts[i / n, i % n] = t[i];
        stats.RestoreEmissions(MixtureStatistics.Restore(n, d, kind, ExactState.Get(tensors, "ghmm_stat_mass"), ExactState.Get(tensors, "ghmm_stat_first"),
            ExactState.Get(tensors, "ghmm_stat_second"), 0, state["ghmm_statistics_steps"]!.GetValue<long>()));
        stats.LogLikelihood = ExactState.Get(tensors, "ghmm_stat_loglik")[0];
        stats.Count = state["ghmm_statistics_count"]!.GetValue<long>();
        Statistics = stats;
    }
}
