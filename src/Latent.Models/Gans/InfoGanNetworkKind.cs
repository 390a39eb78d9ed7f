using Latent.Models.Catalog;

namespace Latent.Models.Gans;

/// <summary>Which networks InfoGAN's generator, discriminator and Q head are built from.</summary>
public enum InfoGanNetworkKind
{
    /// <summary>
    /// Chen et al.'s MNIST networks (<see cref="InfoGanGenerator"/>, <see cref="InfoGanDiscriminator"/>): fully connected
    /// layers of 1024 on both sides, Q sharing the discriminator up to its 1024 features.
    /// </summary>
    [OptionValue("paper", "chen")]
    Paper,

    /// <summary>The DCGAN networks of workload W2 (<see cref="DcganGenerator"/>, <see cref="DcganDiscriminator"/>), Q on the 128×7×7 convolutional features.</summary>
    [OptionValue("dcgan")]
    Dcgan,
}
