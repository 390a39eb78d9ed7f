using System.Text.Json.Nodes;
using Latent.IO;
using Latent.Models.Common;
using Latent.Models.Autoencoders;

namespace Latent.Models.Autoencoders.Studies;

/// <summary>
/// <c>latent study outliers</c>: for each class, an autoencoder trained without it flags it by reconstruction error;
/// one trained on every class is the control that shows how much of the score comes from never seeing the class.
/// </summary>
public sealed class OutlierStudy : Study
{
    /// <summary>Images trained on, steps per autoencoder, test images scored, code size.</summary>
    public const int TrainImages = 20_000, Steps = 800, TestImages = 2000, Latent = 32;

    /// <inheritdoc />
    public override string Name => "outliers";

    /// <inheritdoc />
    public override string Title => "Outlier detection by reconstruction error";

    /// <inheritdoc />
    public override string Explanation =>
        "For each Fashion-MNIST class, an autoencoder (MLP 784-256-32, ReLU code) is trained on the other nine classes only; the squared " +
        "reconstruction error of every test image is its outlier score, and the ROC AUC measures how well that score singles out the " +
        "held-out class (1 = perfectly, 0.5 = chance). The control is one autoencoder trained on all ten classes and scored the same way: " +
        "the gap between the two curves is what never having seen a class does. Some classes are hard to reconstruct for any model " +
        "(bags score well above 0.5 even in the control) and some are easy (trousers score below it); the plot's x axis is the class label.";

    /// <inheritdoc />
    public override JsonObject Run(StudyContext c)
    {
        var data = StudyData.Load(c, TrainImages, TestImages);
        var control = StudyModels.Autoencoder(Latent, c.Seed);
        InMemoryTraining.Fit(control, data.Train, Steps, c.Seed + 2);
        var classes = new JsonArray();
        var heldOut = new List<double>();
        var controlAuc = new List<double>();
        for (int k = 0; k < StudyData.ClassNames.Count; k++)
        {
            var model = StudyModels.Autoencoder(Latent, c.Seed);
            InMemoryTraining.Fit(model, OutlierDetection.WithoutClass(data.Train, data.TrainLabels, k), Steps, c.Seed + 2);
            heldOut.Add(OutlierDetection.RocAucOfClass(model, data.Test, data.TestLabels, k));
            controlAuc.Add(OutlierDetection.RocAucOfClass(control, data.Test, data.TestLabels, k));
            classes.Add(new JsonObject { ["class"] = StudyData.ClassNames[k], ["auc_held_out"] = Math.Round(heldOut[k], 4), ["auc_control"] = Math.Round(controlAuc[k], 4) });
        }
        new LinePlot { Title = "ROC AUC of flagging each class by reconstruction error", XLabel = "class label (0 T-shirt … 9 ankle boot)", YLabel = "ROC AUC" }
            .Add("trained without the class", heldOut)
            .Add("trained on all classes (control)", controlAuc)
            .Save(c.Picture("outliers-auc.svg", "ROC AUC per held-out class, against the control trained on every class"));
        return c.WriteJson("outliers.json", new JsonObject
        {
            ["study"] = "outliers",
            ["train_images"] = TrainImages,
            ["test_images"] = TestImages,
            ["steps"] = Steps,
            ["latent_dim"] = Latent,
            ["seed"] = c.Seed,
            ["mean_auc_held_out"] = Math.Round(heldOut.Average(), 4),
            ["mean_auc_control"] = Math.Round(controlAuc.Average(), 4),
            ["classes"] = classes,
        });
    }
}
