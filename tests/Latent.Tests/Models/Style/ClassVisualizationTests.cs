using Latent.Models.Common;
using Latent.Models.Style;
using Latent.Tensors;

namespace Latent.Tests.Models.Style;

/// <summary>Class visualisation on classifiers whose optimum is known in closed form.</summary>
public class ClassVisualizationTests
{
    /// <summary>Softmax regression on 1 × 4 × 4 images: logits = x·Wᵀ + b.</summary>
    private sealed class LinearClassifier(Tensor weight, Tensor bias) : IDifferentiableClassifier
    {
        public int Classes => weight.Shape[0];

        public int[] InputShape => [1, 4, 4];

        public Tensor Logits(Tensor inputs) => inputs.Reshape(inputs.Shape[0], 16).MatMul(weight, transB: true) + bias;
    }

    [Fact]
    public void WithoutBlurTheLinearDreamIsTheWeightRowOverTwoLambdaClampedToThePixelRange()
    {
        // argmax_x w·x − λ‖x‖² over [0, 1]^d is clamp(w / 2λ, 0, 1), coordinate by coordinate.
        var weight = Tensor.Randn([3, 16], new Generator(4), std: 0.3f);
        var classifier = new LinearClassifier(weight, Tensor.FromArray([0.5f, -1f, 2f], 3));
        var options = new ClassVisualizationOptions { L2 = 0.5, BlurEvery = 0, Steps = 400, LearningRate = 0.02 };
        var (images, scores) = ClassVisualization.Visualize(classifier, options);
        Assert.Equal([3, 1, 4, 4], images.Shape);
        for (int k = 0; k < 3; k++)
            for (int j = 0; j < 16; j++)
                Close.Assert(Math.Clamp(weight[k, j] / (2 * options.L2), 0, 1), images.ToArray()[k * 16 + j], atol: 5e-3, what: $"class {k} pixel {j}");
        for (int k = 0; k < 3; k++) Assert.True(scores[^1][k] > scores[0][k], $"class {k}'s score did not rise");
    }

    [Fact]
    public void BlurKeepsTheImagesInRangeAndStillRaisesEveryClassScore()
    {
        var classifier = new LinearClassifier(Tensor.Randn([2, 16], new Generator(5)), Tensor.Zeros(2));
        var (images, scores) = ClassVisualization.Visualize(classifier, new ClassVisualizationOptions { Steps = 40 });
        Assert.InRange(images.ToArray().Min(), 0f, 1f);
        Assert.InRange(images.ToArray().Max(), 0f, 1f);
        for (int k = 0; k < 2; k++) Assert.True(scores[^1][k] > scores[0][k] + 0.5);
        Assert.Throws<ArgumentException>(() => ClassVisualization.Visualize(classifier, new ClassVisualizationOptions { Steps = 0 }));
    }

    [Fact]
    public void GaussianBlurKernelIsNormalisedAndKeepsAFlatImageFlat()
    {
        var kernel = ClassVisualization.GaussianKernel(0.7, 2);
        Assert.Equal([2, 1, 5, 5], kernel.Shape);
        Close.Assert(2, kernel.Sum().Item(), atol: 1e-5);
        var flat = Tensor.Full(0.4f, 1, 2, 6, 6);
        Assert.All(ClassVisualization.Blur(flat, kernel).ToArray(), v => Close.Assert(0.4, v, atol: 1e-6));
    }

    [Fact]
    public void ClassAveragesAreTheMeansOfEachClass()
    {
        var images = Tensor.FromArray([1f, 2f, 3f, 4f, 5f, 6f], 3, 1, 1, 2);
        var means = ClassVisualization.ClassAverages(images, [1, 0, 1], 2);
        Assert.Equal([2, 1, 1, 2], means.Shape);
        Assert.Equal([3f, 4f, 3f, 4f], means.ToArray()); // class 0: image 1; class 1: (image 0 + image 2) / 2
        Assert.Throws<ArgumentException>(() => ClassVisualization.ClassAverages(images, [0, 0, 0], 2)); // class 1 is empty
        Assert.Throws<ArgumentException>(() => ClassVisualization.ClassAverages(images, [0, 1, 2], 2));
    }
}
