using Latent.Models.Catalog;
using Latent.Models.LatentSpace;
using Latent.NN;

namespace Latent.Models.Autoencoders;

/// <summary>Builds the command line's autoencoders (ae, sparse-ae, dae) from a <see cref="ModelContext"/>.</summary>
internal static class AutoencoderFactory
{
    /// <summary>Builds an autoencoder on Fashion-MNIST with the given sparsity and noise.</summary>
    public static TrainingSetup Create(ModelContext context, SparsityPenalty? sparsity, NoiseModel? noise, CodeActivation defaultCode)
    {
        var data = FashionMnistData.Load(context, 128);
        var loss = ParseLoss(context.GetString("loss", "bce"));
        var code = CodeActivations.Parse(context.GetString("code", defaultCode.ToString()));
        int latent = context.GetInt("latent-dim", 32);
        int[] shape = [data.Train.Channels, data.Train.Height, data.Train.Width];
        var gen = context.NewGenerator(0);
        var (encoder, decoder) = Networks(context.GetString("arch", "mlp"), shape, ParseSizes(context.GetString("hidden", "256")),
            latent, code, gen, loss == ReconstructionLoss.SquaredError);
        var model = new Autoencoder(encoder, decoder, latent, new AutoencoderOptions(loss, sparsity, noise, context.GetDouble("lr", 1e-3)),
            context.NewGenerator(2)) { Preview = data.Preview };
        return new TrainingSetup(model, data.TrainLoader, data.TestLoader);
    }

    /// <summary>The encoder/decoder pair for "mlp" or "conv".</summary>
    public static (Module Encoder, Module Decoder) Networks(string arch, int[] shape, int[] hidden, int latent, CodeActivation code,
        Tensors.Generator gen, bool sigmoidOutput) => arch.ToLowerInvariant() switch
    {
        "mlp" => AutoencoderNetworks.Mlp(shape, hidden, latent, code, gen, sigmoidOutput),
        "conv" => AutoencoderNetworks.Conv(shape, latent, code, gen, sigmoidOutput),
        _ => throw new ArgumentException($"Unknown architecture \"{arch}\": use mlp or conv."),
    };

    /// <summary>"bce" or "mse".</summary>
    public static ReconstructionLoss ParseLoss(string name) => name.ToLowerInvariant() switch
    {
        "bce" or "cross-entropy" => ReconstructionLoss.BinaryCrossEntropy,
        "mse" or "squared" => ReconstructionLoss.SquaredError,
        _ => throw new ArgumentException($"Unknown reconstruction loss \"{name}\": use bce or mse."),
    };

    /// <summary>Comma-separated positive sizes, e.g. "512,256"; empty for none.</summary>
    public static int[] ParseSizes(string text)
    {
        if (string.IsNullOrWhiteSpace(text)) return [];
        return text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => int.TryParse(s, out int v) && v > 0 ? v : throw new ArgumentException($"Layer sizes must be positive integers separated by commas, got \"{text}\"."))
            .ToArray();
    }
}
