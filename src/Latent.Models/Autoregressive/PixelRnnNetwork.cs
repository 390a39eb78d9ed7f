using Latent.Tensors;

namespace Latent.Models.Autoregressive;

/// <summary>
/// The PixelRNN network with Row LSTM layers: a type A <see cref="MaskedConv2d"/>, <see cref="RowLstm"/> layers with
/// residual connections, and a <see cref="PixelHead"/>. Pixel-by-pixel evaluation keeps every layer's states of the
/// finished rows, so each pixel costs the first convolution over a few rows and one row step per layer.
/// </summary>
public sealed class PixelRnnNetwork : PixelNetwork
{
    private readonly MaskedConv2d _first;
    private readonly RowLstm[] _layers;
    private readonly PixelHead _head;

    /// <summary>Builds the network of <paramref name="options"/>.</summary>
    public PixelRnnNetwork(PixelRnnOptions options, Generator gen)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(gen);
        options.Validate();
        Outputs = options.NewDistribution().Channels;
        _first = RegisterModule("input", new MaskedConv2d(MaskType.A, 1, options.Channels, options.FirstKernel, gen));
        _layers = [.. Enumerable.Range(0, options.Layers).Select(i => RegisterModule($"row_lstm{i}", new RowLstm(options.Channels, options.Kernel, gen)))];
        _head = RegisterModule("head", new PixelHead(options.Channels, options.HeadHidden, Outputs, gen));
    }

    /// <inheritdoc />
    public override int Outputs { get; }

    /// <inheritdoc />
    public override Tensor ClassLastOutputs(Tensor x, int[]? labels)
    {
        CheckImages(x);
        CheckLabels(labels, x.Shape[0]);
        var h = _first.Forward(x);
        foreach (var layer in _layers) h = layer.Forward(h);
        return _head.OfMaps(h);
    }

    /// <inheritdoc />
    public override PixelStepper Start(Tensor x, int[]? labels)
    {
        CheckImages(x);
        CheckLabels(labels, x.Shape[0]);
        return new Stepper(this, x);
    }

    private sealed class Stepper(PixelRnnNetwork network, Tensor x) : PixelStepper
    {
        private readonly (Tensor Hidden, Tensor Cell)?[] _states = new (Tensor Hidden, Tensor Cell)?[network._layers.Length];
        private int _done; // rows whose states are in _states (all rows before _done)

        public override Tensor At(int row, int column)
        {
            while (_done < row) RowFeatures(_done++, commit: true);
            var features = RowFeatures(row, commit: false);
            return network._head.Forward(features.Narrow(2, column, 1).Reshape(x.Shape[0], -1));
        }

        /// <summary>The last layer's features [N, h, W] of one row; with <paramref name="commit"/> the row's states become the previous ones.</summary>
        private Tensor RowFeatures(int row, bool commit)
        {
            int reach = network._first.Kernel / 2, top = Math.Max(0, row - reach);
            // The masked convolution of this row sees only the rows above it within its reach.
            var u = network._first.Forward(x.Narrow(2, top, row - top + 1)).Narrow(2, row - top, 1); // [N, h, 1, W]
            for (int l = 0; l < network._layers.Length; l++)
            {
                var layer = network._layers[l];
                var state = layer.Step(layer.InputToState(u).Select(2, 0), _states[l]);
                if (commit) _states[l] = state;
                u = u + state.Hidden.Unsqueeze(2);
            }
            return u.Select(2, 0);
        }
    }
}
