using Latent.Tensors;

namespace Latent.Models.Flows;

/// <summary>The base distributions a flow can map data to.</summary>
public enum PriorKind
{
    /// <summary>N(0, I).</summary>
    Normal,

    /// <summary>Independent standard logistic coordinates (NICE's choice: heavier tails than a Gaussian).</summary>
    Logistic,
}

/// <summary>A factorized base distribution p(z) of a flow: log-density and sampling.</summary>
public abstract class FlowPrior
{
    /// <summary>The prior of <paramref name="kind"/>.</summary>
    public static FlowPrior Of(PriorKind kind) => kind switch
    {
        PriorKind.Normal => StandardNormalPrior.Instance,
        PriorKind.Logistic => StandardLogisticPrior.Instance,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown prior."),
    };

    /// <summary>log p(z) of each example of a batch [B, ...], summed over its coordinates: [B].</summary>
    public abstract Tensor LogProb(Tensor z);

    /// <summary>
    /// Draws a batch of <paramref name="shape"/> [B, ...]. With a <paramref name="temperature"/> T &lt; 1 each coordinate
    /// is scaled by T, which concentrates samples where the prior is dense (Kingma and Dhariwal's "reduced temperature").
    /// </summary>
    public abstract Tensor Sample(int[] shape, Generator gen, double temperature = 1);

    /// <summary>Σ over every axis but the first: [B, ...] → [B].</summary>
    protected static Tensor SumPerExample(Tensor t)
    {
        ArgumentNullException.ThrowIfNull(t);
        return t.Rank == 1 ? t : t.Reshape(t.Shape[0], t.Size / Math.Max(1, t.Shape[0])).Sum(1);
    }
}

/// <summary>N(0, I): log p(z) = −½‖z‖² − (D/2)·log 2π.</summary>
public sealed class StandardNormalPrior : FlowPrior
{
    /// <summary>The one instance.</summary>
    public static StandardNormalPrior Instance { get; } = new();

    private StandardNormalPrior() { }

    /// <inheritdoc />
    public override Tensor LogProb(Tensor z)
    {
        ArgumentNullException.ThrowIfNull(z);
        int d = z.Size / Math.Max(1, z.Shape[0]);
        return SumPerExample(z.Square()) * -0.5f - (float)(0.5 * d * Math.Log(2 * Math.PI));
    }

    /// <inheritdoc />
    public override Tensor Sample(int[] shape, Generator gen, double temperature = 1)
        => Tensor.Randn(shape, gen, std: (float)temperature);
}

/// <summary>Independent standard logistic coordinates: log p(z) = −Σ [softplus(z) + softplus(−z)]; a draw is log u − log(1 − u).</summary>
public sealed class StandardLogisticPrior : FlowPrior
{
    /// <summary>The one instance.</summary>
    public static StandardLogisticPrior Instance { get; } = new();

    private StandardLogisticPrior() { }

    /// <inheritdoc />
    public override Tensor LogProb(Tensor z)
    {
        ArgumentNullException.ThrowIfNull(z);
        return -SumPerExample(z.Softplus() + (-z).Softplus());
    }

    /// <inheritdoc />
    public override Tensor Sample(int[] shape, Generator gen, double temperature = 1)
    {
        var u = Tensor.Rand(shape, gen).Clamp(1e-7f, 1 - 1e-7f);
        return (u.Log() - (1f - u).Log()) * (float)temperature;
    }
}
