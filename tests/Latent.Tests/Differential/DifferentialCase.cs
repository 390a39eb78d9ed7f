using Latent.Tensors;

namespace Latent.Tests.Differential;

/// <summary>One input of a differential case: its value and how PyTorch must treat it.</summary>
/// <param name="Value">The value (index inputs hold whole numbers).</param>
/// <param name="Grad">Whether gradients are taken with respect to it.</param>
/// <param name="Index">Whether PyTorch receives it as an integer (long) tensor.</param>
public sealed record DiffInput(Tensor Value, bool Grad, bool Index);

/// <summary>
/// An op evaluated by Latent and by PyTorch on the same inputs: the forward value, the gradient of Σ out·w and, when
/// <paramref name="SecondOrder"/>, the gradient of Σᵢ⟨∂L/∂xᵢ, vᵢ⟩ are compared.
/// </summary>
/// <param name="Name">Unique name, shown as the test case.</param>
/// <param name="Torch">A PyTorch expression over the inputs a, b, c, … (see torch_reference.py for its helpers).</param>
/// <param name="Latent">The same computation with Latent.</param>
/// <param name="Inputs">Draws the inputs from the case's own generator.</param>
/// <param name="SecondOrder">Whether gradients of gradients are compared.</param>
/// <param name="Atol">Absolute tolerance (Latent computes in float32, the reference in float64).</param>
/// <param name="Rtol">Relative tolerance.</param>
public sealed record DifferentialCase(string Name, string Torch, Func<Tensor[], Tensor> Latent, Func<Generator, DiffInput[]> Inputs,
    bool SecondOrder, double Atol, double Rtol)
{
    /// <summary>A seed that depends only on the name, so adding a case never changes another case's inputs.</summary>
    public ulong Seed
    {
        get
        {
            ulong h = 14695981039346656037UL; // FNV-1a
            foreach (char ch in Name) { h ^= ch; h *= 1099511628211UL; }
            return h;
        }
    }

    /// <inheritdoc />
    public override string ToString() => Name;
}
