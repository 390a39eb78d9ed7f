using Latent.Data;
using Latent.NN;
using Latent.Optim;
using Latent.Tensors;
using Latent.Training;

namespace Latent.Tests.Training;

/// <summary>A small MLP regression with noise drawn from the model's generator: enough state to test exact resume.</summary>
internal sealed class TinyRegression : TrainableModel
{
    private readonly Sequential _net;
    private readonly Adam _adam;

    public TinyRegression(ulong seed, float lr = 0.01f) : base(new Generator(seed))
    {
        var init = new Generator(seed + 100);
        _net = new Sequential(new Linear(3, 16, init), new Tanh(), new Linear(16, 1, init));
        _adam = new Adam(_net.Parameters(), lr: lr);
    }

    /// <summary>Makes the next step produce a NaN loss.</summary>
    public bool PoisonNextStep { get; set; }

    public override IReadOnlyDictionary<string, Module> Modules => new Dictionary<string, Module> { ["net"] = _net };

    public override IReadOnlyDictionary<string, Optimizer> Optimizers => new Dictionary<string, Optimizer> { ["adam"] = _adam };

    public override IReadOnlyDictionary<string, double> TrainStep(Batch batch)
    {
        _adam.ZeroGrad();
        var noisy = batch.Inputs + Tensor.Randn(batch.Inputs.Shape, Rng, std: 0.05f);
        var loss = Losses.Mse(_net.Forward(noisy), batch.Targets!);
        if (PoisonNextStep) loss = loss * float.NaN;
        loss.Backward();
        _adam.Step();
        return new Dictionary<string, double> { ["loss"] = loss.Item() };
    }

    public float[] Weights() => _net.Parameters().SelectMany(p => p.ToArray()).ToArray();

    public static DataLoader Data(ulong seed)
    {
        var gen = new Generator(7);
        var x = Tensor.Randn([200, 3], gen);
        var y = (x.Sum(1, keepDim: true) * 0.5f).Sin();
        return new DataLoader(x, y, batchSize: 16, shuffle: true, generator: new Generator(seed));
    }
}
