using Latent.NN;
using Latent.Tensors;

namespace Latent.Tests.NN;

public class TrainingTests
{
    /// <summary>Plain gradient descent on <paramref name="loss"/>; returns the first and last loss values.</summary>
    private static (float First, float Last) Train(Module model, Func<Tensor> loss, int steps, float lr)
    {
        float first = 0, last = 0;
        for (int step = 0; step < steps; step++)
        {
            var value = loss();
            if (step == 0) first = value.Item();
            last = value.Item();
            value.Backward();
            foreach (var p in model.Parameters())
            {
                var g = p.Grad!.Data;
                var d = p.Data;
                for (int i = 0; i < d.Length; i++) d[i] -= lr * g[i];
            }
            model.ZeroGrad();
        }
        return (first, last);
    }

    [Fact]
    public void MlpRegressionLossDrops()
    {
        var gen = new Generator(1);
        var x = Tensor.Rand([64, 2], gen, -2f, 2f);
        var y = (x.Select(1, 0).Sin() * x.Select(1, 1)).Reshape(64, 1);
        var model = new Sequential(new Linear(2, 32, gen), new Tanh(), new ResidualMlpBlock(32, 32, gen), new LayerNorm(32), new Linear(32, 1, gen));
        var (first, last) = Train(model, () => Losses.Mse(model.Forward(x), y), 300, 0.05f);
        Assert.True(last < 0.2f * first, $"loss went from {first} to {last}");
    }

    [Fact]
    public void ClassifierWithBatchNormAndDropoutLearnsTwoBlobs()
    {
        var gen = new Generator(2);
        var x = Tensor.Concat([Tensor.Randn([32, 2], gen, mean: 1.5f), Tensor.Randn([32, 2], gen, mean: -1.5f)], 0);
        var labels = Enumerable.Range(0, 64).Select(i => i < 32 ? 0 : 1).ToArray();
        var model = new Sequential(new Linear(2, 16, gen), new BatchNorm1d(16), new Relu(), new Dropout(0.1f, gen), new Linear(16, 2, gen));
        var (first, last) = Train(model, () => Losses.CrossEntropy(model.Forward(x), labels), 100, 0.1f);
        Assert.True(last < 0.5f * first, $"loss went from {first} to {last}");
        model.Eval();
        var predicted = model.Forward(x).Argmax(1).ToArray();
        Assert.True(predicted.Where((p, i) => (int)p == labels[i]).Count() >= 60);
    }

    [Fact]
    public void LstmLearnsToSumASequence()
    {
        var gen = new Generator(3);
        var lstm = new Lstm(1, 8, gen, batchFirst: true);
        var head = new Linear(8, 1, gen);
        var model = new Sequential(lstm, new LastStep(), head);
        var x = Tensor.Rand([32, 5, 1], gen, -1f, 1f);
        var y = x.Sum(1);
        var (first, last) = Train(model, () => Losses.Mse(model.Forward(x), y), 150, 0.2f);
        Assert.True(last < 0.3f * first, $"loss went from {first} to {last}");
    }

    private sealed class LastStep : Module
    {
        public override Tensor Forward(Tensor x) => x.Select(1, x.Shape[1] - 1);
    }
}
