using Latent.Models.Classical;
using Latent.Models.Classical.Studies;
using Latent.Models.Common;
using Latent.Tensors;

namespace Latent.Tests.Models.Classical;

public class DiscriminativeTests
{
    // Three 4-D Gaussian classes sharing a covariance.
    private static (double[][] X, int[] Y) Classes(int perClass, ulong seed)
    {
        var gen = new Generator(seed);
        var x = new List<double[]>();
        var y = new List<int>();
        for (int c = 0; c < 3; c++)
            for (int i = 0; i < perClass; i++)
            {
                double a = gen.NextNormal(), b = gen.NextNormal();
                x.Add([2 * c + a, a + 0.5 * b, gen.NextNormal(), c == 1 ? 1 + b : b]);
                y.Add(c);
            }
        return ([.. x], [.. y]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void DiscriminativeTrainingLowersTheLossAndMatchesTheClosedForm(bool gaussian)
    {
        var (x, y) = Classes(150, 51);
        var (tx, ty) = Classes(300, 52);
        var model = gaussian ? DiscriminativeClassifier.GaussianShared(x, y, 3, steps: 200) : DiscriminativeClassifier.LogisticRegression(x, y, 3, steps: 200);
        Assert.True(model.Losses[^1] < 0.6 * model.Losses[0], $"loss {model.Losses[0]} → {model.Losses[^1]}");
        double closedForm = GaussianClassifier.Fit(GaussianClassifier.Accumulate(x, y, 3, ClassCovariance.Shared), ClassCovariance.Shared).Accuracy(tx, ty);
        double accuracy = model.Accuracy(tx, ty);
        // Same linear-softmax family, the data really is shared-covariance Gaussian: both near the Bayes rate.
        Assert.True(accuracy > closedForm - 0.03, $"discriminative {accuracy}, closed form {closedForm}");
        Assert.True(accuracy > 0.8, $"accuracy {accuracy}");
    }

    [Fact]
    public void DecisionBoundaryStudyWritesBothFigures()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"latent-bishop-{Guid.NewGuid():N}");
        try
        {
            var json = new DecisionBoundariesStudy { PointsPerClass = 100, PanelSize = 60 }.Run(new StudyContext(dir, seed: 1));
            Assert.True(File.Exists(Path.Combine(dir, "bishop-4-10.png")));
            Assert.True(File.Exists(Path.Combine(dir, "bishop-4-11.png")));
            // The blue class differs in covariance: the quadratic fit classifies held-out points at least as well.
            Assert.True(json["three_class_test_accuracy_per_class"]!.GetValue<double>() >= json["three_class_test_accuracy_shared"]!.GetValue<double>() - 0.01);
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }
}
