using Latent.Tensors;

namespace Latent.Tests.Tensors;

public class RandomTests
{
    [Fact]
    public void SameSeedSameStreamAndStateRestores()
    {
        var a = new Generator(7);
        var b = new Generator(7);
        Assert.Equal(Tensor.Randn([100], a).ToArray(), Tensor.Randn([100], b).ToArray());
        var state = a.GetState();
        var next = Tensor.Rand([10], a).ToArray();
        a.SetState(state);
        Assert.Equal(next, Tensor.Rand([10], a).ToArray());
    }

    [Fact]
    public void NormalAndUniformHaveTheRightMoments()
    {
        var gen = new Generator(11);
        var n = Tensor.Randn([200_000], gen, mean: 1f, std: 2f);
        Close.Assert(1.0, n.Mean().Item(), atol: 1e-1, rtol: 1e-1);
        Close.Assert(2.0, n.Std().Item(), atol: 1e-1, rtol: 1e-1);
        var u = Tensor.Rand([200_000], gen, -1f, 3f);
        Close.Assert(1.0, u.Mean().Item(), atol: 1e-1, rtol: 1e-1);
        Assert.True(u.Min().Item() >= -1f && u.Max().Item() < 3f);
    }

    [Fact]
    public void BernoulliRandIntPermutationAndMultinomial()
    {
        var gen = new Generator(12);
        var bern = Tensor.Bernoulli(0.3f, [100_000], gen);
        Close.Assert(0.3, bern.Mean().Item(), atol: 1e-2, rtol: 1e-2);
        var ints = Tensor.RandInt(2, 5, [10_000], gen);
        Assert.All(ints.ToArray(), v => Assert.InRange(v, 2f, 4f));
        Close.Assert(3.0, ints.Mean().Item(), atol: 1e-1, rtol: 1e-1);
        var perm = Tensor.Permutation(50, gen).ToArray().Select(v => (int)v).OrderBy(v => v);
        Assert.Equal(Enumerable.Range(0, 50), perm);
        var draws = Tensor.Multinomial(Tensor.FromArray([1f, 0f, 3f]), 40_000, gen);
        var counts = new int[3];
        foreach (var d in draws.Data) counts[(int)d]++;
        Assert.Equal(0, counts[1]);
        Close.Assert(0.25, counts[0] / 40_000.0, atol: 1e-2, rtol: 1e-2);
        var noReplace = Tensor.Multinomial(Tensor.FromArray([1f, 1f, 1f, 1f], 1, 4), 4, gen, replacement: false);
        Assert.Equal([0f, 1f, 2f, 3f], noReplace.ToArray().OrderBy(v => v));
        Assert.Throws<ArgumentException>(() => Tensor.Bernoulli(Tensor.FromArray([1.5f]), gen));
        Assert.Throws<ArgumentException>(() => Tensor.Multinomial(Tensor.FromArray([0f, 0f]), 1, gen));
    }
}
