namespace Latent.Models.Classical.Fitting;

/// <summary>One EM iteration as <see cref="ClassicalFitter"/> saw it.</summary>
/// <param name="Restart">0-based restart.</param>
/// <param name="Iteration">1-based iteration within the restart.</param>
/// <param name="LogLikelihood">Mean training log-likelihood per example under the parameters of this E-step (nats).</param>
/// <param name="Objective">That plus the log prior per example: what EM never lowers.</param>
public sealed record FitIteration(int Restart, int Iteration, double LogLikelihood, double Objective);

/// <summary>What <see cref="ClassicalFitter.Fit"/> did.</summary>
/// <param name="ClosedForm">The model was fitted in one pass (no EM).</param>
/// <param name="Iterations">Every restart's iterations (for a closed form: none).</param>
/// <param name="Converged">Per restart: whether it stopped by the tolerance rather than by the iteration limit.</param>
/// <param name="BestRestart">The restart whose model was kept (highest final objective).</param>
/// <param name="Train">Training metrics of the kept model: the mean of its last pass's step metrics.</param>
/// <param name="Test">Held-out metrics of the kept model (<see cref="Training.TrainableModel.Evaluate"/>), empty without test data.</param>
/// <param name="Checkpoint">The stem of the checkpoint written.</param>
public sealed record FitOutcome(bool ClosedForm, IReadOnlyList<IReadOnlyList<FitIteration>> Iterations, IReadOnlyList<bool> Converged, int BestRestart,
    IReadOnlyDictionary<string, double> Train, IReadOnlyDictionary<string, double> Test, string Checkpoint)
{
    /// <summary>The kept restart's last recorded objective (NaN for a closed form).</summary>
    public double FinalObjective => ClosedForm || Iterations[BestRestart].Count == 0 ? double.NaN : Iterations[BestRestart][^1].Objective;
}
