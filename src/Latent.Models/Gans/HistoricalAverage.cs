using Latent.Tensors;

namespace Latent.Models.Gans;

/// <summary>
/// Historical averaging (Salimans et al. 2016): a penalty ‖θ − (1/T) Σₜ θ[t]‖² that pulls parameters towards their
/// running average over past steps, damping the oscillations of the two-player game. The average is kept online.
/// </summary>
public sealed class HistoricalAverage
{
    private readonly Tensor[] _parameters;
    private readonly Tensor[] _averages;

    /// <summary>Tracks the average of <paramref name="parameters"/>, starting from their current values.</summary>
    public HistoricalAverage(IEnumerable<Tensor> parameters)
    {
        _parameters = parameters.ToArray();
        _averages = _parameters.Select(p => p.Detach().Clone()).ToArray();
        Count = 1;
    }

    /// <summary>How many parameter values have been averaged (T).</summary>
    public long Count { get; private set; }

    /// <summary>The running averages, one per parameter (updated in place).</summary>
    public IReadOnlyList<Tensor> Averages => _averages;

    /// <summary>Σ over parameters of ‖θ − average‖², differentiable with respect to θ.</summary>
    public Tensor Penalty()
    {
        Tensor total = Tensor.Scalar(0f);
        for (int i = 0; i < _parameters.Length; i++) total = total + (_parameters[i] - _averages[i]).Square().Sum();
        return total;
    }

    /// <summary>Folds the current parameter values into the average: avg ← avg + (θ − avg)/(T + 1).</summary>
    public void Update()
    {
        Count++;
        float w = 1f / Count;
        using var _ = Autograd.NoGrad();
        for (int i = 0; i < _parameters.Length; i++)
        {
            var avg = _averages[i].Data;
            var p = _parameters[i].Data;
            for (int j = 0; j < avg.Length; j++) avg[j] += (p[j] - avg[j]) * w;
        }
    }

    /// <summary>Restores a saved state (see <see cref="Averages"/> and <see cref="Count"/>).</summary>
    /// <exception cref="ArgumentException">The saved tensors do not match the parameters.</exception>
    public void Load(IReadOnlyList<Tensor> averages, long count)
    {
        if (averages.Count != _averages.Length || count < 1)
            throw new ArgumentException($"HistoricalAverage: expected {_averages.Length} averages and a positive count, got {averages.Count} and {count}.");
        for (int i = 0; i < _averages.Length; i++) _averages[i].CopyFrom(averages[i]);
        Count = count;
    }
}
