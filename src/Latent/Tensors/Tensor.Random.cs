namespace Latent.Tensors;

public sealed partial class Tensor
{
    /// <summary>Standard normal samples (scaled by <paramref name="std"/> and shifted by <paramref name="mean"/>).</summary>
    public static Tensor Randn(int[] shape, Generator gen, float mean = 0, float std = 1)
    {
        var t = new Tensor(NewStorage(ShapeUtil.SizeOf(shape)), ShapeUtil.Validate(shape));
        gen.FillNormal(t.Storage, mean, std);
        return t;
    }

    /// <summary>Samples uniform in [low, high).</summary>
    public static Tensor Rand(int[] shape, Generator gen, float low = 0, float high = 1)
    {
        var t = new Tensor(NewStorage(ShapeUtil.SizeOf(shape)), ShapeUtil.Validate(shape));
        gen.FillUniform(t.Storage, low, high);
        return t;
    }

    /// <summary>Integers uniform in [low, high), stored as floats.</summary>
    public static Tensor RandInt(int low, int high, int[] shape, Generator gen)
    {
        if (high <= low) throw new ArgumentException($"RandInt: empty range [{low}, {high}).");
        var t = new Tensor(NewStorage(ShapeUtil.SizeOf(shape)), ShapeUtil.Validate(shape));
        for (int i = 0; i < t.Size; i++) t.Storage[i] = low + gen.NextInt(high - low);
        return t;
    }

    /// <summary>Independent 0/1 samples with success probabilities <paramref name="probs"/> (each in [0, 1]).</summary>
    /// <exception cref="ArgumentException">A probability lies outside [0, 1] or is NaN.</exception>
    public static Tensor Bernoulli(Tensor probs, Generator gen)
    {
        var t = new Tensor(NewStorage(probs.Size), (int[])probs.Shape.Clone());
        for (int i = 0; i < t.Size; i++)
        {
            float p = probs.Storage[i];
            if (!(p >= 0 && p <= 1)) throw new ArgumentException($"Bernoulli: probability {p} at index {i} is not in [0, 1].");
            t.Storage[i] = gen.NextFloat() < p ? 1f : 0f;
        }
        return t;
    }

    /// <summary>Independent 0/1 samples with the same success probability.</summary>
    /// <exception cref="ArgumentException">The probability lies outside [0, 1] or is NaN.</exception>
    public static Tensor Bernoulli(float p, int[] shape, Generator gen) => Bernoulli(p, 1f, shape, gen);

    /// <summary>Samples that are <paramref name="success"/> with probability <paramref name="p"/> and 0 otherwise (dropout masks).</summary>
    internal static Tensor Bernoulli(float p, float success, int[] shape, Generator gen)
    {
        var t = new Tensor(NewStorage(ShapeUtil.SizeOf(shape)), ShapeUtil.Validate(shape));
        if (t.Size > 0 && !(p >= 0 && p <= 1)) throw new ArgumentException($"Bernoulli: probability {p} at index 0 is not in [0, 1].");
        for (int i = 0; i < t.Size; i++) t.Storage[i] = gen.NextFloat() < p ? success : 0f;
        return t;
    }

    /// <summary>A random permutation of 0 … n−1 (Fisher–Yates), stored as floats.</summary>
    public static Tensor Permutation(int n, Generator gen)
    {
        var idx = PermutationIndices(n, gen);
        var data = new float[n];
        for (int i = 0; i < n; i++) data[i] = idx[i];
        return new Tensor(data, [n]);
    }

    /// <summary>A random permutation of 0 … n−1 as integers.</summary>
    public static int[] PermutationIndices(int n, Generator gen)
    {
        var idx = new int[n];
        for (int i = 0; i < n; i++) idx[i] = i;
        for (int i = n - 1; i > 0; i--)
        {
            int j = gen.NextInt(i + 1);
            (idx[i], idx[j]) = (idx[j], idx[i]);
        }
        return idx;
    }

    /// <summary>
    /// Draws category indices from each row of non-negative weights <paramref name="probs"/> (shape [K] or [N, K];
    /// rows need not sum to one). Result has shape [numSamples] or [N, numSamples].
    /// </summary>
    /// <exception cref="ArgumentException">Weights are negative, NaN or all zero, or too many samples without replacement.</exception>
    public static Tensor Multinomial(Tensor probs, int numSamples, Generator gen, bool replacement = true)
    {
        if (probs.Rank is not (1 or 2)) throw new ArgumentException($"Multinomial: weights must be [K] or [N, K], got {ShapeUtil.Format(probs.Shape)}.");
        int k = probs.Shape[^1], rows = probs.Rank == 1 ? 1 : probs.Shape[0];
        if (!replacement && numSamples > k)
            throw new ArgumentException($"Multinomial: cannot draw {numSamples} samples without replacement from {k} categories.");
        var result = new float[rows * numSamples];
        var w = new double[k];
        for (int r = 0; r < rows; r++)
        {
            double total = 0;
            for (int j = 0; j < k; j++)
            {
                float p = probs.Storage[r * k + j];
                if (!(p >= 0) || float.IsInfinity(p)) throw new ArgumentException($"Multinomial: weight {p} in row {r} is negative or not finite.");
                w[j] = p;
                total += p;
            }
            for (int s = 0; s < numSamples; s++)
            {
                if (total <= 0) throw new ArgumentException($"Multinomial: row {r} has no positive weight left.");
                double u = gen.NextDouble() * total, acc = 0;
                int pick = k - 1;
                for (int j = 0; j < k; j++)
                {
                    acc += w[j];
                    if (u < acc && w[j] > 0) { pick = j; break; }
                }
                while (w[pick] <= 0) pick--; // rounding at the top end lands on the last positive weight
                result[r * numSamples + s] = pick;
                if (!replacement) { total -= w[pick]; w[pick] = 0; }
            }
        }
        return new Tensor(result, probs.Rank == 1 ? [numSamples] : [rows, numSamples]);
    }
}
