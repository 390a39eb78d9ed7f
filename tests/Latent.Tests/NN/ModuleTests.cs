using Latent.NN;
using Latent.Tensors;

namespace Latent.Tests.NN;

public class ModuleTests
{
    private sealed class Encoder : Module
    {
        private readonly Sequential _net;
        private readonly Tensor _scale;

        public Encoder(Generator gen)
        {
            _scale = RegisterParameter("scale", Tensor.Ones(1));
            RegisterBuffer("steps", Tensor.Zeros(1));
            _net = RegisterModule("net", new Sequential(new Linear(3, 4, gen), new Relu(), new BatchNorm1d(4)));
        }

        public override Tensor Forward(Tensor x) => _net.Call(x) * _scale;
    }

    [Fact]
    public void NamesAreDottedAndInRegistrationOrder()
    {
        var m = new Encoder(new Generator(1));
        Assert.Equal(["scale", "net.0.weight", "net.0.bias", "net.2.weight", "net.2.bias"], m.NamedParameters().Select(p => p.Name));
        Assert.Equal(["steps", "net.2.running_mean", "net.2.running_var", "net.2.num_batches_tracked"], m.NamedBuffers().Select(b => b.Name));
        Assert.Equal(
            ["scale", "steps", "net.0.weight", "net.0.bias", "net.2.weight", "net.2.bias", "net.2.running_mean", "net.2.running_var", "net.2.num_batches_tracked"],
            m.StateDict().Keys);
        Assert.Equal(1 + 3 * 4 + 4 + 4 + 4, m.ParameterCount);
        Assert.All(m.Parameters(), p => Assert.True(p.RequiresGrad));
        Assert.Equal(5, m.Modules().Count()); // Encoder, Sequential, Linear, Relu, BatchNorm1d
    }

    [Fact]
    public void SharedParametersAreListedOnce()
    {
        var gen = new Generator(2);
        var layer = new Linear(2, 2, gen);
        var net = new Sequential(layer, layer);
        Assert.Equal(["0.weight", "0.bias"], net.NamedParameters().Select(p => p.Name));
        Assert.Equal(6, net.ParameterCount);
    }

    [Fact]
    public void TrainAndEvalReachEveryDescendant()
    {
        var m = new Encoder(new Generator(3));
        m.Eval();
        Assert.All(m.Modules(), x => Assert.False(x.IsTraining));
        m.Train();
        Assert.All(m.Modules(), x => Assert.True(x.IsTraining));
    }

    [Fact]
    public void ApplyVisitsEveryModuleAndSetRequiresGradFreezes()
    {
        var gen = new Generator(14);
        var net = new Sequential(new Linear(2, 3, gen), new Relu(), new Sequential(new Linear(3, 1, gen)));
        int linears = 0;
        net.Apply(m =>
        {
            if (m is Linear l) { Init.Constant(l.Weight, 0.5f); linears++; }
        });
        Assert.Equal(2, linears);
        Assert.All(((Linear)net[0]).Weight.ToArray(), v => Assert.Equal(0.5f, v));

        var x = Tensor.Ones(4, 2).RequireGrad();
        net.SetRequiresGrad(false);
        net.Forward(x).Sum().Backward();
        Assert.NotNull(x.Grad);
        Assert.All(net.Parameters(), p => Assert.Null(p.Grad));
        net.SetRequiresGrad(true);
        Assert.All(net.Parameters(), p => Assert.True(p.RequiresGrad));
    }

    [Fact]
    public void ZeroGradClearsGradients()
    {
        var net = new Sequential(new Linear(2, 3, new Generator(4)));
        net.Forward(Tensor.Ones(5, 2)).Sum().Backward();
        Assert.All(net.Parameters(), p => Assert.NotNull(p.Grad));
        net.ZeroGrad();
        Assert.All(net.Parameters(), p => Assert.Null(p.Grad));
    }

    [Fact]
    public void StateDictRoundTripCopiesInPlace()
    {
        var a = new Encoder(new Generator(5));
        var b = new Encoder(new Generator(6));
        a.Forward(Tensor.Randn([8, 3], new Generator(7))); // moves a's running statistics
        var weightRef = b.Parameters().First();
        b.LoadStateDict(a.StateDict(copy: true));
        Assert.Same(weightRef, b.Parameters().First());
        foreach (var (key, value) in a.StateDict())
            Assert.Equal(value.ToArray(), b.StateDict()[key].ToArray());
        var x = Tensor.Randn([4, 3], new Generator(8));
        a.Eval();
        b.Eval();
        Assert.Equal(a.Forward(x).ToArray(), b.Forward(x).ToArray());
    }

