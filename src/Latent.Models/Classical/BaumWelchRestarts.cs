using Latent.Tensors;

namespace Latent.Models.Classical;

/// <summary>
/// Several Baum–Welch runs from different starts, keeping the best by final log-likelihood: EM finds a local
/// maximum that depends on where it starts, so R restarts are the usual remedy (hmmlearn's and scikit-learn's n_init).
/// </summary>
/// <example>
/// <code>
/// var (best, index, finals) = BaumWelchRestarts.Best(5, new Generator(1), gen =>
/// {
///     var (model, history) = GaussianHmm.BaumWelch(GaussianHmm.Random(4, sequences, gen), sequences, iterations: 50);
///     return (model, history[^1]);
/// });
/// </code>
/// </example>
public static class BaumWelchRestarts
{
    /// <summary>
    /// Runs <paramref name="fit"/> <paramref name="restarts"/> times, each with its own generator split from
    /// <paramref name="gen"/>, and returns the model of the highest final log-likelihood, its index and every final value.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Fewer than one restart.</exception>
    /// <exception cref="InvalidOperationException">Every restart ended with a log-likelihood that is not a number.</exception>
    public static (TModel Model, int Index, IReadOnlyList<double> FinalLogLikelihoods) Best<TModel>(int restarts, Generator gen,
        Func<Generator, (TModel Model, double FinalLogLikelihood)> fit)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(restarts);
        ArgumentNullException.ThrowIfNull(gen);
        ArgumentNullException.ThrowIfNull(fit);
        var finals = new double[restarts];
        TModel? best = default;
        int index = -1;
        for (int r = 0; r < restarts; r++)
        {
            var (model, final) = fit(new Generator(gen.NextUInt64()));
            finals[r] = final;
            if (!double.IsNaN(final) && (index < 0 || final > finals[index])) (best, index) = (model, r);
        }
        if (index < 0) throw new InvalidOperationException("Baum–Welch restarts: every restart ended with a log-likelihood that is not a number.");
        return (best!, index, finals);
    }
}
