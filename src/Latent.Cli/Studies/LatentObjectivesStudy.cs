using System.Text.Json.Nodes;
using Latent.Models.Vae;

namespace Latent.Cli.Studies;

/// <summary><c>latent study latent-objectives</c>: a 2-D VAE trained on the reconstruction loss only, the KL only, and both.</summary>
internal static class LatentObjectivesStudy
{
    /// <summary>Images trained on, steps per variant, and test images drawn in the scatters.</summary>
    public const int TrainImages = 10_000, Steps = 1000, TestImages = 2000;

    public static StudyDefinition Definition { get; } = new("latent-objectives", "What each term of the ELBO does to a 2-D latent space",
        "Three VAEs with a 2-D latent space (MLP 784-256-2, same initialization and batches) are trained on Fashion-MNIST with the " +
        "reconstruction loss only, the KL divergence to N(0, I) only, and both (the ELBO). Each scatter shows the posterior means of " +
        "test images coloured by class. Reconstruction only: codes spread over a larger, arbitrary scale with gaps between groups of classes, so " +
        "a point drawn from N(0, I) need not decode to clothing. KL only: every code collapses onto the prior and carries no information (code spread ≈ 0 " +
        "for the means). Both: codes fill the prior while classes stay organized, which is what makes sampling and interpolation work.",
        Run);

    private static JsonObject Run(StudyContext c)
    {
        var data = StudyData.Load(c, TrainImages, TestImages);
        var results = LatentObjectiveStudy.Run(data.Train, data.Test, data.TestLabels, StudyData.ClassNames, c.OutputDirectory, Steps, c.Seed);
        var variants = new JsonObject();
        foreach (var r in results)
            variants[r.Name] = new JsonObject { ["final_loss"] = r.FinalLoss, ["code_spread"] = r.CodeSpread, ["scatter"] = Path.GetFileName(r.Path) };
        return StudyTraining.WriteJson(c.OutputDirectory, "latent-objectives.json", new JsonObject
        {
            ["study"] = "latent-objectives",
            ["train_images"] = TrainImages,
            ["test_images"] = TestImages,
            ["steps"] = Steps,
            ["latent_dim"] = 2,
            ["seed"] = c.Seed,
            ["variants"] = variants,
        });
    }
}
