using Latent.Optim;
using Latent.Tensors;

namespace Latent.Models.Gans.Studies;

/// <summary>Trains a small MLP discriminator or critic between two fixed samplers, for studies that estimate divergences.</summary>
internal static class CriticTraining
{
    /// <summary>
    /// A discriminator (2 hidden layers of 64) trained with Adam for <paramref name="steps"/> steps on fresh batches, with
    /// the given loss and WGAN-GP weight.
    /// </summary>
    public static MlpDiscriminator Train(int inputSize, Func<int, Tensor> real, Func<int, Tensor> fake, GanLossKind loss,
        float gradientPenalty, int steps, Generator gen, int batch = 128, double lr = 1e-3)
    {
        var d = new MlpDiscriminator(inputSize, [64, 64], gen);
        var optimizer = new Adam(d.Parameters(), lr, 0.5, 0.9);
        for (int t = 0; t < steps; t++)
        {
            optimizer.ZeroGrad();
            var x = real(batch);
            var y = fake(batch);
            var l = GanLosses.Discriminator(loss, d.Score(x), d.Score(y));
            if (gradientPenalty > 0) l = l + gradientPenalty * GradientPenalties.Wgan(s => d.Score(s), x, y, gen);
            l.Backward();
            optimizer.Step();
        }
        return d;
    }

    /// <summary>Mean score of a discriminator on <paramref name="x"/>, without a graph.</summary>
    public static double MeanScore(MlpDiscriminator d, Tensor x)
    {
        using var _ = Autograd.NoGrad();
        return d.Score(x).Mean().Item();
    }
}
