using Latent.Tensors;

namespace Latent.IO;

/// <summary>The contents of a safetensors file: its tensors (converted to float), header entries and metadata.</summary>
/// <param name="Tensors">The tensors by name, in the order of their data in the file.</param>
/// <param name="Entries">The header entry of each tensor, by name.</param>
/// <param name="Metadata">The string-to-string <c>__metadata__</c> map (empty when absent).</param>
public sealed record SafeTensorsFile(
    IReadOnlyDictionary<string, Tensor> Tensors,
    IReadOnlyDictionary<string, SafeTensorInfo> Entries,
    IReadOnlyDictionary<string, string> Metadata);
