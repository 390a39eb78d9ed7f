using Latent.Data;
using Latent.Models.Classifiers;
using Latent.Models.Common;
using Latent.Models.Common.Adversarial;
using Latent.NN;
using Latent.Tensors;
using Latent.Tests.IO;

namespace Latent.Tests.Models.Common.Adversarial;

public class SignGradientAttackTests
{
    /// <summary>Softmax regression on [1, 2, 3] inputs with fixed weights: its input gradient is Wᵀ(softmax − onehot), by hand.</summary>
    private sealed class LinearClassifier(Tensor weight) : IDifferentiableClassifier
    {
        public int Classes => weight.Shape[0];

        public int[] InputShape => [1, 2, 3];

        public Tensor Logits(Tensor inputs) => inputs.Reshape(inputs.Shape[0], -1).MatMul(weight.T);

        /// <summary>∂CE/∂x of example i for label y: Σ_k (p_k − [k = y])·W_k, computed in double precision.</summary>
        public double[] InputGradient(float[] x, int y)
        {
            var w = weight.ToArray();
            int k = Classes, d = x.Length;
            var logits = new double[k];
            for (int c = 0; c < k; c++)
                for (int j = 0; j < d; j++) logits[c] += w[c * d + j] * x[j];
            double max = logits.Max(), z = logits.Sum(l => Math.Exp(l - max));
            var gradient = new double[d];
            for (int c = 0; c < k; c++)
            {
                double coefficient = Math.Exp(logits[c] - max) / z - (c == y ? 1 : 0);
                for (int j = 0; j < d; j++) gradient[j] += coefficient * w[c * d + j];
            }
            return gradient;
        }
    }

    private static (LinearClassifier Classifier, Tensor X, int[] Labels) Problem(ulong seed)
    {
        var gen = new Generator(seed);
        var classifier = new LinearClassifier(Tensor.Randn([4, 6], gen, std: 2f));
        // Pixels in [0.3, 0.7], so that a step of 0.1 never reaches the image range's bounds.
        return (classifier, Tensor.Rand([5, 1, 2, 3], gen, 0.3f, 0.7f), [0, 1, 2, 3, 1]);
    }

    [Fact]
    public void FgsmPerturbationIsEpsilonTimesTheSignOfTheInputGradient()
    {
        var (classifier, x, labels) = Problem(7);
        const float eps = 0.1f;
        var adversarial = SignGradientAttack.Fgsm(eps).Untargeted(classifier, x, labels);
        var delta = (adversarial - x).ToArray();
        for (int i = 0; i < labels.Length; i++)
        {
            var gradient = classifier.InputGradient(x.Select(0, i).ToArray(), labels[i]);
            for (int j = 0; j < 6; j++)
                Close.Assert(eps * Math.Sign(gradient[j]), delta[i * 6 + j], atol: 1e-6);
        }
        // It raises every example's loss, and a targeted step lowers the target's.
        Assert.All(PerExampleLoss(classifier, adversarial, labels).Zip(PerExampleLoss(classifier, x, labels)), p => Assert.True(p.First > p.Second));
        int[] targets = [3, 3, 0, 0, 2];
        var turned = SignGradientAttack.Fgsm(eps).Targeted(classifier, x, targets);
        Assert.All(PerExampleLoss(classifier, turned, targets).Zip(PerExampleLoss(classifier, x, targets)), p => Assert.True(p.First < p.Second));
    }

    [Fact]
    public void PgdStaysInsideTheDeltaBallAndTheImageRange()
    {
        var gen = new Generator(3);
        var classifier = new LinearClassifier(Tensor.Randn([4, 6], gen, std: 2f));
        var x = Tensor.Rand([8, 1, 2, 3], gen); // pixels near 0 and 1 too: the image range must clip them
        int[] labels = [0, 1, 2, 3, 0, 1, 2, 3];
        const float delta = 0.08f;
        // A step larger than the ball, many steps and a random start: only the projection keeps it inside.
        var attack = new SignGradientAttack(delta, StepSize: 0.05f, Steps: 12, RandomStart: true);
        var adversarial = attack.Untargeted(classifier, x, labels, new Generator(4));
        var z = adversarial.ToArray();
        var orig = x.ToArray();
        double largest = 0;
        for (int i = 0; i < z.Length; i++)
        {
            Assert.InRange(z[i], 0f, 1f);
            Assert.True(Math.Abs(z[i] - orig[i]) <= delta + 1e-6, $"pixel {i} moved by {Math.Abs(z[i] - orig[i])} > {delta}");
            largest = Math.Max(largest, Math.Abs(z[i] - orig[i]));
        }
        Assert.True(largest > delta - 1e-6, "the attack should reach the ball's surface somewhere");
        // PGD does at least as well as FGSM of the same radius on this convex loss.
        Assert.True(PerExampleLoss(classifier, adversarial, labels).Sum() >= PerExampleLoss(classifier, SignGradientAttack.Fgsm(delta).Untargeted(classifier, x, labels), labels).Sum() - 1e-4);
    }

