using Latent.Models.Catalog;

namespace Latent.Models.Hybrids;

/// <summary>The two unpaired image domains a CycleGAN translates between, built from Fashion-MNIST.</summary>
public enum CycleDomains
{
    /// <summary>
    /// Edge maps ↔ items: domain A holds the edge maps of one half of the training images, domain B the other half's
    /// items, so no item is ever seen with its own edges; the test set keeps the true pairs for scoring.
    /// </summary>
    [OptionValue("edges-items", "edges")]
    EdgesItems,

    /// <summary>Sneakers (class 7) ↔ ankle boots (class 9).</summary>
    [OptionValue("sneaker-boot")]
    SneakerBoot,

    /// <summary>T-shirts/tops (class 0) ↔ shirts (class 6).</summary>
    [OptionValue("tshirt-shirt")]
    TshirtShirt,
}
