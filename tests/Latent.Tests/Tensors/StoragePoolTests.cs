using System.Runtime.CompilerServices;
using Latent.Tensors;
using Xunit;

namespace Latent.Tests.Tensors;

[Collection(nameof(StoragePoolCollection))]
public class StoragePoolTests
{
    private const int Length = StoragePool.MinPooledLength * 3 + 7;

    [Fact]
    public void NewBuffersArePoisonedInTests()
    {
        Assert.All(Tensor.NewStorage(100), v => Assert.True(float.IsNaN(v)));
        Assert.All(Tensor.NewStorage(Length), v => Assert.True(float.IsNaN(v)));
    }

    [Fact]
    public void UnreachableBufferIsRecycled()
    {
        // Start from an empty pool with no dead buffers of earlier tests still waiting to be returned.
        CollectEverything();
        TensorMemory.Trim();
        int identity = RentAndDrop(Length);
        CollectEverything();
        Assert.True(StoragePool.PooledBytes >= (long)Length * sizeof(float));
        long fresh = StoragePool.FreshBytes, rented = StoragePool.RentedBytes;
        var again = StoragePool.Rent(Length);
        Assert.Equal(identity, RuntimeHelpers.GetHashCode(again));
        // Counted as rented, not as fresh memory (other tests in the collection do not run meanwhile).
        Assert.Equal((fresh, rented + (long)Length * sizeof(float)), (StoragePool.FreshBytes, StoragePool.RentedBytes));
        StoragePool.Rent(Length + 101); // a size no test rents elsewhere
        Assert.Equal(fresh + (long)(Length + 101) * sizeof(float), StoragePool.FreshBytes);
    }

    [Fact]
    public void SmallBuffersAreNotPooled()
    {
        int identity = RentAndDrop(StoragePool.MinPooledLength - 1);
        CollectEverything();
        Assert.NotEqual(identity, RuntimeHelpers.GetHashCode(StoragePool.Rent(StoragePool.MinPooledLength - 1)));
    }

    [Fact]
    public void ReachableBufferIsNeverHandedOut()
    {
        // Only a view keeps the buffer reachable.
        var view = Tensor.Randn([Length], new Generator(3)).Reshape(1, Length);
        var expected = view.ToArray();
        for (int round = 0; round < 5; round++)
        {
            CollectEverything();
            for (int i = 0; i < 8; i++)
            {
                var other = StoragePool.Rent(Length);
                Assert.NotSame(view.Storage, other);
                other.AsSpan().Fill(-1);
            }
        }
        Assert.Equal(expected, view.ToArray());
    }

    [Fact]
    public async Task ConcurrentRentersNeverShareLiveBuffers()
    {
        long saved = StoragePool.MinBudgetBytes;
        StoragePool.MinBudgetBytes = (long)Length * sizeof(float) * 4; // a collection every few rents
        try
        {
            var workers = Enumerable.Range(0, 3).Select(w => Task.Run(() =>
            {
                var window = new Queue<(float[] Array, float Mark)>();
                for (int i = 0; i < 300; i++)
                {
                    var array = StoragePool.Rent(Length);
                    float mark = w * 1000 + i;
                    array.AsSpan().Fill(mark);
                    window.Enqueue((array, mark));
                    if (window.Count > 4) window.Dequeue();
                    foreach (var (held, heldMark) in window)
                        Assert.True(held[0] == heldMark && held[^1] == heldMark, $"worker {w}: a live buffer was overwritten");
                }
            })).ToArray();
            await Task.WhenAll(workers);
            Assert.True(StoragePool.Collections > 0);
        }
        finally { StoragePool.MinBudgetBytes = saved; }
    }

    [Fact]
    public void ResultsDoNotDependOnRecycling()
    {
        static float[] Run()
        {
            var gen = new Generator(11);
            var x = Tensor.Randn([64, 300], gen);
            var w = Tensor.Randn([300, 300], gen).RequireGrad();
            var loss = x.MatMul(w).Tanh().MatMul(w).Sigmoid().Sum();
            loss.Backward();
            return w.Grad!.ToArray();
        }
        var first = Run();
        CollectEverything();
        Assert.Equal(first, Run());
    }

