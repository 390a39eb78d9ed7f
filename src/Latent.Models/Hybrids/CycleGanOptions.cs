using Latent.Models.Catalog;

namespace Latent.Models.Hybrids;

/// <summary>
/// The options of CycleGAN (Zhu et al., 2017): the domains, the weights of the cycle-consistency and identity terms,
/// the generators' size, the replay pool of past fakes and the learning rates.
/// </summary>
public sealed record CycleGanOptions : ImageTranslationOptions
{
    /// <summary>The family's defaults: Adam 2e-4 with β₁ = 0.5, batches of 16 per domain.</summary>
    public CycleGanOptions() : base(evalSize: 1000) => BatchSize = 16;

    /// <summary>The unpaired domains A and B.</summary>
    [Option("domains", "unpaired domains: edges-items (edge maps ↔ items, scored against the true pairs), sneaker-boot or tshirt-shirt")]
    public CycleDomains Domains { get; init; } = CycleDomains.EdgesItems;

    /// <summary>λ: the weight of each cycle-consistency term ‖F(G(a)) − a‖₁ and ‖G(F(b)) − b‖₁ (0: the ablation without it).</summary>
    [Option("cycle-weight", "weight λ of the cycle-consistency L1 terms (10 in CycleGAN; 0 trains without the cycle loss)")]
    public double CycleWeight { get; init; } = 10;

    /// <summary>The identity terms' weight relative to λ: ‖G(b) − b‖₁ and ‖F(a) − a‖₁ weigh <c>IdentityWeight·λ</c>.</summary>
    [Option("identity-weight", "weight of the identity L1 terms, relative to the cycle weight (0.5 in CycleGAN's code)")]
    public double IdentityWeight { get; init; } = 0.5;

    /// <summary>Channels of the generators' first convolution (their bottleneck has 4×).</summary>
    [Option("width", "channels of each generator's first convolution (the discriminators use the same)")]
    public int Width { get; init; } = 16;

    /// <summary>Residual blocks at each generator's bottleneck.</summary>
    [Option("blocks", "residual blocks at each generator's bottleneck")]
    public int Blocks { get; init; } = 4;

    /// <summary>Past fakes kept per discriminator (CycleGAN's image pool of 50); half of each fake batch is drawn from it.</summary>
    [Option("pool", "past fakes kept per discriminator; half of each fake batch comes from the pool (0: off)")]
    public int Pool { get; init; } = 50;

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        Require(CycleWeight >= 0 && double.IsFinite(CycleWeight), $"Option --cycle-weight must be a finite non-negative number, got {CycleWeight}.");
        Require(IdentityWeight >= 0 && double.IsFinite(IdentityWeight), $"Option --identity-weight must be a finite non-negative number, got {IdentityWeight}.");
        Require(Width > 0, $"Option --width must be positive, got {Width}.");
        Require(Blocks >= 0, $"Option --blocks must be non-negative, got {Blocks}.");
        Require(Pool >= 0, $"Option --pool must be non-negative, got {Pool}.");
    }
}
