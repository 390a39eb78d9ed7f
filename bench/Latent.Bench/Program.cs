using Latent.Bench;

var suites = new Dictionary<string, Func<string[], int>>
{
    ["engine"] = EngineBench.Run,
    ["w1"] = W1Bench.Run,
    ["w2"] = GanBench.W2,
    ["w3"] = GanBench.W3,
    ["w4"] = W4Bench.Run,
    ["w4-parts"] = W4Parts.Run,
    ["w2-parts"] = W2Parts.Run,
    ["linalg"] = LinalgBench.Run,
    ["w5"] = W5Bench.Run,
    ["w6"] = W6Bench.Run,
    ["eval"] = EvalBench.Run,
    ["sgemm-peak"] = SgemmPeak.Run,
    ["blas-compare"] = BlasCompare.Run,
    ["onednn-conv"] = OneDnnConvCompare.Run,
    ["conv-paths"] = ConvPathsBench.Run,
    ["conv-thin"] = ConvThinBench.Run,
    ["solo"] = SoloBench.Run,
};
// bench/run.sh --avx2 caps .NET at AVX2 (DOTNET_EnableAVX512=0): refuse to label results "avx2" if the cap did not take.
if (BenchResults.Variant == "avx2" && System.Runtime.Intrinsics.X86.Avx512F.IsSupported)
{
    Console.Error.WriteLine("LATENT_BENCH_ISA=avx2 but .NET still uses AVX-512: set DOTNET_EnableAVX512=0 (bench/run.sh --avx2 does)");
    return 2;
}
if (args.Length == 0 || !suites.TryGetValue(args[0], out var run))
{
    Console.Error.WriteLine($"usage: dotnet run -c Release --project bench/Latent.Bench -- <{string.Join("|", suites.Keys)}>");
    return 2;
}
// --quick: few blocks (10 timed steps a side, a third of the warm-up) for a machine others are using; the JSON says so.
var rest = args[1..];
if (rest.Contains("--quick"))
{
    Interleaved.Quick = true;
    rest = [.. rest.Where(a => a != "--quick")];
}
return run(rest);
