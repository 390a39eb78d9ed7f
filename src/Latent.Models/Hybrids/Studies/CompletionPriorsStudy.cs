using System.Text.Json.Nodes;
using Latent.IO;
using Latent.Models.Autoregressive;
using Latent.Models.Autoregressive.Studies;
using Latent.Models.Common;
using Latent.Models.Flows;
using Latent.Models.Metrics;
using Latent.Models.Vae;
using Latent.Tensors;

namespace Latent.Models.Hybrids.Studies;

/// <summary>
/// <c>latent study completion-priors</c> (F37): three learned priors complete the same hidden lower halves of test
/// images — a PixelCNN by sampling its conditionals, a VAE by the MAP search in its latent space, a RealNVP flow by
/// climbing its exact log-density over the hidden pixels or by the same latent search — beside the mean-image and nearest-neighbour baselines that
/// see the same upper halves. PSNR of the hidden half against the truth, and one picture of all of them.
/// </summary>
public sealed class CompletionPriorsStudy : Study
{
    /// <summary>Training images (the first of the training split), shared by the three models and the baselines.</summary>
    public int TrainImages { get; init; } = 10_000;

    /// <summary>Test images completed.</summary>
    public int TestImages { get; init; } = 32;

    /// <summary>Completions per test image for every model (PixelCNN: samples; VAE and flow: searches from random starts).</summary>
    public int Draws { get; init; } = 4;

    /// <summary>Optimizer steps of the PixelCNN (W4's network, batches of 32).</summary>
    public int PixelCnnSteps { get; init; } = 400;

    /// <summary>Optimizer steps of the VAE (W1's network, batches of 128).</summary>
    public int VaeSteps { get; init; } = 2_000;

    /// <summary>Optimizer steps of the flow (W5's RealNVP with MLP couplings, batches of 64).</summary>
    public int FlowSteps { get; init; } = 1_000;

    /// <summary>Adam steps of each VAE and flow completion.</summary>
    public int SearchSteps { get; init; } = 300;

    /// <inheritdoc />
    public override string Name => "completion-priors";

    /// <inheritdoc />
    public override string Title => "Completing images with three learned priors: PixelCNN, VAE and flow";

    /// <inheritdoc />
    public override string Explanation =>
        "The lower 14 rows of test images are hidden. A PixelCNN (W4's network) draws them pixel by pixel from p(x_i | x_<i) given the upper half; " +
        "a VAE (W1's network) searches its latent space for the code z that maximises log p(x_visible | z) + log p(z) and decodes the hidden rows " +
        "from it; a RealNVP flow (W5's network) moves the hidden pixels up its exact log p(x) of the whole image. Each completes every image several " +
        "times (samples, or searches from random starts) and the mean of those completions is scored too, since PSNR rewards E[x_hidden | x_visible] " +
        "rather than a single sharp sample. Baselines: the mean training image's lower half and the lower half of the training image whose upper half " +
        "is nearest. In completions.png each column is a test image; rows: the original, the visible half, the nearest neighbour, the PixelCNN's mean " +
        "completion, the VAE's mean completion, the flow's mean completion by density ascent, the flow's mean completion by latent search.";