    [Fact]
    public void StateDictSharesStorageUnlessCopied()
    {
        var m = new Linear(2, 2, new Generator(9));
        var shared = m.StateDict()["weight"];
        var snapshot = m.StateDict(copy: true)["weight"];
        m.Weight.Data[0] = 42f;
        Assert.Equal(42f, shared.Data[0]);
        Assert.NotEqual(42f, snapshot.Data[0]);
        Assert.False(shared.RequiresGrad);
    }

    [Fact]
    public void LoadStateDictNamesMissingUnexpectedAndMisshapedKeys()
    {
        var m = new Sequential(new Linear(3, 4, new Generator(10)), new Linear(4, 2, new Generator(11)));
        var state = m.StateDict(copy: true);
        state.Remove("1.bias");
        state["extra.weight"] = Tensor.Zeros(1);
        state["0.weight"] = Tensor.Zeros(4, 5);
        var before = m.StateDict(copy: true);
        var ex = Assert.Throws<ArgumentException>(() => m.LoadStateDict(state));
        Assert.Contains("'1.bias'", ex.Message);
        Assert.Contains("'extra.weight'", ex.Message);
        Assert.Contains("'0.weight'", ex.Message);
        Assert.Contains("[4, 5]", ex.Message);
        Assert.Contains("[4, 3]", ex.Message);
        foreach (var (key, value) in before) Assert.Equal(value.ToArray(), m.StateDict()[key].ToArray()); // nothing copied
    }

    [Fact]
    public void NonStrictLoadReportsKeysButStillRejectsShapes()
    {
        var m = new Linear(3, 2, new Generator(12));
        var result = m.LoadStateDict(new Dictionary<string, Tensor> { ["weight"] = Tensor.Ones(2, 3), ["other"] = Tensor.Ones(1) }, strict: false);
        Assert.Equal(["bias"], result.MissingKeys);
        Assert.Equal(["other"], result.UnexpectedKeys);
        Assert.All(m.Weight.ToArray(), v => Assert.Equal(1f, v));
        var ex = Assert.Throws<ArgumentException>(() => m.LoadStateDict(new Dictionary<string, Tensor> { ["weight"] = Tensor.Ones(3, 2) }, strict: false));
        Assert.Contains("'weight'", ex.Message);
    }

    private sealed class BadNames : Module
    {
        public void Add(string name, Tensor t) => RegisterParameter(name, t);

        public void Buffer(string name, Tensor t) => RegisterBuffer(name, t);

        public override Tensor Forward(Tensor x) => x;
    }

    [Fact]
    public void RegistrationRejectsBadNamesAndTensors()
    {
        var m = new BadNames();
        m.Add("w", Tensor.Zeros(1));
        Assert.Contains("already registered", Assert.Throws<ArgumentException>(() => m.Add("w", Tensor.Zeros(1))).Message);
        Assert.Contains("no dot", Assert.Throws<ArgumentException>(() => m.Add("a.b", Tensor.Zeros(1))).Message);
        var leaf = Tensor.Ones(2).RequireGrad();
        Assert.Contains("leaf", Assert.Throws<ArgumentException>(() => m.Add("computed", leaf * 2f)).Message);
        Assert.Contains("must not require gradients", Assert.Throws<ArgumentException>(() => m.Buffer("b", Tensor.Ones(1).RequireGrad())).Message);
    }

    [Fact]
    public void SequentialAndModuleListNumberTheirChildren()
    {
        var gen = new Generator(13);
        var list = new ModuleList(new Linear(2, 2, gen), new Tanh());
        list.Add(new Linear(2, 1, gen));
        Assert.Equal(3, list.Count);
        Assert.Equal(["0.weight", "0.bias", "2.weight", "2.bias"], list.NamedParameters().Select(p => p.Name));
        Assert.Throws<NotSupportedException>(() => list.Forward(Tensor.Ones(1, 2)));
        var seq = new Sequential(list[0], list[1], list[2]);
        var x = Tensor.Randn([3, 2], gen);
        var manual = list[2].Forward(list[1].Forward(list[0].Forward(x)));
        Assert.Equal(manual.ToArray(), seq.Forward(x).ToArray());
        Assert.Contains("(1): Tanh()", seq.ToString());
        Assert.Contains("Linear(in=2, out=2, bias=True)", seq.ToString());
    }
}
