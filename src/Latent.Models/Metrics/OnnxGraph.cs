using Latent.Models.Common;
using Latent.Tensors;

namespace Latent.Models.Metrics;

/// <summary>
/// Runs an <see cref="OnnxModel"/>'s graph on Latent's tensor engine, node by node in file order: Conv, BatchNormalization
/// (inference form), Relu, Add, Sum, Mul, Sub, Div, MaxPool, AveragePool, GlobalAveragePool, Flatten, Reshape, Gemm,
/// MatMul, Softmax, Concat, Identity and Dropout (inference); asymmetric pads are applied by an explicit pad. Any node's output can be asked for, so the network is a
/// frozen feature extractor for every layer. An operator outside this set, or an attribute this engine cannot
/// honour (auto_pad, non-square pooling, ceil_mode), throws <see cref="NotSupportedException"/> naming it.
/// </summary>
public sealed class OnnxGraph
{
    private readonly Dictionary<string, int> _lastUse = [];

    /// <summary>Wraps a parsed model.</summary>
    /// <exception cref="NotSupportedException">A node uses an operator this runner does not implement.</exception>
    public OnnxGraph(OnnxModel model)
    {
        Model = model ?? throw new ArgumentNullException(nameof(model));
        foreach (var node in model.Nodes)
            if (!Supported.Contains(node.OpType)) throw new NotSupportedException($"ONNX operator '{node.OpType}' (node '{node.Name}') is not supported.");
    }

    private static readonly HashSet<string> Supported =
    [
        "Conv", "BatchNormalization", "Relu", "Add", "Sum", "Mul", "Sub", "Div", "MaxPool", "AveragePool", "GlobalAveragePool",
        "Flatten", "Reshape", "Gemm", "MatMul", "Softmax", "Concat", "Identity", "Dropout",
    ];

    /// <summary>The model.</summary>
    public OnnxModel Model { get; }

    /// <summary>Every value name a node produces, in order: the layers features can be taken from.</summary>
    public IEnumerable<string> ValueNames => Model.Nodes.SelectMany(n => n.Outputs);

    /// <summary>
    /// Runs the graph on <paramref name="input"/> (bound to the first graph input) until every name in
    /// <paramref name="outputs"/> is computed (the graph's outputs when null), without a graph for autograd.
    /// </summary>
    /// <exception cref="ArgumentException">An output name is not produced by any node.</exception>
    public IReadOnlyDictionary<string, Tensor> Run(Tensor input, IReadOnlyList<string>? outputs = null)
    {
        using var _ = Autograd.NoGrad();
        return Evaluate(input, outputs);
    }

    /// <summary>
    /// Runs the graph like <see cref="Run"/> but records it for autograd, so that gradients of the outputs reach
    /// <paramref name="input"/> (the weights are constants): what optimising an image through the network needs
    /// (style transfer, deep dream).
    /// </summary>
    /// <exception cref="ArgumentException">An output name is not produced by any node.</exception>
    public IReadOnlyDictionary<string, Tensor> Trace(Tensor input, IReadOnlyList<string> outputs) => Evaluate(input, outputs);

    private Dictionary<string, Tensor> Evaluate(Tensor input, IReadOnlyList<string>? outputs)
    {
        ArgumentNullException.ThrowIfNull(input);
        var wanted = outputs ?? [.. Model.Outputs.Select(o => o.Name)];
        var produced = new HashSet<string>(ValueNames);
        foreach (var name in wanted)
            if (!produced.Contains(name) && name != Model.Inputs[0].Name) throw new ArgumentException($"no node of the ONNX graph produces '{name}'.");
        var values = new Dictionary<string, Tensor> { [Model.Inputs[0].Name] = input };
        var result = new Dictionary<string, Tensor>();
        var remaining = new HashSet<string>(wanted);
        foreach (var name in wanted) if (values.TryGetValue(name, out var v)) { result[name] = v; remaining.Remove(name); }
        var lastUse = LastUse();
        for (int i = 0; i < Model.Nodes.Count && remaining.Count > 0; i++)
        {
            var node = Model.Nodes[i];
            var output = Execute(node, values);
            values[node.Outputs[0]] = output;
            if (remaining.Remove(node.Outputs[0])) result[node.Outputs[0]] = output;
            foreach (var name in node.Inputs) // free intermediate values nobody reads again
                if (lastUse.TryGetValue(name, out int last) && last == i && !Model.Initializers.ContainsKey(name)) values.Remove(name);
        }
        return result;
    }

