using System.Diagnostics;
using Latent.Distributed;
using Latent.Training;

namespace Latent.DistributedBench;

/// <summary>
/// Times the trainer's steps from its progress callbacks (one full iteration each: data, forward, backward, the
/// gradient and metric allreduces, the update) and reads the MPI world's traffic counters at the same moments.
/// </summary>
internal sealed class StepClock(MpiWorld? world, int warmup, GradientClock? gradients) : ITrainingProgress
{
    private long _last;
    private double _lastCollective;
    private long _lastBytes;

    public List<double> StepSeconds { get; } = [];

    public List<double> CollectiveSeconds { get; } = [];

    public List<long> BytesReduced { get; } = [];

    /// <summary>Seconds from a step's start to its last gradient read (one process only: data, forward and backward).</summary>
    public List<double> UntilGradientsSeconds { get; } = [];

    public void Start(long totalSteps, long startStep) => _last = Stopwatch.GetTimestamp();

    public void Step(long step, int epoch, IReadOnlyDictionary<string, double> metrics)
    {
        long now = Stopwatch.GetTimestamp();
        double collective = world?.CollectiveSeconds ?? 0;
        long bytes = world?.BytesReduced ?? 0;
        if (step > warmup)
        {
            StepSeconds.Add(Stopwatch.GetElapsedTime(_last, now).TotalSeconds);
            CollectiveSeconds.Add(collective - _lastCollective);
            BytesReduced.Add(bytes - _lastBytes);
            if (gradients != null) UntilGradientsSeconds.Add(Stopwatch.GetElapsedTime(_last, gradients.LastRead).TotalSeconds);
        }
        (_last, _lastCollective, _lastBytes) = (now, collective, bytes);
    }

    public void Message(string text) { }

    public void Finish() { }
}
