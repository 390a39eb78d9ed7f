using System.Runtime.CompilerServices;
using Latent.Tensors;

namespace Latent.Tests;

internal static class TestSetup
{
    /// <summary>
    /// Every buffer the engine allocates in the test process starts out as NaN, so an op that reads an output element
    /// before writing it fails its tests instead of passing on zeroed memory it was never promised.
    /// </summary>
    [ModuleInitializer]
    internal static void PoisonNewBuffers() => StoragePool.PoisonNewBuffers = true;
}
