using Latent.NN;
using Latent.Tensors;

namespace Latent.Models.Common.Adversarial;

/// <summary>
/// Iterated fast-gradient-sign attack with projection (FGSM when <see cref="Steps"/> is 1, PGD of Madry et al. 2018
/// otherwise), the adversary of the lectures' adversarial training: z₀ = x (or a uniform point of the ball with
/// <see cref="RandomStart"/>), z_{j+1} = Π(z_j ± ε₂·sign ∇_z L(z_j)) for j &lt; J, where Π projects onto the L∞ ball
/// ‖z − x‖∞ ≤ δ and onto the image range [0, 1]. Untargeted attacks ascend the loss of the true label, targeted ones
/// descend the loss of the target label.
/// </summary>
/// <param name="Radius">δ, the largest change of any pixel (the attack's ε); 0 leaves the inputs as they are.</param>
/// <param name="StepSize">ε₂, the size of one signed step.</param>
/// <param name="Steps">J, the number of steps.</param>
/// <param name="RandomStart">Start from a uniform point of the δ-ball instead of x (needs a generator).</param>
/// <example>
/// <code>
/// var fgsm = SignGradientAttack.Fgsm(0.1f);
/// var adversarial = fgsm.Untargeted(classifier, images, labels);
/// var pgd = SignGradientAttack.Pgd(0.1f, steps: 10);
/// var turned = pgd.Targeted(classifier, images, targets);
/// </code>
/// </example>
public sealed record SignGradientAttack(float Radius, float StepSize, int Steps, bool RandomStart = false)
{
    /// <summary>The fast gradient sign method (Goodfellow et al. 2015): one step of size ε, x' = x ± ε·sign ∇ₓL.</summary>
    /// <exception cref="ArgumentException">ε is negative or not finite.</exception>
    public static SignGradientAttack Fgsm(float epsilon) => Checked(new SignGradientAttack(epsilon, epsilon, 1));

    /// <summary>Projected gradient descent in the L∞ ball of radius ε: <paramref name="steps"/> signed steps of <paramref name="stepSize"/> (default 2.5·ε/steps).</summary>
    /// <exception cref="ArgumentException">ε is negative, the steps are not positive or the step size is negative.</exception>
    public static SignGradientAttack Pgd(float epsilon, int steps = 10, float? stepSize = null, bool randomStart = false)
        => Checked(new SignGradientAttack(epsilon, stepSize ?? 2.5f * epsilon / Math.Max(steps, 1), steps, randomStart));

    /// <summary>Throws unless the radius and step size are finite and non-negative and the steps positive.</summary>
    /// <exception cref="ArgumentException">A value is out of range; the message names it.</exception>
    public static SignGradientAttack Checked(SignGradientAttack attack)
    {
        ArgumentNullException.ThrowIfNull(attack);
        if (!(attack.Radius >= 0) || !float.IsFinite(attack.Radius)) throw new ArgumentException($"Attack radius ε must be finite and non-negative, got {attack.Radius}.");
        if (!(attack.StepSize >= 0) || !float.IsFinite(attack.StepSize)) throw new ArgumentException($"Attack step size must be finite and non-negative, got {attack.StepSize}.");
        if (attack.Steps < 1) throw new ArgumentException($"Attack steps must be at least 1, got {attack.Steps}.");
        return attack;
    }

    /// <summary>Inputs near <paramref name="inputs"/> that raise the classifier's cross-entropy for their true <paramref name="labels"/>.</summary>
    /// <exception cref="ArgumentException">The inputs do not match the classifier's input shape, or the labels do not match the batch or the classes.</exception>
    public Tensor Untargeted(IDifferentiableClassifier classifier, Tensor inputs, int[] labels, Generator? generator = null)
        => Run(inputs, z => CrossEntropy(classifier, z, labels, inputs), generator);

    /// <summary>Inputs near <paramref name="inputs"/> that lower the classifier's cross-entropy for the <paramref name="targets"/> classes.</summary>
    /// <exception cref="ArgumentException">The inputs do not match the classifier's input shape, or the targets do not match the batch or the classes.</exception>
    public Tensor Targeted(IDifferentiableClassifier classifier, Tensor inputs, int[] targets, Generator? generator = null)
        => Run(inputs, z => -CrossEntropy(classifier, z, targets, inputs), generator);

    /// <summary>
    /// The attack on any objective: <paramref name="objective"/> maps a batch of inputs to a scalar whose rise the
    /// attack seeks (a sum over examples, so that each example's gradient is its own). Returns the perturbed inputs,
    /// detached, inside the δ-ball around <paramref name="inputs"/> and the range [0, 1].
    /// </summary>
    /// <exception cref="InvalidOperationException"><see cref="RandomStart"/> is set without a generator.</exception>
    public Tensor Run(Tensor inputs, Func<Tensor, Tensor> objective, Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(objective);
        Checked(this);
        var x = inputs.Detach();
        var z = x;
        if (RandomStart)
        {
            var gen = generator ?? throw new InvalidOperationException("A random-start attack needs a generator.");
            z = Project(x + Tensor.Rand(x.Shape, gen, -Radius, Radius), x);
        }
        if (Radius == 0) return z;
        for (int j = 0; j < Steps; j++)
        {
            var leaf = z.Detach().RequireGrad();
            Tensor gradient;
            using (Autograd.EnableGrad()) gradient = Autograd.Grad(objective(leaf), leaf);
            using (Autograd.NoGrad()) z = Project(leaf.Detach() + gradient.Sign() * StepSize, x);
        }
        return z;
    }

    /// <summary>Projects <paramref name="z"/> onto the δ-ball around <paramref name="x"/> and onto [0, 1].</summary>
    public Tensor Project(Tensor z, Tensor x)
    {
        ArgumentNullException.ThrowIfNull(z);
        ArgumentNullException.ThrowIfNull(x);
        using (Autograd.NoGrad()) return z.Maximum(x - Radius).Minimum(x + Radius).Clamp(0f, 1f);
    }

    private static Tensor CrossEntropy(IDifferentiableClassifier classifier, Tensor z, int[] labels, Tensor inputs)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentNullException.ThrowIfNull(labels);
        if (!inputs.Shape.AsSpan(1).SequenceEqual(classifier.InputShape))
            throw new ArgumentException($"The classifier takes inputs [N, {string.Join(", ", classifier.InputShape)}], got {ShapeText.Format(inputs.Shape)}.", nameof(inputs));
        if (labels.Length != inputs.Shape[0])
            throw new ArgumentException($"{labels.Length} labels for a batch of {inputs.Shape[0]} inputs.", nameof(labels));
        foreach (int label in labels)
            if (label < 0 || label >= classifier.Classes)
                throw new ArgumentException($"Label {label} is outside the classifier's {classifier.Classes} classes.", nameof(labels));
        return Losses.CrossEntropy(classifier.Logits(z), labels, reduction: Reduction.Sum);
    }
}
