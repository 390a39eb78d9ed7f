using Latent.NN;
using Latent.Tensors;

namespace Latent.Models.Gans;

/// <summary>
/// InfoGAN's Q network as a head on the discriminator's features (the body is shared, as in Chen et al. 2016):
/// Flatten → Linear(F → hidden) → batch norm → LeakyReLU 0.2 → Linear(hidden → K + 2·continuous), read as the
/// categorical logits of Q(c₁|x) and the mean and log standard deviation of a factored Gaussian Q(c₂…|x).
/// </summary>
public sealed class InfoGanQHead : Module
{
    /// <summary>The log standard deviations are clamped to [−this, this] so a confident Q cannot divide by zero.</summary>
    public const float LogStdBound = 4f;

    private readonly Sequential _net;

    /// <summary>Creates the head.</summary>
    /// <param name="featureSize">The number of values in one example's discriminator features.</param>
    /// <param name="codes">The codes it predicts.</param>
    /// <param name="gen">Initializes the weights.</param>
    /// <param name="hidden">The hidden width.</param>
    public InfoGanQHead(int featureSize, InfoGanCodes codes, Generator gen, int hidden = 128)
    {
        ArgumentNullException.ThrowIfNull(codes);
        if (featureSize <= 0 || hidden <= 0)
            throw new ArgumentOutOfRangeException(nameof(featureSize), $"InfoGanQHead: featureSize {featureSize} and hidden {hidden} must be positive.");
        Codes = codes;
        _net = RegisterModule("net", new Sequential(new Flatten(), new Linear(featureSize, hidden, gen), new BatchNorm1d(hidden), new LeakyRelu(0.2f),
            new Linear(hidden, codes.Categories + 2 * codes.Continuous, gen)));
    }

    /// <summary>The codes it predicts.</summary>
    public InfoGanCodes Codes { get; }

    /// <summary>Q's parameters for a batch of discriminator features.</summary>
    /// <param name="Logits">Categorical logits [N, K].</param>
    /// <param name="Mean">Means of the continuous codes [N, continuous].</param>
    /// <param name="LogStd">Log standard deviations [N, continuous], clamped to ±<see cref="LogStdBound"/>.</param>
    public sealed record Posterior(Tensor Logits, Tensor Mean, Tensor LogStd);

    /// <summary>Q(c|x) from the discriminator features of x.</summary>
    public Posterior Predict(Tensor features)
    {
        var h = _net.Call(features);
        int k = Codes.Categories, c = Codes.Continuous;
        return new Posterior(h.Narrow(1, 0, k), h.Narrow(1, k, c), h.Narrow(1, k + c, c).Clamp(-LogStdBound, LogStdBound));
    }

    /// <summary>The raw head output [N, K + 2·continuous].</summary>
    public override Tensor Forward(Tensor features) => _net.Call(features);
}
