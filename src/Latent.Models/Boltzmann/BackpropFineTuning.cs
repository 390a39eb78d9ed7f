using Latent.NN;
using Latent.Optim;
using Latent.Tensors;

namespace Latent.Models.Boltzmann;

/// <summary>
/// Fine-tuning of the networks <see cref="UnrolledNetworks"/> builds, by backpropagation with the engine's autograd and
/// Adam: a classifier on softmax cross-entropy, an autoencoder on the pixels' binary cross-entropy (Hinton &amp;
/// Salakhutdinov's objective for logistic outputs); and their test measures (accuracy, squared error, codes).
/// Minibatches are drawn with replacement by the generator passed in, so runs repeat exactly.
/// </summary>
public static class BackpropFineTuning
{
    /// <summary>
    /// Trains <paramref name="net"/> (logits out) on rows <paramref name="x"/> [N, ...] with <paramref name="labels"/> for
    /// <paramref name="steps"/> Adam steps of <paramref name="batchSize"/> examples; returns the mean loss of the last 20 steps.
    /// </summary>
    /// <exception cref="ArgumentException">The labels do not match the rows.</exception>
    public static double TrainClassifier(Module net, Tensor x, int[] labels, int steps, int batchSize, double learningRate, Generator gen)
    {
        ArgumentNullException.ThrowIfNull(net);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(labels);
        if (labels.Length != x.Shape[0]) throw new ArgumentException($"Fine-tuning: {labels.Length} labels for {x.Shape[0]} examples.", nameof(labels));
        var rows = Flat(x);
        return Train(net, steps, batchSize, rows.Shape[0], learningRate, gen,
            index => Losses.CrossEntropy(net.Forward(Gather(rows, index)), [.. index.Select(i => labels[i])]));
    }

    /// <summary>
    /// Trains the autoencoder <paramref name="decoder"/>∘<paramref name="encoder"/> on rows <paramref name="x"/> [N, ...]
    /// in [0, 1] by the binary cross-entropy of the reconstructed pixels; returns the mean loss of the last 20 steps.
    /// With <paramref name="anneal"/> the learning rate follows a cosine from <paramref name="learningRate"/> to 0 over the steps.
    /// </summary>
    public static double TrainAutoencoder(Module encoder, Module decoder, Tensor x, int steps, int batchSize, double learningRate, Generator gen,
        bool anneal = false)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        ArgumentNullException.ThrowIfNull(decoder);
        var rows = Flat(x);
        var both = new Sequential(encoder, decoder);
        return Train(both, steps, batchSize, rows.Shape[0], learningRate, gen, index =>
        {
            var batch = Gather(rows, index);
            return Losses.BinaryCrossEntropy(both.Forward(batch).Clamp(1e-6f, 1 - 1e-6f), batch);
        }, anneal);
    }

    /// <summary>The share of rows of <paramref name="x"/> whose largest logit is their label.</summary>
    public static double Accuracy(Module net, Tensor x, int[] labels)
    {
        ArgumentNullException.ThrowIfNull(net);
        ArgumentNullException.ThrowIfNull(labels);
        var logits = Apply(net, x);
        int k = logits.Shape[1], correct = 0;
        var data = logits.Data;
        for (int r = 0; r < labels.Length; r++)
        {
            int best = 0;
            for (int c = 1; c < k; c++) if (data[r * k + c] > data[r * k + best]) best = c;
            if (best == labels[r]) correct++;
        }
        return correct / (double)labels.Length;
    }

    /// <summary>The mean squared error per pixel between rows <paramref name="x"/> and their reconstructions <paramref name="reconstructions"/>.</summary>
    public static double MeanSquaredError(Tensor x, Tensor reconstructions)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(reconstructions);
        using var _ = Autograd.NoGrad();
        return Flat(x).Sub(Flat(reconstructions)).Square().Mean().Item();
    }

    /// <summary><paramref name="net"/> applied to rows of <paramref name="x"/> [N, ...] in evaluation mode, without a graph, 1,000 rows at a time: [N, out].</summary>
    public static Tensor Apply(Module net, Tensor x)
    {
        ArgumentNullException.ThrowIfNull(net);
        var rows = Flat(x);
        using var _ = Autograd.NoGrad();
        net.Eval();
        var parts = new List<Tensor>();
        for (int start = 0; start < rows.Shape[0]; start += 1000)
            parts.Add(net.Forward(rows.Narrow(0, start, Math.Min(1000, rows.Shape[0] - start))));
        return Tensor.Concat([.. parts], 0);
    }

    private static double Train(Module net, int steps, int batchSize, int count, double learningRate, Generator gen, Func<int[], Tensor> loss,
        bool anneal = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(steps);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        ArgumentNullException.ThrowIfNull(gen);
        net.Train();
        var optimizer = new Adam(net.Parameters(), learningRate);
        var schedule = anneal ? new CosineAnnealingLr(optimizer, steps) : null;
        var last = new Queue<double>();
        for (int step = 0; step < steps; step++)
        {
            var index = new int[Math.Min(batchSize, count)];
            for (int i = 0; i < index.Length; i++) index[i] = gen.NextInt(count);
            optimizer.ZeroGrad();
            var value = loss(index);
            value.Backward();
            optimizer.Step();
            schedule?.Step();
            last.Enqueue(value.Item());
            if (last.Count > 20) last.Dequeue();
            if (!double.IsFinite(last.Last())) throw new InvalidOperationException($"Fine-tuning: the loss is not finite at step {step}.");
        }
        net.Eval();
        return last.Average();
    }

    private static Tensor Flat(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        return x.Rank == 2 ? x : x.Reshape(x.Shape[0], -1);
    }

    private static Tensor Gather(Tensor rows, int[] index)
    {
        int d = rows.Shape[1];
        var batch = Tensor.Zeros(index.Length, d);
        var src = rows.Data;
        var dst = batch.Data;
        for (int i = 0; i < index.Length; i++) src.Slice(index[i] * d, d).CopyTo(dst.Slice(i * d, d));
        return batch;
    }
}
