using System.Text.Json.Nodes;
using Latent.Tensors;

namespace Latent.Models.Classical;

/// <summary>
/// A discrete hidden Markov model of symbol sequences (pen directions) as a trainable model: one epoch is one
/// Baum–Welch iteration (<see cref="BaumWelchModel{THmm, TSequence, TStatistics}"/>), the M-step with an optional
/// Dirichlet pseudo-count on the emissions. Sequences are rows [N, T] of symbol values stored as floats.
/// </summary>
public sealed class HmmModel : BaumWelchModel<HiddenMarkovModel, int[], HmmStatistics>
{
    /// <summary>Wraps a starting model.</summary>
    /// <param name="start">The model Baum–Welch starts from.</param>
    /// <param name="length">The length T of the sequences it samples.</param>
    /// <param name="examplesPerEpoch">The number of training sequences.</param>
    /// <param name="rng">The model's stream.</param>
    /// <param name="emissionPseudocount">Added to every expected emission count in the M-step.</param>
    public HmmModel(HiddenMarkovModel start, int length, int examplesPerEpoch, Generator rng, double emissionPseudocount = 0)
        : base(start, length, examplesPerEpoch, rng)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(emissionPseudocount);
        EmissionPseudocount = emissionPseudocount;
    }

    /// <summary>Added to every expected emission count in the M-step (0: plain maximum likelihood).</summary>
    public double EmissionPseudocount { get; }

    /// <summary>log Πᵢₖ B[i, k]ᵃ, the symmetric Dirichlet(a + 1) prior on each emission row whose MAP estimate the M-step is (up to its constant).</summary>
    public override double LogPrior
    {
        get
        {
            if (EmissionPseudocount == 0) return 0;
            double sum = 0;
            for (int i = 0; i < Hmm.States; i++)
                for (int k = 0; k < Hmm.Symbols; k++) sum += Math.Log(Hmm.Emission(i, k));
            return EmissionPseudocount * sum;
        }
    }

    /// <inheritdoc />
    public override int[] SampleShape => [Length];

    /// <inheritdoc />
    protected override string Description => "HMM";

    /// <summary>The sequences of rows [N, T] holding symbol values.</summary>
    /// <exception cref="ArgumentException">A value is not a symbol of the model.</exception>
    public override int[][] Sequences(Tensor x)
    {
        var rows = ClassicalRows.FromTensor(x);
        return rows.Select(r => r.Select(v =>
        {
            int s = (int)Math.Round(v);
            if (s != v || s < 0 || s >= Hmm.Symbols) throw new ArgumentException($"HMM: {v} is not a symbol in [0, {Hmm.Symbols}).", nameof(x));
            return s;
        }).ToArray()).ToArray();
    }

    /// <inheritdoc />
    protected override HmmStatistics NewStatistics(HiddenMarkovModel hmm) => new(hmm);

    /// <inheritdoc />
    protected override HiddenMarkovModel Maximize(HmmStatistics statistics) => statistics.Maximize(EmissionPseudocount);

    /// <inheritdoc />
    protected override double LogLikelihoodOf(int[] sequence) => Hmm.LogLikelihood(sequence);

    /// <inheritdoc />
    protected override int StepsOf(int[] sequence) => sequence.Length;

    /// <inheritdoc />
    protected override int[] SampleOne(Generator gen) => Hmm.Sample(Length, gen).Symbols;

    /// <inheritdoc />
    protected override (double X, double Y)[] PenPath(int[] sequence) => PenTrajectories.Draw(sequence, Hmm.Symbols);

    /// <summary>The symbols are pen directions.</summary>
    protected override bool DrawsPenPaths => true;

    /// <inheritdoc />
    protected override string DescribeSequence(int[] sequence) => string.Join(" ", sequence);

    /// <summary>Sequences [count, T] of sampled symbols.</summary>
    public override Tensor Sample(int count, Generator gen)
    {
        var rows = Enumerable.Range(0, count).Select(_ => SampleOne(gen).Select(v => (double)v).ToArray()).ToArray();
        return count == 0 ? Tensor.Zeros(0, Length) : ClassicalRows.ToTensor(rows);
    }

    /// <inheritdoc />
    public override void SaveExtraState(IDictionary<string, Tensor> tensors, JsonObject state)
    {
        SaveProgress(tensors, state, "hmm");
        int n = Hmm.States, m = Hmm.Symbols;
        state["hmm_states"] = n;
        state["hmm_symbols"] = m;
        ExactState.Put(tensors, "hmm_initial", Enumerable.Range(0, n).Select(Hmm.Initial).ToArray());
        ExactState.Put(tensors, "hmm_transition", Enumerable.Range(0, n * n).Select(i => Hmm.Transition(i / n, i % n)).ToArray());
        ExactState.Put(tensors, "hmm_emission", Enumerable.Range(0, n * m).Select(i => Hmm.Emission(i / m, i % m)).ToArray());
        if (Statistics is not { } stats) return;
        state["hmm_statistics_count"] = stats.Count;
        ExactState.Put(tensors, "hmm_stat_initial", stats.InitialCounts);
        ExactState.Put(tensors, "hmm_stat_transition", stats.TransitionCounts.Cast<double>().ToArray());
        ExactState.Put(tensors, "hmm_stat_emission", stats.EmissionCounts.Cast<double>().ToArray());
        ExactState.Put(tensors, "hmm_stat_loglik", [stats.LogLikelihood]);
    }

    /// <inheritdoc />
    public override void LoadExtraState(IReadOnlyDictionary<string, Tensor> tensors, JsonObject state)
    {
        bool midEpoch = LoadProgress(tensors, state, "hmm");
        int n = state["hmm_states"]!.GetValue<int>(), m = state["hmm_symbols"]!.GetValue<int>();
        Hmm = new HiddenMarkovModel(ExactState.Get(tensors, "hmm_initial"), Matrix(ExactState.Get(tensors, "hmm_transition"), n, n),
            Matrix(ExactState.Get(tensors, "hmm_emission"), n, m));
        if (!midEpoch) return;
        var stats = new HmmStatistics(Hmm);
        ExactState.Get(tensors, "hmm_stat_initial").CopyTo(stats.InitialCounts, 0);
        var t = Matrix(ExactState.Get(tensors, "hmm_stat_transition"), n, n);
        var e = Matrix(ExactState.Get(tensors, "hmm_stat_emission"), n, m);
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++) stats.TransitionCounts[i, j] = t[i, j];
            for (int k = 0; k < m; k++) stats.EmissionCounts[i, k] = e[i, k];
        }
        stats.LogLikelihood = ExactState.Get(tensors, "hmm_stat_loglik")[0];
        stats.Count = state["hmm_statistics_count"]!.GetValue<long>();
        Statistics = stats;
    }

    internal static double[,] Matrix(double[] values, int rows, int columns)
    {
        var m = new double[rows, columns];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < columns; j++) m[i, j] = values[i * columns + j];
        return m;
    }
}
