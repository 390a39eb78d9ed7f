using Latent.TorchSharpPeer;

// The LibTorch side of Latent's benchmarks: `torchsharp-peer w1|w2|w3|w4|w5|w6` speaks the protocol of
// bench/peers/pytorch/peer.py on stdin/stdout (see Peer.cs).
var workloads = new Dictionary<string, Func<IWorkload>>
{
    ["w1"] = () => new W1Vae(seed: 1),
    ["w2"] = () => new W2Dcgan(seed: 1),
    ["w3"] = () => new W3WganGp(seed: 1),
    ["w4"] = () => new W4PixelCnn(seed: 1),
    ["w5"] = () => new W5RealNvp(seed: int.Parse(Environment.GetEnvironmentVariable("LATENT_PEER_SEED") ?? "1")),
    ["w6"] = () => new W6Rbm(seed: 1),
};
if (args.Length != 1 || !workloads.TryGetValue(args[0], out var create))
{
    Console.Error.WriteLine($"usage: torchsharp-peer <{string.Join("|", workloads.Keys)}>");
    return 2;
}
return Peer.Serve(create);
