namespace Latent.IO;

/// <summary>One entry of a safetensors header.</summary>
/// <param name="Name">The tensor's name (a dotted state-dict key).</param>
/// <param name="DType">The element type stored in the file.</param>
/// <param name="Shape">The tensor's shape.</param>
/// <param name="Begin">The offset of the first byte within the data buffer.</param>
/// <param name="End">The offset one past the last byte within the data buffer.</param>
public sealed record SafeTensorInfo(string Name, SafeTensorDType DType, int[] Shape, long Begin, long End);
