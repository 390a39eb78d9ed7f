using Xunit.Abstractions;
using Xunit.Sdk;

[assembly: TestCaseOrderer("Latent.Tests.ShuffledOrder", "Latent.Tests")]
[assembly: TestCollectionOrderer("Latent.Tests.ShuffledOrder", "Latent.Tests")]

namespace Latent.Tests;

/// <summary>
/// Runs test collections, and the test cases inside each, in a shuffled order when the environment variable
/// LATENT_TEST_SHUFFLE holds a seed (e.g. <c>LATENT_TEST_SHUFFLE=7 ./test.sh</c>); otherwise in xunit's usual order.
/// The same seed gives the same order, so an order-dependent failure can be replayed. Tests must not depend on
/// each other: each seeds its own generator.
/// </summary>
public sealed class ShuffledOrder : ITestCaseOrderer, ITestCollectionOrderer
{
    private readonly int? _seed;

    /// <summary>Reads the seed; the runner passes its diagnostic sink.</summary>
    public ShuffledOrder(IMessageSink diagnostics)
    {
        string? value = Environment.GetEnvironmentVariable("LATENT_TEST_SHUFFLE");
        if (int.TryParse(value, out int seed)) _seed = seed;
        diagnostics.OnMessage(new DiagnosticMessage(_seed is int s ? $"Latent.Tests: shuffled order, seed {s}" : "Latent.Tests: default order"));
    }

    /// <inheritdoc />
    public IEnumerable<TTestCase> OrderTestCases<TTestCase>(IEnumerable<TTestCase> testCases) where TTestCase : ITestCase
        => Shuffle(testCases.OrderBy(t => t.UniqueID, StringComparer.Ordinal), t => t.UniqueID);

    /// <inheritdoc />
    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections)
        => Shuffle(testCollections.OrderBy(c => c.DisplayName, StringComparer.Ordinal), c => c.DisplayName);

    private List<T> Shuffle<T>(IEnumerable<T> items, Func<T, string> key)
    {
        var list = items.ToList();
        if (_seed is not int seed) return list;
        // Seeded per list by its first key, so a collection's order does not depend on how many lists came before it.
        var rng = new Random(unchecked(seed * 486187739 + StableHash(list.Count > 0 ? key(list[0]) : "")));
        for (int i = list.Count - 1; i > 0; i--)
        {
            int j = rng.Next(i + 1);
            (list[i], list[j]) = (list[j], list[i]);
        }
        return list;
    }

    private static int StableHash(string s)
    {
        unchecked
        {
            int h = (int)2166136261;
            foreach (char c in s) h = (h ^ c) * 16777619;
            return h;
        }
    }
}