    private Dictionary<string, int> LastUse()
    {
        if (_lastUse.Count == 0)
            for (int i = 0; i < Model.Nodes.Count; i++)
                foreach (var name in Model.Nodes[i].Inputs) _lastUse[name] = i;
        return _lastUse;
    }

    private Tensor Execute(OnnxNode node, Dictionary<string, Tensor> values)
    {
        Tensor In(int k) => k < node.Inputs.Count && node.Inputs[k].Length > 0
            ? values.TryGetValue(node.Inputs[k], out var v) ? v
              : Model.Initializers.TryGetValue(node.Inputs[k], out var w) ? w
              : throw new InvalidDataException($"ONNX node '{node.Name}' ({node.OpType}) reads '{node.Inputs[k]}', which nothing produced.")
            : throw new InvalidDataException($"ONNX node '{node.Name}' ({node.OpType}) lacks input {k}.");
        bool Has(int k) => k < node.Inputs.Count && node.Inputs[k].Length > 0;
        switch (node.OpType)
        {
            case "Conv":
            {
                var x = In(0);
                var w = In(1);
                CheckAutoPad(node);
                var (stride, dilation) = (node.Ints("strides", [1, 1]), node.Ints("dilations", [1, 1]));
                var (padded, ph, pw) = Padded(node, x, 0f);
                return padded.Conv2d(w, Has(2) ? In(2) : null, ((int)stride[0], (int)stride[1]), (ph, pw), ((int)dilation[0], (int)dilation[1]), (int)node.Int("group", 1));
            }
            case "BatchNormalization":
            {
                var x = In(0);
                int c = x.Shape[1];
                float eps = node.Float("epsilon", 1e-5f);
                var (scale, bias, mean, variance) = (In(1).ToArray(), In(2).ToArray(), In(3).ToArray(), In(4).ToArray());
                var a = new float[c];
                var b = new float[c];
                for (int i = 0; i < c; i++)
                {
                    a[i] = (float)(scale[i] / Math.Sqrt(variance[i] + (double)eps));
                    b[i] = bias[i] - mean[i] * a[i];
                }
                int[] perChannel = [1, c, .. Enumerable.Repeat(1, x.Rank - 2)];
                return x * Tensor.FromArray(a, perChannel) + Tensor.FromArray(b, perChannel);
            }
            case "Relu": return In(0).Relu();
            case "Add": return In(0) + In(1);
            case "Sub": return In(0) - In(1);
            case "Mul": return In(0) * In(1);
            case "Div": return In(0) / In(1);
            case "Sum": return Enumerable.Range(1, node.Inputs.Count - 1).Aggregate(In(0), (acc, k) => acc + In(k));
            case "MaxPool":
            case "AveragePool":
            {
                CheckAutoPad(node);
                var kernel = node.Ints("kernel_shape", []);
                var strides = node.Ints("strides", [1, 1]);
                bool max = node.OpType == "MaxPool";
                bool countPad = node.Int("count_include_pad", 0) != 0;
                var pads = node.Ints("pads", [0, 0, 0, 0]);
                if (kernel.Length != 2 || kernel[0] != kernel[1] || strides[0] != strides[1] || node.Int("ceil_mode", 0) != 0
                    || (!max && !countPad && pads.Any(p => p != 0)))
                    throw new NotSupportedException($"ONNX {node.OpType} '{node.Name}': only square kernels and strides without ceil_mode (and average pools without padding) are supported.");
                var (padded, ph, pw) = Padded(node, In(0), max ? float.NegativeInfinity : 0f);
                if (ph != pw) throw new NotSupportedException($"ONNX {node.OpType} '{node.Name}': pads [{string.Join(", ", pads)}] differ between height and width.");
                return max
                    ? padded.MaxPool2d((int)kernel[0], (int)strides[0], ph)
                    : padded.AvgPool2d((int)kernel[0], (int)strides[0], ph, countIncludePad: countPad);
            }
            case "GlobalAveragePool":
            {
                var x = In(0);
                return x.Mean([2, 3], keepDim: true);
            }
            case "Flatten":
            {
                var x = In(0);
                int axis = (int)node.Int("axis", 1);
                if (axis < 0) axis += x.Rank;
                int outer = x.Shape[..axis].Aggregate(1, (p, d) => p * d);
                return x.Reshape(outer, x.Size / outer);
            }
            case "Reshape":
            {
                var x = In(0);
                var target = In(1).ToArray().Select(v => (int)v).ToArray();
                for (int k = 0; k < target.Length; k++) if (target[k] == 0) target[k] = x.Shape[k];
                return x.Reshape(target);
            }
            case "Gemm":
            {
                var a = In(0);
                var b = In(1);
                var y = a.MatMul(b, transA: node.Int("transA", 0) != 0, transB: node.Int("transB", 0) != 0) * node.Float("alpha", 1f);
                return Has(2) ? y + In(2) * node.Float("beta", 1f) : y;
            }
            case "MatMul": return In(0).MatMul(In(1));
            case "Softmax": return In(0).Softmax((int)node.Int("axis", Model.Opset >= 13 ? -1 : 1));
            case "Concat": return Tensor.Concat([.. Enumerable.Range(0, node.Inputs.Count).Select(In)], (int)node.Int("axis", 1));
            default: return In(0); // Identity, Dropout in inference
        }
    }

