namespace Latent.Training;

/// <summary>Receives progress from the <see cref="Trainer"/> (a live bar in a terminal, plain lines in logs).</summary>
public interface ITrainingProgress
{
    /// <summary>Training starts (or resumes at <paramref name="startStep"/>) toward <paramref name="totalSteps"/>.</summary>
    void Start(long totalSteps, long startStep);

    /// <summary>A step finished with these metrics.</summary>
    void Step(long step, int epoch, IReadOnlyDictionary<string, double> metrics);

    /// <summary>A notable event (checkpoint written, evaluation result, stop).</summary>
    void Message(string text);

    /// <summary>Training ended.</summary>
    void Finish();
}

/// <summary>Progress that goes nowhere.</summary>
public sealed class SilentProgress : ITrainingProgress
{
    /// <inheritdoc />
    public void Start(long totalSteps, long startStep) { }

    /// <inheritdoc />
    public void Step(long step, int epoch, IReadOnlyDictionary<string, double> metrics) { }

    /// <inheritdoc />
    public void Message(string text) { }

    /// <inheritdoc />
    public void Finish() { }
}