    /// <inheritdoc />
    public override JsonObject Run(StudyContext c)
    {
        ArgumentNullException.ThrowIfNull(c);
        var data = StudyData.Load(c, TrainImages, TestImages);
        var test = data.Test;
        int half = test.Shape[2] / 2;
        var mask = CompletionMask.Below(test.Shape[2], test.Shape[3], half);
        double Score(Tensor images) => CompletionEvaluation.HiddenPsnr(images, test, mask);

        c.Report($"PixelCNN: {PixelCnnSteps} steps ...");
        var pixelOptions = new PixelCnnOptions { Seed = (long)c.Seed };
        var pixelCnn = new PixelCnn(new PixelCnnNetwork(pixelOptions, pixelOptions.NewGenerator(0)), pixelOptions, test.Shape[1..], pixelOptions.NewGenerator(2));
        InMemoryTraining.Fit(pixelCnn, data.Train, PixelCnnSteps, c.Seed + 10, pixelOptions.BatchSize);
        pixelCnn.SetTraining(false);
        var sampling = new Generator(c.Seed + 20);
        var pixelDraws = Enumerable.Range(0, Draws).Select(_ => pixelCnn.Complete(test, half, sampling)).ToArray();

        c.Report($"VAE: {VaeSteps} steps ...");
        var vaeOptions = new VaeOptions { Seed = (long)c.Seed };
        var (encoder, decoder) = VaeNetworks.W1(vaeOptions.NewGenerator(0));
        var vae = new VariationalAutoencoder(encoder, decoder, vaeOptions, vaeOptions.NewGenerator(2));
        InMemoryTraining.Fit(vae, data.Train, VaeSteps, c.Seed + 30, vaeOptions.BatchSize);
        vae.SetTraining(false);
        var latentGen = new Generator(c.Seed + 40);
        var vaeDraws = Enumerable.Range(0, Draws).Select(_ => PriorCompletion.InLatentSpace(vae, test, mask, Tensor.Randn([test.Shape[0], vae.LatentDim], latentGen), SearchSteps)).ToArray();

        c.Report($"Flow: {FlowSteps} steps ...");
        var flowOptions = new FlowOptions { Seed = (long)c.Seed };
        var flow = new NormalizingFlow(FlowNetworks.Build(flowOptions, test.Shape[1..], image: true, flowOptions.NewGenerator(0)), FlowPrior.Of(flowOptions.Prior),
            test.Shape[1..], flowOptions, flowOptions.NewGenerator(2), image: true);
        InMemoryTraining.Fit(flow, data.Train, FlowSteps, c.Seed + 50, flowOptions.BatchSize);
        flow.SetTraining(false);
        var pixelGen = new Generator(c.Seed + 60);
        var flowDraws = Enumerable.Range(0, Draws).Select(_ => PriorCompletion.ByDensity(flow, test, mask, Tensor.Rand(test.Shape, pixelGen), SearchSteps)).ToArray();
        // The flow's latent space: start from the codes of the images with random hidden pixels, search as for the VAE.
        var flowLatentDraws = Enumerable.Range(0, Draws).Select(_ =>
        {
            Tensor start;
            using (Autograd.NoGrad()) start = flow.Encode(mask.Combine(test, Tensor.Rand(test.Shape, pixelGen)));
            return PriorCompletion.InLatentSpace(flow, test, mask, start, SearchSteps);
        }).ToArray();

        var neighbour = CompletionEvaluation.NearestNeighbourFill(data.Train, test, mask);
        var psnr = new JsonObject();
        var means = new[] { ("pixelcnn_", pixelDraws), ("vae_", vaeDraws), ("flow_", flowDraws), ("flow_latent_", flowLatentDraws) }
            .Select(p => CompletionEvaluation.AddScores(psnr, p.Item1, p.Item2, test, mask)).ToArray();
        psnr["mean_image"] = Score(CompletionEvaluation.MeanImageFill(data.Train, test, mask));
        psnr["nearest_neighbour"] = Score(neighbour);
        int shown = Math.Min(8, test.Shape[0]);
        Tensor First(Tensor t) => t.Narrow(0, 0, shown);
        ImageGrid.Save(Tensor.Concat([First(test), First(mask.Hide(test)), First(neighbour), .. means.Select(First)], 0), c.PathOf("completions.png"), columns: shown);
        var result = new JsonObject
        {
            ["study"] = Name,
            ["psnr_lower_half_db"] = psnr,
            ["train_images"] = TrainImages,
            ["test_images"] = TestImages,
            ["draws"] = Draws,
            ["steps"] = new JsonObject { ["pixelcnn"] = PixelCnnSteps, ["vae"] = VaeSteps, ["flow"] = FlowSteps, ["search"] = SearchSteps },
            ["picture"] = "completions.png",
            ["seed"] = c.Seed,
        };
        return c.WriteJson("completion-priors.json", result);
    }
}
