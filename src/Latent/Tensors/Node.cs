namespace Latent.Tensors;

/// <summary>
/// Computes the gradients of an op's inputs from the gradient of its output. <paramref name="needs"/>[i] tells
/// whether input i needs a gradient; entries that are not needed may be returned as <c>null</c>.
/// Implementations use tensor ops only, so that the result is itself differentiable.
/// </summary>
internal delegate Tensor?[] BackwardFn(Tensor grad, bool[] needs);

/// <summary>One recorded op in the autograd graph: its inputs and the rule that maps output gradient to input gradients.</summary>
internal sealed class Node
{
    public Node(string name, Tensor[] inputs, BackwardFn backward, bool supportsDoubleBackward)
    {
        Name = name;
        Inputs = inputs;
        Backward = backward;
        SupportsDoubleBackward = supportsDoubleBackward;
    }

    /// <summary>The op's name, used in error messages.</summary>
    public string Name { get; }

    public Tensor[] Inputs { get; private set; }

    public BackwardFn? Backward { get; private set; }

    /// <summary>False for ops whose backward is not itself differentiable; differentiating it again throws.</summary>
    public bool SupportsDoubleBackward { get; }

    public bool Released => Backward == null;

    /// <summary>Drops the saved tensors so their memory can be reclaimed.</summary>
    public void Release()
    {
        Backward = null;
        Inputs = [];
    }
}
