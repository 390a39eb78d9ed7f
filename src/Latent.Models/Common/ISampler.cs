using Latent.Tensors;

namespace Latent.Models.Common;

/// <summary>
/// A model that draws new examples. Samples are in the data's own range — images in [0, 1], toy points in their
/// coordinates — so that metrics and pictures need not know how the model was trained.
/// </summary>
public interface ISampler
{
    /// <summary>The shape of one example, e.g. [1, 28, 28] or [2].</summary>
    int[] SampleShape { get; }

    /// <summary>Draws <paramref name="count"/> examples [count, ...SampleShape] without recording a graph.</summary>
    /// <param name="count">How many.</param>
    /// <param name="gen">The randomness of the draw: the same generator state gives the same samples.</param>
    Tensor Sample(int count, Generator gen);
}

/// <summary>A sampler that can also be told which class to draw.</summary>
public interface IConditionalSampler : ISampler
{
    /// <summary>The number of classes it is conditioned on.</summary>
    int Classes { get; }

    /// <summary>One example of each class in <paramref name="labels"/> (values in [0, Classes)), in the data's range.</summary>
    Tensor Sample(int[] labels, Generator gen);
}

/// <summary>
/// A sampler with a temperature: T = 1 draws from the model itself, T &lt; 1 concentrates the draws where the model is
/// most confident (cleaner, less varied samples). What the temperature scales is the model's own: a flow's base
/// samples, an autoregressive model's logits.
/// </summary>
public interface ITemperatureSampler : ISampler
{
    /// <summary>Draws <paramref name="count"/> examples at <paramref name="temperature"/> (positive).</summary>
    Tensor Sample(int count, Generator gen, double temperature);
}
