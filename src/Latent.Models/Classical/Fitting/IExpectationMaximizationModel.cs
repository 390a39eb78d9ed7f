namespace Latent.Models.Classical.Fitting;

/// <summary>
/// A classical model fitted by expectation–maximization, one EM iteration per pass over its training data (the
/// <see cref="Training.TrainableModel.TrainStep"/> of every batch is an E-step; the M-step follows the last one).
/// <see cref="ClassicalFitter"/> drives it to a tolerance, checks that every iteration raises the objective, and
/// restarts it from new initializations.
/// </summary>
public interface IExpectationMaximizationModel
{
    /// <summary>The mean training log-likelihood per example under the parameters of each completed E-step, oldest first.</summary>
    IReadOnlyList<double> LogLikelihoodHistory { get; }

    /// <summary>
    /// The log prior density of the current parameters, summed (0 for maximum likelihood). EM with pseudo-counts is
    /// MAP estimation: it never lowers log-likelihood + log prior, which need not hold for the log-likelihood alone.
    /// </summary>
    double LogPrior { get; }

    /// <summary>Forgets the fit (parameters, statistics, history) and draws a new initialization from <paramref name="seed"/>.</summary>
    void Restart(ulong seed);
}
