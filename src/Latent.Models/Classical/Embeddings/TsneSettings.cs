namespace Latent.Models.Classical.Embeddings;

/// <summary>How <see cref="Tsne.Fit"/> embeds points (defaults as scikit-learn's <c>TSNE</c>).</summary>
/// <param name="Perplexity">The effective number of neighbours each point's input kernel covers.</param>
/// <param name="Iterations">Gradient steps in all, exaggeration phase included.</param>
/// <param name="EarlyExaggeration">The factor P is multiplied by during the first <paramref name="ExaggerationIterations"/> steps.</param>
/// <param name="ExaggerationIterations">Steps of early exaggeration (momentum 0.5; then 0.8).</param>
/// <param name="LearningRate">The step size; null: max(N / exaggeration / 4, 50), scikit-learn's "auto".</param>
/// <param name="Theta">The Barnes–Hut angle: 0 computes the exact O(N²) gradient, larger values are faster and rougher.</param>
public sealed record TsneSettings(double Perplexity = 30, int Iterations = 1000, double EarlyExaggeration = 12, int ExaggerationIterations = 250,
    double? LearningRate = null, double Theta = 0.5)
{
    /// <summary>Checks the values.</summary>
    /// <exception cref="ArgumentException">A value is out of range.</exception>
    public void Validate()
    {
        if (!(Perplexity > 1)) throw new ArgumentException($"t-SNE: perplexity must exceed 1, got {Perplexity}.");
        if (Iterations < 1) throw new ArgumentException($"t-SNE: iterations must be positive, got {Iterations}.");
        if (!(EarlyExaggeration >= 1)) throw new ArgumentException($"t-SNE: early exaggeration must be at least 1, got {EarlyExaggeration}.");
        if (ExaggerationIterations < 0) throw new ArgumentException($"t-SNE: exaggeration iterations must not be negative, got {ExaggerationIterations}.");
        if (LearningRate is double lr && !(lr > 0)) throw new ArgumentException($"t-SNE: learning rate must be positive, got {lr}.");
        if (!(Theta >= 0)) throw new ArgumentException($"t-SNE: theta must not be negative, got {Theta}.");
    }
}

/// <summary>The result of <see cref="Tsne.Fit"/>.</summary>
/// <param name="Embedding">One 2-D point per input row.</param>
/// <param name="KlDivergence">KL(P ‖ Q) of the final embedding (over P's non-zero entries; with Barnes–Hut, Q's normalizer is approximate).</param>
/// <param name="Exact">Whether the exact gradient was used (θ = 0).</param>
public sealed record TsneResult(double[][] Embedding, double KlDivergence, bool Exact);
