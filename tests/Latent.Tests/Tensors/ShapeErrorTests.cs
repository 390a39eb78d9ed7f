using Latent.Tensors;

namespace Latent.Tests.Tensors;

public class ShapeErrorTests
{
    [Fact]
    public void BroadcastErrorNamesOpAndBothShapes()
    {
        var ex = Assert.Throws<ArgumentException>(() => Tensor.Zeros(2, 3) * Tensor.Zeros(4));
        Assert.Contains("Mul", ex.Message);
        Assert.Contains("[2, 3]", ex.Message);
        Assert.Contains("[4]", ex.Message);
    }

    [Fact]
    public void MatMulErrorNamesBothShapes()
    {
        var ex = Assert.Throws<ArgumentException>(() => Tensor.Zeros(2, 3).MatMul(Tensor.Zeros(4, 5)));
        Assert.Contains("MatMul", ex.Message);
        Assert.Contains("[2, 3]", ex.Message);
        Assert.Contains("[4, 5]", ex.Message);
    }

    [Fact]
    public void ReshapeErrorNamesShapes()
    {
        var ex = Assert.Throws<ArgumentException>(() => Tensor.Zeros(2, 3).Reshape(4, 2));
        Assert.Contains("[2, 3]", ex.Message);
        Assert.Contains("[4, 2]", ex.Message);
    }

    [Fact]
    public void ConcatAndAxisErrorsAreClear()
    {
        var ex = Assert.Throws<ArgumentException>(() => Tensor.Concat([Tensor.Zeros(2, 3), Tensor.Zeros(3, 3)], 1));
        Assert.Contains("Concat", ex.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Tensor.Zeros(2, 3).Sum(2));
        Assert.Throws<IndexOutOfRangeException>(() => Tensor.Zeros(2, 3).IndexSelect(0, [2]));
        Assert.Throws<IndexOutOfRangeException>(() => Tensor.Zeros(2, 3).Gather(1, Tensor.FromArray([3f], 1, 1)));
    }
}