    private static void CheckAutoPad(OnnxNode node)
    {
        if (node.Attributes.TryGetValue("auto_pad", out var a) && a.Text is { } mode && mode != "NOTSET" && mode != "VALID")
            throw new NotSupportedException($"ONNX {node.OpType} '{node.Name}': auto_pad {mode} is not supported.");
    }

    /// <summary>
    /// ONNX pads [top, left, bottom, right]: symmetric ones are returned for the kernel to apply; asymmetric ones (CNTK
    /// exports pad 3/2 before a stride-2 7 × 7 convolution) are applied here with <paramref name="value"/> and 0 is returned.
    /// </summary>
    private static (Tensor X, int H, int W) Padded(OnnxNode node, Tensor x, float value)
    {
        var pads = node.Ints("pads", [0, 0, 0, 0]);
        if (pads.Length != 4) throw new NotSupportedException($"ONNX {node.OpType} '{node.Name}': pads [{string.Join(", ", pads)}] are not 2-D.");
        if (pads[0] == pads[2] && pads[1] == pads[3]) return (x, (int)pads[0], (int)pads[1]);
        var padded = x.Pad([(0, 0), (0, 0), ((int)pads[0], (int)pads[2]), ((int)pads[1], (int)pads[3])], value);
        return (padded, 0, 0);
    }

    /// <summary>A short description of the graph: operator counts and the input/output shapes.</summary>
    public string Describe()
        => string.Join(", ", Model.Nodes.GroupBy(n => n.OpType).Select(g => $"{g.Count()} {g.Key}"))
           + $"; input {Model.Inputs[0].Name} {ShapeText.Format([.. Model.Inputs[0].Shape.Select(d => (int)d)])}, output "
           + string.Join(", ", Model.Outputs.Select(o => $"{o.Name} {ShapeText.Format([.. o.Shape.Select(d => (int)d)])}"));
}