    [Fact]
    public void BadAttacksAndInputsGiveClearErrors()
    {
        var (classifier, x, labels) = Problem(1);
        Assert.Contains("radius", Assert.Throws<ArgumentException>(() => SignGradientAttack.Fgsm(-0.1f)).Message);
        Assert.Contains("steps", Assert.Throws<ArgumentException>(() => SignGradientAttack.Pgd(0.1f, 0)).Message);
        Assert.Contains("5 inputs", Assert.Throws<ArgumentException>(() => SignGradientAttack.Fgsm(0.1f).Untargeted(classifier, x, [0, 1])).Message);
        Assert.Contains("outside", Assert.Throws<ArgumentException>(() => SignGradientAttack.Fgsm(0.1f).Untargeted(classifier, x, [0, 1, 2, 3, 4])).Message);
        Assert.Contains("[N, 1, 2, 3]", Assert.Throws<ArgumentException>(() => SignGradientAttack.Fgsm(0.1f).Untargeted(classifier, Tensor.Zeros(5, 6), labels)).Message);
        Assert.Throws<InvalidOperationException>(() => SignGradientAttack.Pgd(0.1f, randomStart: true).Untargeted(classifier, x, labels));
    }

    [Fact]
    public void TargetedGridTurnsEachClassIntoEveryOtherWithTheEpsilonItNeeded()
    {
        var (classifier, _, _) = Problem(11);
        var gen = new Generator(12);
        var sources = Tensor.Rand([4, 1, 2, 3], gen, 0.3f, 0.7f);
        var grid = TargetedGrid.Build(classifier, sources, [0.05f, 0.1f, 0.2f, 0.4f, 0.8f]);
        Assert.Equal([16, 1, 2, 3], grid.Images.Shape);
        var predicted = AdversarialAccuracy.Predict(classifier, grid.Images);
        for (int i = 0; i < 4; i++)
            for (int j = 0; j < 4; j++)
            {
                double eps = grid.Epsilons[i, j];
                if (i == j) { Assert.Equal(0, eps); continue; }
                if (double.IsNaN(eps)) continue;
                Assert.Equal(j, predicted[i * 4 + j]);
                var moved = (grid.Images.Select(0, i * 4 + j) - sources.Select(0, i)).Abs().Max().Item();
                Assert.True(moved <= eps + 1e-6, $"cell ({i}, {j}) moved {moved} > {eps}");
            }
        Assert.True(Enumerable.Range(0, 16).Count(c => c / 4 != c % 4 && !double.IsNaN(grid.Epsilons[c / 4, c % 4])) >= 6);
    }

    [SkippableFact]
    public void AdversarialTrainingMakesTheClassifierHoldUpUnderFgsmAndPgd()
    {
        var (train, test) = TestData.RequireFashionMnist();
        var x = test.ToTensor(0, 256);
        var y = test.Labels[..256].ToArray();
        (double Fgsm, double Pgd) Robustness(AdversarialTraining training)
        {
            // The adversary as `latent train classifier --adversarial ... --adv-eps 0.1 --adv-steps 3` builds it.
            var adversary = new ClassifierOptions { Adversarial = training, AdvEps = 0.1, AdvSteps = 3 }.Adversary();
            var network = ClassifierNetwork.Create(ClassifierArchitecture.Linear, [1, 28, 28], 10, [], new Generator(1));
            var classifier = new ImageClassifier(network, "test", 5e-3, new Generator(2)) { Adversary = adversary };
            InMemoryTraining.Fit(classifier, new DataLoader(train, 64, shuffle: true, generator: new Generator(3)), 80);
            return (AdversarialAccuracy.Under(classifier, x, y, SignGradientAttack.Fgsm(0.1f)), AdversarialAccuracy.Under(classifier, x, y, SignGradientAttack.Pgd(0.1f, 10)));
        }
        var standard = Robustness(AdversarialTraining.None);
        var fgsm = Robustness(AdversarialTraining.Fgsm);
        var pgd = Robustness(AdversarialTraining.Pgd);
        Assert.True(fgsm.Fgsm > standard.Fgsm + 0.1, $"FGSM accuracy at 0.1: standard {standard.Fgsm:F3}, FGSM-trained {fgsm.Fgsm:F3}");
        Assert.True(pgd.Fgsm > standard.Fgsm + 0.1, $"FGSM accuracy at 0.1: standard {standard.Fgsm:F3}, PGD-trained {pgd.Fgsm:F3}");
        Assert.True(pgd.Pgd > standard.Pgd + 0.1, $"PGD-10 accuracy at 0.1: standard {standard.Pgd:F3}, PGD-trained {pgd.Pgd:F3}");
    }

    private static double[] PerExampleLoss(IDifferentiableClassifier classifier, Tensor x, int[] labels)
    {
        using (Autograd.NoGrad()) return [.. Losses.CrossEntropy(classifier.Logits(x), labels, reduction: Reduction.None).ToArray().Select(v => (double)v)];
    }
}
