using Latent.Tensors;

namespace Latent.Optim;

/// <summary>The state an optimizer keeps for one parameter: its step count and named buffers (moments, momentum, …).</summary>
public sealed class ParameterState
{
    /// <summary>How many updates this parameter has received.</summary>
    public long Step { get; set; }

    /// <summary>Named buffers shaped like the parameter (for example <c>exp_avg</c>).</summary>
    public Dictionary<string, Tensor> Buffers { get; } = [];

    /// <summary>
    /// The buffer called <paramref name="name"/>, created shaped like <paramref name="like"/> and filled with
    /// <paramref name="initial"/> on first use.
    /// </summary>
    public Tensor Buffer(string name, Tensor like, float initial = 0f)
    {
        if (!Buffers.TryGetValue(name, out var buffer))
            Buffers[name] = buffer = initial == 0f ? Tensor.ZerosLike(like) : Tensor.FullLike(like, initial);
        return buffer;
    }
}
