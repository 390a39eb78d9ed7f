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
        Assert.Equal(1.0, n.Mean().Item(), 1);
        Assert.Equal(2.0, n.Std().Item(), 1);
        var u = Tensor.Rand([200_000], gen, -1f, 3f);
        Assert.Equal(1.0, u.Mean().Item(), 1);
        Assert.True(u.Min().Item() >= -1f && u.Max().Item() < 3f);
    }

    [Fact]
    public void BernoulliRandIntPermutationAndMultinomial()
    {
        var gen = new Generator(12);
        var bern = Tensor.Bernoulli(0.3f, [100_000], gen);
        Assert.Equal(0.3, bern.Mean().Item(), 2);
        var ints = Tensor.RandInt(2, 5, [10_000], gen);
        Assert.All(ints.ToArray(), v => Assert.InRange(v, 2f, 4f));
        Assert.Equal(3.0, ints.Mean().Item(), 1);
        var perm = Tensor.Permutation(50, gen).ToArray().Select(v => (int)v).OrderBy(v => v);
        Assert.Equal(Enumerable.Range(0, 50), perm);
        var draws = Tensor.Multinomial(Tensor.FromArray([1f, 0f, 3f]), 40_000, gen);
        var counts = new int[3];
        foreach (var d in draws.Data) counts[(int)d]++;
        Assert.Equal(0, counts[1]);
        Assert.Equal(0.25, counts[0] / 40_000.0, 2);
        var noReplace = Tensor.Multinomial(Tensor.FromArray([1f, 1f, 1f, 1f], 1, 4), 4, gen, replacement: false);
        Assert.Equal([0f, 1f, 2f, 3f], noReplace.ToArray().OrderBy(v => v));
        Assert.Throws<ArgumentException>(() => Tensor.Bernoulli(Tensor.FromArray([1.5f]), gen));
        Assert.Throws<ArgumentException>(() => Tensor.Multinomial(Tensor.FromArray([0f, 0f]), 1, gen));
    }
}
