using Latent.Models.Catalog;

namespace Latent.Models.LatentSpace;

/// <summary>Options shared by the image models of the autoencoder and VAE families.</summary>
public static class CommonOptions
{
    /// <summary>epochs, batch-size, lr, latent-dim, train-size and data-dir with the given defaults.</summary>
    public static ModelOption[] Training(int epochs, int batchSize, double lr, int latentDim) =>
    [
        ModelOption.Int("epochs", epochs, "passes over the training set"),
        ModelOption.Int("batch-size", batchSize, "examples per optimizer step"),
        ModelOption.Real("lr", lr, "Adam learning rate"),
        ModelOption.Int("latent-dim", latentDim, "size of the latent code"),
        ModelOption.Int("train-size", 0, "use only the first N training images (0: all 60,000)"),
        ModelOption.Text("data-dir", "", "directory holding the Fashion-MNIST IDX files (default: $LATENT_DATA, then /usr/share/datasets/fashion-mnist)"),
    ];
}
