namespace Latent.Data;

/// <summary>Which part of a dataset to load.</summary>
public enum DatasetSplit
{
    /// <summary>The training set (60,000 images for MNIST and Fashion-MNIST).</summary>
    Train,

    /// <summary>The test set (10,000 images for MNIST and Fashion-MNIST).</summary>
    Test,
}
