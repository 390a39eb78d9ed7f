using System.Text.Json.Nodes;
using Latent.Data;
using Latent.IO;
using Latent.Models.Common;
using Latent.Models.Metrics;
using Latent.Tensors;

namespace Latent.Models.Autoregressive.Studies;

/// <summary>
/// <c>latent study completion</c> (F37): a PixelCNN as a prior for image completion. The lower half of test images is
/// hidden and filled in by sampling the model's conditionals given the upper half; PSNR on the hidden half against the
/// ground truth is reported beside two baselines that see the same upper half.
/// </summary>
public sealed class CompletionStudy : Study
{
    /// <summary>Training images (the first of the training split).</summary>
    public int TrainImages { get; init; } = 10_000;

    /// <summary>Optimizer steps of the PixelCNN (batches of 32).</summary>
    public int Steps { get; init; } = 400;

    /// <summary>Test images completed.</summary>
    public int TestImages { get; init; } = 32;

    /// <summary>Completions drawn per test image (their mean is the second PixelCNN estimate).</summary>
    public int Draws { get; init; } = 4;

    /// <summary>The PixelCNN trained (W4's network unless changed).</summary>
    public PixelCnnOptions Options { get; init; } = new();

    /// <inheritdoc />
    public override string Name => "completion";

    /// <inheritdoc />
    public override string Title => "Completing the lower half of an image with a PixelCNN prior";

    /// <inheritdoc />
    public override string Explanation =>
        "A PixelCNN (workload W4's network) is trained on Fashion-MNIST; then the lower 14 rows of test images are hidden and drawn " +
        "pixel by pixel from p(x_i | x_<i), the upper half fixed to the truth. PSNR on the hidden half is compared with two baselines " +
        "given the same upper half: the mean training image's lower half, and the lower half of the training image whose upper half is " +
        "nearest (L2). A single completion is a sample, sharp but not the average; the mean of several completions estimates E[x | upper half], " +
        "which is what PSNR rewards. In completions.png each column is one test image: the original, the visible upper half (lower half grey), " +
        "the nearest-neighbour baseline, the mean of the completions, then single completions.";

    /// <inheritdoc />
    public override JsonObject Run(StudyContext c)
    {
        ArgumentNullException.ThrowIfNull(c);
        var data = StudyData.Load(c, TrainImages, TestImages);
        var options = Options with { Seed = (long)c.Seed };
        var model = new PixelCnn(new PixelCnnNetwork(options, options.NewGenerator(0)), options, data.Train.Shape[1..], options.NewGenerator(2));
        var (first, last) = InMemoryTraining.Fit(model, data.Train, Steps, c.Seed + 10, options.BatchSize);
        var result = Evaluate(model, data.Train, data.Test, Draws, new Generator(c.Seed + 20), c.PathOf("completions.png"));
        result["study"] = Name;
        result["train_images"] = TrainImages;
        result["test_images"] = TestImages;
        result["steps"] = Steps;
        result["batch_size"] = options.BatchSize;
        result["train_loss_first_nats_per_dim"] = first;
        result["train_loss_last_nats_per_dim"] = last;
        result["bits_per_dim_of_the_completed_test_images"] = model.Evaluate(new DataLoader(data.Test, batchSize: 64, shuffle: false))["bits_per_dim"];
        result["seed"] = c.Seed;
        return c.WriteJson("completion.json", result);
    }

    /// <summary>
    /// Completes the lower halves of <paramref name="test"/> with <paramref name="model"/> (<paramref name="draws"/>
    /// draws each) and with the two baselines, returns their PSNR on the hidden half (dB, mean per image), and writes
    /// the picture to <paramref name="picturePath"/> when it is not null (<see cref="CompletionEvaluation.Evaluate"/>).
    /// </summary>
    public static JsonObject Evaluate(PixelModel model, Tensor train, Tensor test, int draws, Generator gen, string? picturePath)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(test);
        var mask = CompletionMask.Below(test.Shape[2], test.Shape[3], test.Shape[2] / 2);
        var result = new JsonObject
        {
            ["psnr_lower_half_db"] = CompletionEvaluation.Evaluate(() => model.Complete(test, mask, gen), draws, train, test, mask, "pixelcnn_", picturePath),
            ["draws"] = draws,
        };
        if (picturePath != null) result["picture"] = Path.GetFileName(picturePath);
        return result;
    }
}
