using System.Text.Json.Nodes;
using Latent.IO;
using Latent.Linalg;
using Latent.Models.Autoencoders;
using Latent.Models.Common;
using Latent.Optim;
using Latent.Tensors;

namespace Latent.Models.Autoencoders.Studies;

/// <summary>
/// <c>latent study pca</c>: a linear autoencoder trained with squared error against PCA: the principal angles between
/// its decoder's span and the top-k principal subspace, and both reconstruction errors.
/// </summary>
public sealed class PcaStudy : Study
{
    /// <summary>Images fitted, code size k, training steps, test images, images shown.</summary>
    public const int TrainImages = 10_000, Components = 16, Steps = 5000, TestImages = 1000, Shown = 12;

    /// <inheritdoc />
    public override string Name => "pca";

    /// <inheritdoc />
    public override string Title => "A linear autoencoder finds the principal subspace";

    /// <inheritdoc />
    public override string Explanation =>
        "A linear autoencoder x ↦ W₂(W₁x + b₁) + b₂ with k = 16 hidden units, trained with squared error, has the top-16 principal " +
        "subspace of the data as its best solution (Baldi and Hornik, 1989), though its decoder columns need not be the principal " +
        "directions themselves. The principal angles between the span of W₂ and the PCA components measure how close gradient " +
        "training gets: 0° means the same direction is spanned. Directions with larger variance are found first; the last angle is " +
        "the slowest because the loss barely changes when the k-th principal direction is swapped for the (k+1)-th when their variances " +
        "(eigenvalue_k, eigenvalue_k_plus_1) are close, which is also why the two reconstruction errors stay close. The picture shows test images (top), their PCA reconstructions and the autoencoder's.";

    /// <inheritdoc />
    public override JsonObject Run(StudyContext c)
    {
        var data = StudyData.Load(c, TrainImages, TestImages);
        var pca = Pca.Fit(data.Train.Reshape(TrainImages, -1), Components + 1); // one more, for the eigengap after the subspace
        var top = new double[Components, pca.Dimension];
        Array.Copy(pca.Components, top, top.Length);                            // the first k rows
        var (encoder, decoder) = AutoencoderNetworks.Linear([1, 28, 28], Components, new Generator(c.Seed));
        var model = new Autoencoder(encoder, decoder, Components, new AutoencoderOptions { Loss = ReconstructionLoss.SquaredError, LearningRate = 5e-3 },
            new Generator(c.Seed + 1));
        var schedule = new CosineAnnealingLr(model.Optimizers["adam"], Steps);
        InMemoryTraining.Fit(model, data.Train, Steps, c.Seed + 2, afterStep: schedule.Step);
        var degrees = PrincipalAngles.Between(LinearAutoencoderSubspace.DecoderBasis(model), top).Select(a => a * 180 / Math.PI).ToArray();

        var test = data.Test.Reshape(data.Test.Shape[0], -1);
        var keepTop = Tensor.Ones(1, Components + 1);
        keepTop.Data[Components] = 0;                                           // drop the extra component's coordinate
        var viaPca = pca.InverseTransform(pca.Transform(test) * keepTop);
        var viaAe = LatentEncoding.Reconstruct(model, data.Test).Reshape(test.Shape);
        double pcaError = (viaPca - test).Square().Sum(1).Mean().Item();
        double aeError = (viaAe - test).Square().Sum(1).Mean().Item();
        double explained = pca.ExplainedVariance[..Components].Sum() / pca.TotalVariance;

        new LinePlot { Title = $"Principal angles between the linear AE's decoder span and the top-{Components} PCA subspace", XLabel = "angle index (smallest first)", YLabel = "degrees" }
            .Add("principal angle", degrees)
            .Save(c.Picture("pca-angles.svg", "principal angles between the linear autoencoder's decoder span and the PCA subspace"));
        var rows = new[] { test, viaPca, viaAe }.Select(t => t.Narrow(0, 0, Shown).Reshape(Shown, 1, 28, 28).Clamp(0f, 1f));
        ImageGrid.Save(Tensor.Concat([.. rows], 0), c.Picture("pca-reconstructions.png", "test images (top), PCA reconstructions (middle), linear autoencoder reconstructions (bottom)"), columns: Shown);
        return c.WriteJson("pca.json", new JsonObject
        {
            ["study"] = "pca",
            ["train_images"] = TrainImages,
            ["components"] = Components,
            ["steps"] = Steps,
            ["seed"] = c.Seed,
            ["explained_variance_fraction"] = Math.Round(explained, 4),
            ["eigenvalue_k"] = Math.Round(pca.ExplainedVariance[Components - 1], 5),
            ["eigenvalue_k_plus_1"] = Math.Round(pca.ExplainedVariance[Components], 5),
            ["largest_angle_degrees"] = Math.Round(degrees.Max(), 3),
            ["median_angle_degrees"] = Math.Round(degrees.Order().ElementAt(degrees.Length / 2), 3),
            ["angles_degrees"] = new JsonArray([.. degrees.Select(d => (JsonNode)Math.Round(d, 3))]),
            ["test_squared_error_pca"] = Math.Round(pcaError, 4),
            ["test_squared_error_linear_ae"] = Math.Round(aeError, 4),
        });
    }
}