    [Fact]
    public void TrimEmptiesThePoolAndDisabledPoolingRecyclesNothing()
    {
        RentAndDrop(Length);
        CollectEverything();
        Assert.True(TensorMemory.PooledBytes > 0);
        TensorMemory.Trim();
        Assert.Equal(0, TensorMemory.PooledBytes);

        TensorMemory.PoolingEnabled = false;
        try
        {
            RentAndDrop(Length);
            CollectEverything();
            Assert.Equal(0, TensorMemory.PooledBytes);
        }
        finally { TensorMemory.PoolingEnabled = true; }
    }

    [Fact]
    public async Task RentingInsideAFinalizerDoesNotDeadlock()
    {
        long saved = StoragePool.MinBudgetBytes;
        StoragePool.MinBudgetBytes = 1; // every miss would ask for a collection
        try
        {
            var renter = new FinalizerRenter();
            CreateFinalizerRenter(renter);
            var collecting = Task.Run(CollectEverything);
            var finished = await Task.WhenAny(collecting, Task.Delay(TimeSpan.FromSeconds(20)));
            Assert.Same(collecting, finished);
            Assert.True(renter.Done.Wait(TimeSpan.FromSeconds(20)), "the finalizer did not finish renting");
        }
        finally { StoragePool.MinBudgetBytes = saved; }
    }

    private sealed class FinalizerRenter
    {
        public readonly ManualResetEventSlim Done = new();
    }

    private sealed class RentsWhenFinalized(FinalizerRenter renter)
    {
        ~RentsWhenFinalized()
        {
            for (int i = 0; i < 4; i++) StoragePool.Rent(Length + i);
            renter.Done.Set();
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void CreateFinalizerRenter(FinalizerRenter renter) => _ = new RentsWhenFinalized(renter);

    [Fact]
    public void RepeatedMatMulRecyclesItsOutputs()
    {
        var gen = new Generator(4);
        var a = Tensor.Randn([128, 512], gen);
        var b = Tensor.Randn([512, 512], gen);
        // Collections slowed down by earlier tests running in parallel would have raised the budget.
        StoragePool.ResetBudget();
        for (int i = 0; i < 10; i++) a.MatMul(b);
        long before = GC.GetAllocatedBytesForCurrentThread();
        const int products = 1000; // 1000 × 256 KB = 250 MB of outputs
        for (int i = 0; i < products; i++) a.MatMul(b);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        // The pool allocates fresh buffers only until its budget is rented. The budget is at least 32 MB and grows when
        // collections are slow (a loaded machine), so the bound follows the largest budget actually used: two budgets
        // (one rented before a collection, one while the freed outputs are found again) plus slack for the MatMul's scratch.
        long bound = 2 * StoragePool.PeakBudgetBytes + (60L << 20);
        long total = products * 128L * 512 * sizeof(float);
        string why = $"{allocated >> 20} MB allocated for {products} products of 256 KB each (bound {bound >> 20} MB); {StoragePool.Collections} collections, {StoragePool.CollectionSeconds * 1e3 / Math.Max(1, StoragePool.Collections):F1} ms each, peak budget {StoragePool.PeakBudgetBytes >> 20} MB";
        Assert.True(allocated < bound, why);
        // Whatever the budget, the outputs were recycled when the budget stayed well below their total.
        if (bound < total / 2) Assert.True(allocated < total / 2, why);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int RentAndDrop(int length) => RuntimeHelpers.GetHashCode(StoragePool.Rent(length));

    private static void CollectEverything()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }
}

/// <summary>Pool tests count buffers and collections, so they run apart from the rest.</summary>
[CollectionDefinition(nameof(StoragePoolCollection), DisableParallelization = true)]
public sealed class StoragePoolCollection;
