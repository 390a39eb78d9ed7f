using System.IO.Compression;
using static TorchSharp.torch;

namespace Latent.TorchSharpPeer;

/// <summary>Fashion-MNIST from Debian's dataset-fashion-mnist (IDX, gzip or plain), like peer.py's reader.</summary>
internal static class FashionMnist
{
    private static readonly string[] Dirs = [Environment.GetEnvironmentVariable("LATENT_DATA") ?? "", "/usr/share/datasets/fashion-mnist"];

    /// <summary>The images of <paramref name="split"/> ("train" or "test") as an [n, 28, 28] float tensor in [0, 1].</summary>
    public static Tensor Images(string split)
    {
        string prefix = split == "train" ? "train" : "t10k";
        foreach (var dir in Dirs.Where(d => d.Length > 0))
            foreach (var suffix in new[] { ".gz", "" })
            {
                var path = Path.Combine(dir, $"{prefix}-images-idx3-ubyte{suffix}");
                if (File.Exists(path)) return Read(path);
            }
        throw new FileNotFoundException("Fashion-MNIST not found; install it with: apt-get install dataset-fashion-mnist");
    }

    private static Tensor Read(string path)
    {
        using var file = File.OpenRead(path);
        using Stream stream = path.EndsWith(".gz") ? new GZipStream(file, CompressionMode.Decompress) : file;
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        var data = memory.ToArray();
        if (data[0] != 0 || data[1] != 0 || data[2] != 0x08 || data[3] != 3)
            throw new InvalidDataException($"{path}: not an unsigned-byte IDX image file");
        int Dim(int i) => (data[4 + 4 * i] << 24) | (data[5 + 4 * i] << 16) | (data[6 + 4 * i] << 8) | data[7 + 4 * i];
        int n = Dim(0), h = Dim(1), w = Dim(2);
        var pixels = new float[n * h * w];
        for (int i = 0; i < pixels.Length; i++) pixels[i] = data[16 + i] / 255f;
        return tensor(pixels, [n, h, w]);
    }
}

/// <summary>Shuffled batches over a tensor's first dimension, reshuffled every epoch (drop_last = false), as peer.py's.</summary>
internal sealed class Batches
{
    private readonly Tensor _x;
    private readonly int _batchSize;
    private readonly Generator _generator;
    private Tensor _order = null!;
    private long _position;

    public Batches(Tensor x, int batchSize, int seed)
    {
        _x = x;
        _batchSize = batchSize;
        _generator = new Generator((ulong)seed);
        NewEpoch();
    }

    /// <summary>The next batch (a new epoch begins when the current one is used up).</summary>
    public Tensor Next()
    {
        if (_position >= _x.shape[0]) NewEpoch();
        var index = _order.narrow(0, _position, Math.Min(_batchSize, _x.shape[0] - _position));
        _position += _batchSize;
        return _x.index_select(0, index);
    }

    /// <summary>Every batch of one fresh epoch.</summary>
    public IEnumerable<Tensor> Epoch()
    {
        NewEpoch();
        while (_position < _x.shape[0]) yield return Next();
    }

    private void NewEpoch()
    {
        _order?.Dispose();
        _order = randperm(_x.shape[0], generator: _generator).DetachFromDisposeScope();
        _position = 0;
    }
}
