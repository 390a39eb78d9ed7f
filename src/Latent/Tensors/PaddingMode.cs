namespace Latent.Tensors;

/// <summary>How <c>Tensor.Pad(pads, mode)</c> fills the new border.</summary>
public enum PaddingMode
{
    /// <summary>A constant value (zero by default).</summary>
    Constant,

    /// <summary>Mirror the values without repeating the edge: [a b c] padded by 2 is [c b a b c b a] (PyTorch's "reflect").</summary>
    Reflect,

    /// <summary>Repeat the edge value: [a b c] padded by 2 is [a a a b c c c] (PyTorch's "replicate").</summary>
    Replicate,
}
