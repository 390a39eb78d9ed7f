using System.Text.Json.Nodes;
using Latent.Models.Catalog;
using Latent.Models.Gans;
using Latent.NN;
using Latent.Optim;
using Latent.Tensors;

namespace Latent.Bench;

/// <summary>
/// W2's (DCGAN) layers timed one by one at its shapes (batch 64): forward, and forward + backward of each layer of the
/// generator and the discriminator, the losses, and Adam over each network — medians of repeated calls after warm-up,
/// beside the whole step, so that what the list misses shows. Writes nothing: prints a table.
/// Usage: <c>w2-parts [reps]</c>.
/// </summary>
internal static class W2Parts
{
    public static int Run(string[] args)
    {
        int reps = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 21;
        var config = new JsonObject
        {
            ["seed"] = 1, ["batch-size"] = 64, ["lr"] = 2e-4, ["beta1"] = 0.5, ["beta2"] = 0.999, ["arch"] = "conv",
            ["loss"] = "non-saturating", ["d-steps"] = 1,
        };
        var setup = ModelCatalog.Find("dcgan")!.Create(config);
        var model = (GanModel)setup.Model;
        var gen = new Generator(2);
        var rows = new List<(string Name, double Ms)>();
        void Add(string name, Action action, int warmup = 10)
        {
            for (int i = 0; i < warmup; i++) action();
            rows.Add((name, Timing.Median(action, reps, warmup: 0) * 1e3));
        }

        using var batches = GanBench.Endless(setup.Train).GetEnumerator();
        Add("whole training step", () =>
        {
            batches.MoveNext();
            model.TrainStep(batches.Current);
        }, warmup: 40); // as GanBench: tier-1 code arrives after a few hundred kernel calls
        double step = rows[0].Ms;

        var z = Tensor.Randn([64, 100, 1, 1], gen);
        var g = (Sequential)model.Generator.Children().Single();
        var d = (Sequential)model.Discriminator.Children().First(m => m is Sequential);
        var head = model.Discriminator.Children().Last();
        Layers("G", g, z, (n, a) => Add(n, a));
        var image = Tensor.Randn([64, 1, 28, 28], gen);
        var features = Layers("D", d, image, (n, a) => Add(n, a));
        Layers("D head", new Sequential(head), features, (n, a) => Add(n, a));

        var logits = Tensor.Randn([64], gen).RequireGrad();
        var ones = Tensor.Ones([64]);
        Add("BCE with logits forward + backward", () => logits.BinaryCrossEntropyWithLogits(ones).Mean().Backward());
        foreach (var (name, net) in new (string, Module)[] { ("G", model.Generator), ("D", model.Discriminator) })
        {
            var adam = new Adam(net.Parameters(), lr: 2e-4, beta1: 0.5, beta2: 0.999);
            foreach (var p in net.Parameters()) p.Grad = Tensor.Randn(p.Shape, gen);
            Add($"Adam over {name} ({net.Parameters().Sum(p => p.Size):N0} parameters)", () => adam.Step());
        }

        double sum = 0;
        Console.WriteLine($"{"part",-60} {"ms",8}");
        foreach (var (name, ms) in rows)
        {
            Console.WriteLine($"{name,-60} {ms,8:F2}");
            if (name.EndsWith("+ backward") || name.StartsWith("Adam")) sum += ms;
        }
        // A step runs G once, D three times (real, fake, fake for G's loss) and Adam twice: the sum below counts each once.
        Console.WriteLine($"whole step {step:F1} ms; the '+ backward' and Adam rows, each counted once, sum to {sum:F1} ms");
        return 0;
    }

    /// <summary>Times each layer of <paramref name="net"/> on the output of the ones before it; returns the last output.</summary>
    private static Tensor Layers(string prefix, Sequential net, Tensor input, Action<string, Action> add)
    {
        var x = input;
        for (int i = 0; i < net.Count; i++)
        {
            var layer = net[i];
            var xi = x.Detach().RequireGrad();
            var y = layer.Call(xi);
            var gy = Tensor.Randn(y.Shape, new Generator(3));
            string name = $"{prefix}[{i}] {layer.GetType().Name} {Common(xi.Shape)} → {Common(y.Shape)}";
            add(name + " forward", () => layer.Call(xi));
            add(name + " forward + backward", () => layer.Call(xi).Backward(gy));
            x = y.Detach();
        }
        return x;
    }

    private static string Common(int[] shape) => "[" + string.Join(",", shape) + "]";
}
