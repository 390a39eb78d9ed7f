namespace Latent.Models.Classical;

/// <summary>
/// The expected counts of Baum–Welch for a <see cref="GaussianHmm"/> under one model, accumulated sequence by sequence
/// (or batch by batch): Σ γ₁(s), Σₜ ξₜ(i, j), and the γ-weighted moments of the observations of every state (a
/// <see cref="MixtureStatistics"/> with one component per state). Adding every training sequence and calling
/// <see cref="Maximize"/> is one EM iteration, however the sequences are batched.
/// </summary>
public sealed class GaussianHmmStatistics : IBaumWelchStatistics<double[][]>
{
    private readonly GaussianHmm _model;

    /// <summary>Empty counts whose posteriors come from <paramref name="model"/>.</summary>
    public GaussianHmmStatistics(GaussianHmm model)
    {
        _model = model ?? throw new ArgumentNullException(nameof(model));
        InitialCounts = new double[model.States];
        TransitionCounts = new double[model.States, model.States];
        Emissions = new MixtureStatistics(model.States, model.Dimension, model.Covariance);
    }

    /// <summary>The expected initial-state counts Σ γ₁(s), one per state.</summary>
    public double[] InitialCounts { get; }

    /// <summary>Σₜ ξₜ(i, j).</summary>
    public double[,] TransitionCounts { get; }

    /// <summary>Σₜ γₜ(s), Σₜ γₜ(s)·xₜ and Σₜ γₜ(s)·xₜxₜᵀ (or its diagonal), per state.</summary>
    public MixtureStatistics Emissions { get; private set; }

    /// <summary>Σ log p(x) of the sequences added, under the model of the E-step.</summary>
    public double LogLikelihood { get; set; }

    /// <summary>The number of sequences added.</summary>
    public long Count { get; set; }

    /// <summary>Replaces the emission moments by saved ones (exact resume).</summary>
    public void RestoreEmissions(MixtureStatistics emissions)
    {
        ArgumentNullException.ThrowIfNull(emissions);
        if (emissions.Components != _model.States || emissions.Dimension != _model.Dimension || emissions.Kind != _model.Covariance)
            throw new ArgumentException("Gaussian HMM statistics: saved emission moments of another shape.", nameof(emissions));
        Emissions = emissions;
    }

    /// <summary>Adds the posterior counts of one sequence; returns its log p(x).</summary>
    /// <exception cref="ArgumentException">An empty sequence or an observation of the wrong length.</exception>
    public double Add(double[][] x)
    {
        var hmm = _model;
        hmm.Require(x);
        int n = x.Length, s = hmm.States;
        var e = hmm.Emissions(x);
        var (alpha, scales, ll) = hmm.Forward(x, e);
        var beta = new double[n, s];
        for (int i = 0; i < s; i++) beta[n - 1, i] = 1;
        for (int t = n - 2; t >= 0; t--)
            for (int i = 0; i < s; i++)
            {
                double b = 0;
                for (int j = 0; j < s; j++) b += hmm.Transition(i, j) * e.B[t + 1, j] * beta[t + 1, j];
                beta[t, i] = b / scales[t + 1];
            }
        var gamma = new double[s];
        for (int t = 0; t < n; t++)
        {
            for (int i = 0; i < s; i++)
            {
                gamma[i] = alpha[t, i] * beta[t, i];
                if (t == 0) InitialCounts[i] += gamma[i];
                if (t + 1 < n && alpha[t, i] != 0)
                    for (int j = 0; j < s; j++)
                        TransitionCounts[i, j] += alpha[t, i] * hmm.Transition(i, j) * e.B[t + 1, j] * beta[t + 1, j] / scales[t + 1];
            }
            Emissions.AddWeighted(x[t], gamma, 0);
        }
        LogLikelihood += ll;
        Count++;
        return ll;
    }

    /// <summary>
    /// The M-step: π and each row of A normalized (a row with no counts keeps the E-step model's), each emission the
    /// γ-weighted mean and covariance of the observations plus <paramref name="varianceFloor"/> on the diagonal (a state
    /// that was never visited keeps its emission).
    /// </summary>
    /// <exception cref="ArgumentException">The ridge is not positive.</exception>
    /// <exception cref="InvalidOperationException">No sequence was added.</exception>
    public GaussianHmm Maximize(double varianceFloor)
    {
        if (!(varianceFloor > 0)) throw new ArgumentException($"Gaussian HMM: the variance floor must be positive, got {varianceFloor}.", nameof(varianceFloor));
        if (Count == 0) throw new InvalidOperationException("Gaussian HMM: the M-step needs at least one sequence.");
        int s = _model.States;
        var transition = new double[s, s];
        for (int i = 0; i < s; i++)
        {
            double row = 0;
            for (int j = 0; j < s; j++) row += TransitionCounts[i, j];
            for (int j = 0; j < s; j++) transition[i, j] = row > 0 ? TransitionCounts[i, j] / row : _model.Transition(i, j);
        }
        var fitted = Emissions.Maximize(varianceFloor).Components;
        var emissions = Enumerable.Range(0, s).Select(i => Emissions.Mass[i] > 1e-12 ? fitted[i] : _model.Emission(i)).ToArray();
        return new GaussianHmm(Probabilities.Normalize(InitialCounts), transition, emissions, _model.Covariance);
    }
}
