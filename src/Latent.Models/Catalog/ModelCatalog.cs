namespace Latent.Models.Catalog;

/// <summary>Every model family Latent knows, with its status. Each family lists its own models in its folder.</summary>
public static class ModelCatalog
{
    private static readonly ModelSpec[] Planned =
    [
        ModelSpec.Planned("nice", "Flows", "F33", "NICE: additive coupling layers with scaling"),
        ModelSpec.Planned("realnvp", "Flows", "F33", "RealNVP: affine coupling, checkerboard masks, multi-scale"),
        ModelSpec.Planned("pixelcnn", "Autoregressive", "F34", "PixelCNN with masked convolutions and a 256-way softmax"),
        ModelSpec.Planned("gated-pixelcnn", "Autoregressive", "F34", "Gated PixelCNN"),
        ModelSpec.Planned("pixelrnn", "Autoregressive", "F34", "PixelRNN (row LSTM)"),
        ModelSpec.Planned("wavenet", "Autoregressive", "F34", "WaveNet: dilated causal convolutions"),
        ModelSpec.Planned("rbm", "Boltzmann", "F35", "Bernoulli RBM trained with CD-k or PCD"),
        ModelSpec.Planned("dbn", "Boltzmann", "F35", "Deep belief net: greedy RBM stack and fine-tuning"),
        ModelSpec.Planned("gaussian-classifier", "Classical", "F12", "Gaussian generative classifier, naive Bayes"),
        ModelSpec.Planned("gmm", "Classical", "F12", "Gaussian mixture fitted by EM"),
        ModelSpec.Planned("hmm", "Classical", "F13 F14", "Markov chains and hidden Markov models"),
        ModelSpec.Planned("siamese", "Siamese", "F38", "Siamese network with contrastive loss, one-shot recognition"),
        ModelSpec.Planned("style-transfer", "Style", "F39", "Neural style transfer and texture synthesis"),
        ModelSpec.Planned("infogan", "GANs", "F25", "InfoGAN"),
        ModelSpec.Planned("ssgan", "GANs", "F28", "Semi-supervised GAN with K+1 classes"),
        ModelSpec.Planned("pix2pix", "GANs", "F29", "pix2pix paired image-to-image translation"),
        ModelSpec.Planned("cyclegan", "GANs", "F29", "CycleGAN with cycle consistency"),
        ModelSpec.Planned("lapgan", "GANs", "F30", "LAPGAN multi-scale generation"),
        ModelSpec.Planned("stackgan", "GANs", "F30", "StackGAN two-stage conditional generation"),
        ModelSpec.Planned("aae", "Hybrids", "F31", "Adversarial autoencoder"),
        ModelSpec.Planned("vae-gan", "Hybrids", "F31", "VAE-GAN"),
    ];

    /// <summary>All models, available ones first within each family.</summary>
    public static IReadOnlyList<ModelSpec> All { get; } =
    [
        .. Autoencoders.AutoencoderCatalog.Models,
        .. Vae.VaeCatalog.Models,
        .. Gans.GanCatalog.Models,
        .. Planned,
    ];

    /// <summary>The model with this name, or null.</summary>
    public static ModelSpec? Find(string name) => All.FirstOrDefault(m => string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase));
}
