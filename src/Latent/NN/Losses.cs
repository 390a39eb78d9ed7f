using Latent.Tensors;

namespace Latent.NN;

/// <summary>How a loss combines its per-element values.</summary>
public enum Reduction
{
    /// <summary>Return the per-element losses unreduced.</summary>
    None,
    /// <summary>The mean over elements (for weighted losses, the weighted mean).</summary>
    Mean,
    /// <summary>The sum over elements.</summary>
    Sum,
    /// <summary>The sum divided by the batch size (axis 0): the mathematically correct mean of a per-sample divergence.</summary>
    BatchMean,
}

/// <summary>
/// Loss functions, composed from differentiable tensor ops so their gradients (and gradients of gradients) are exact.
/// Unless stated otherwise the input and target must have the same shape, and the default reduction is
/// <see cref="Reduction.Mean"/>.
/// </summary>
public static partial class Losses
{
    /// <summary>Applies <paramref name="reduction"/> to per-element losses.</summary>
    public static Tensor Reduce(Tensor loss, Reduction reduction) => reduction switch
    {
        Reduction.None => loss,
        Reduction.Mean => loss.Mean(),
        Reduction.Sum => loss.Sum(),
        Reduction.BatchMean => loss.Sum() / (loss.Rank == 0 ? 1 : loss.Shape[0]),
        _ => throw new ArgumentOutOfRangeException(nameof(reduction), $"Losses: unknown reduction {reduction}."),
    };

    private static void CheckSameShape(Tensor input, Tensor target, string loss)
    {
        if (!input.Shape.AsSpan().SequenceEqual(target.Shape))
            throw new ArgumentException($"{loss}: input {ShapeUtil.Format(input.Shape)} and target {ShapeUtil.Format(target.Shape)} must have the same shape.");
    }
}
