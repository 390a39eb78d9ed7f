using Latent.NN;
using Latent.Tensors;

namespace Latent.Models.Autoregressive;

/// <summary>
/// A Row LSTM layer (van den Oord et al., 2016): the image is processed one row at a time. The input-to-state part is
/// a masked 1×k convolution along the row (columns c − k/2 … c of the same row, computed for the whole map at once);
/// the state-to-state part is a 1×3 convolution of the previous row's hidden state. The gates i, f, o, g of row r at
/// column c so see the input features at and left of c and the states of row r − 1 at c − 1 … c + 1, which gives the
/// layer its triangular receptive field above each pixel. The output adds the hidden state to the input (residual).
/// </summary>
public sealed class RowLstm : Module
{
    private readonly StackConv2d _inputToState;
    private readonly Conv1d _stateToState;

    /// <summary>Creates the layer on <paramref name="channels"/> channels with input-to-state width <paramref name="kernel"/>.</summary>
    public RowLstm(int channels, int kernel, Generator gen)
    {
        Channels = channels;
        _inputToState = RegisterModule("input_to_state", StackConv2d.Horizontal(channels, 4 * channels, kernel, gen));
        _stateToState = RegisterModule("state_to_state", new Conv1d(channels, 4 * channels, 3, gen, padding: 1));
    }

    /// <summary>Channels h.</summary>
    public int Channels { get; }

    /// <summary>The input-to-state pre-activations [N, 4h, rows, W] of input features [N, h, rows, W].</summary>
    public Tensor InputToState(Tensor u) => _inputToState.Forward(u);

    /// <summary>The states (h, c) of one row, each [N, h, W], from its input-to-state pre-activations [N, 4h, W] and the previous row's states (null for the first row).</summary>
    public (Tensor Hidden, Tensor Cell) Step(Tensor inputToState, (Tensor Hidden, Tensor Cell)? previous)
    {
        ArgumentNullException.ThrowIfNull(inputToState);
        var pre = previous is { } p ? inputToState + _stateToState.Forward(p.Hidden) : inputToState;
        int h = Channels;
        var i = pre.Narrow(1, 0, h).Sigmoid();
        var f = pre.Narrow(1, h, h).Sigmoid();
        var o = pre.Narrow(1, 2 * h, h).Sigmoid();
        var g = pre.Narrow(1, 3 * h, h).Tanh();
        var cell = previous is { } q ? f * q.Cell + i * g : i * g;
        return (o * cell.Tanh(), cell);
    }

    /// <summary>The layer's output [N, h, H, W] on input features [N, h, H, W]: the input plus the hidden states, row by row.</summary>
    public override Tensor Forward(Tensor u)
    {
        ArgumentNullException.ThrowIfNull(u);
        var pre = InputToState(u);
        int rows = u.Shape[2];
        var hidden = new Tensor[rows];
        (Tensor Hidden, Tensor Cell)? state = null;
        for (int r = 0; r < rows; r++)
        {
            state = Step(pre.Select(2, r), state);
            hidden[r] = state.Value.Hidden;
        }
        return u + Tensor.Stack(hidden, 2);
    }
}
