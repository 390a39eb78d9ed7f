using System.Runtime.CompilerServices;
using Latent.Tensors;

// Test classes run in parallel. That needs Debian's single-threaded OpenBLAS (libopenblas0-serial, which test.sh
// installs): without it the engine's convolutions set OpenBLAS's process-wide thread count while their own workers
// multiply, and on Zen CPUs OpenBLAS rounds by thread count, so classes comparing two runs bit for bit can fail when
// another class's convolution runs beside them (BlasThreadsTests checks that this does not happen).

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
