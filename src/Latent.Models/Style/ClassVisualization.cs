using Latent.Models.Common;
using Latent.Optim;
using Latent.Tensors;

namespace Latent.Models.Style;

/// <summary>
/// Class visualisation by optimising the input of a trained classifier (<see cref="IDifferentiableClassifier"/>):
/// for each class k an image x_k, started at zero, climbs S_k(x_k) − λ‖x_k‖² with Adam, blurred every few steps and
/// clamped to [0, 1]. For softmax regression the gradient of S_k is the constant weight row w_k, so the "dream" is
/// w_k pushed into the pixel range (the seed's dream of a linear classifier); class averages are its natural companion.
/// </summary>
public static class ClassVisualization
{
    /// <summary>The images [K, ...InputShape] that maximise each class score, and the score of each class per step [steps][K].</summary>
    /// <exception cref="ArgumentException">An option is out of range, or the classifier's input is not [C, H, W].</exception>
    public static (Tensor Images, IReadOnlyList<double[]> Scores) Visualize(IDifferentiableClassifier classifier, ClassVisualizationOptions options)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (classifier.InputShape.Length != 3)
            throw new ArgumentException($"class visualisation needs image inputs [C, H, W], the classifier takes {ShapeText.Format(classifier.InputShape)}.");
        int k = classifier.Classes;
        var images = Tensor.Zeros([k, .. classifier.InputShape]).RequireGrad();
        var adam = new Adam([images], options.LearningRate);
        var oneHot = Tensor.Eye(k);
        var blur = GaussianKernel(options.BlurSigma, classifier.InputShape[0]);
        var scores = new List<double[]>();
        for (int step = 1; step <= options.Steps; step++)
        {
            adam.ZeroGrad();
            var logits = classifier.Logits(images);
            var own = (logits * oneHot).Sum(1);
            scores.Add(own.ToArray().Select(v => (double)v).ToArray());
            var objective = own.Sum() - (images * images).Sum() * (float)options.L2;
            (-objective).Backward();
            adam.Step();
            using var _ = Autograd.NoGrad();
            if (options.BlurEvery > 0 && step % options.BlurEvery == 0)
                Blur(images, blur).Data.CopyTo(images.Data);
            PixelOptimizer.Clamp(images);
        }
        return (images.Detach(), scores);
    }

    /// <summary>The mean image of each class [K, C, H, W] of <paramref name="images"/> [N, C, H, W] with labels in 0..K−1.</summary>
    /// <exception cref="ArgumentException">The counts differ, a label is out of range, or a class has no image.</exception>
    public static Tensor ClassAverages(Tensor images, ReadOnlySpan<int> labels, int classes)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.Shape[0] != labels.Length) throw new ArgumentException($"{images.Shape[0]} images but {labels.Length} labels.");
        int size = images.Size / Math.Max(1, images.Shape[0]);
        var sums = new double[classes * size];
        var counts = new int[classes];
        var data = images.Data;
        for (int i = 0; i < labels.Length; i++)
        {
            int c = labels[i];
            if (c < 0 || c >= classes) throw new ArgumentException($"label {c} of image {i} is outside 0..{classes - 1}.");
            counts[c]++;
            for (int j = 0; j < size; j++) sums[c * size + j] += data[i * size + j];
        }
        var means = new float[sums.Length];
        for (int c = 0; c < classes; c++)
        {
            if (counts[c] == 0) throw new ArgumentException($"class {c} has no image.");
            for (int j = 0; j < size; j++) means[c * size + j] = (float)(sums[c * size + j] / counts[c]);
        }
        return Tensor.FromArray(means, [classes, .. images.Shape[1..]]);
    }

    /// <summary>A normalised (2r+1) × (2r+1) Gaussian kernel [C, 1, k, k] for a depthwise blur, r = ⌈2σ⌉.</summary>
    internal static Tensor GaussianKernel(double sigma, int channels)
    {
        int r = Math.Max(1, (int)Math.Ceiling(2 * sigma)), k = 2 * r + 1;
        var w = new float[channels * k * k];
        double total = 0;
        for (int y = -r; y <= r; y++) for (int x = -r; x <= r; x++) total += Math.Exp(-(x * x + y * y) / (2 * sigma * sigma));
        for (int c = 0; c < channels; c++)
            for (int y = -r; y <= r; y++)
                for (int x = -r; x <= r; x++)
                    w[c * k * k + (y + r) * k + x + r] = (float)(Math.Exp(-(x * x + y * y) / (2 * sigma * sigma)) / total);
        return Tensor.FromArray(w, [channels, 1, k, k]);
    }

    /// <summary>A depthwise Gaussian blur with edge replication.</summary>
    internal static Tensor Blur(Tensor images, Tensor kernel)
    {
        int r = kernel.Shape[2] / 2;
        var padded = images.Pad([(0, 0), (0, 0), (r, r), (r, r)], PaddingMode.Replicate);
        return padded.Conv2d(kernel, groups: images.Shape[1]);
    }
}
