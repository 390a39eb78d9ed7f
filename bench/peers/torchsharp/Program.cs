using static TorchSharp.torch;
Console.WriteLine(TorchSharp.torch.__version__);
var a = randn(3, 3);
Console.WriteLine(a.sum().item<float>());
