using System.Runtime.CompilerServices;
using Latent.Tensors;

// One test class at a time: the engine's convolutions set OpenBLAS's process-wide thread count while they drive their
// own workers, and on Zen CPUs OpenBLAS rounds by thread count, so a class comparing two runs bit for bit failed when
// another class's convolution ran beside it (seen on a Zen 3 in UNetTests and ResNet18ImportTests).
[assembly: Xunit.CollectionBehavior(DisableTestParallelization = true)]

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
