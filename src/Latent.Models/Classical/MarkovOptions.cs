using Latent.Models.Catalog;

namespace Latent.Models.Classical;

/// <summary>The options of the k-th order Markov chain: its data, order and smoothing; fitted by counting in one pass.</summary>
public sealed record MarkovOptions : ModelOptions
{
    /// <summary>The defaults: one pass (the closed form) over batches of 10,000 sequences.</summary>
    public MarkovOptions()
    {
        Epochs = 1;
        BatchSize = 10_000;
    }

    /// <summary>"words" (the word list, one character per state), "weather" (sequences of the lecture's chain) or a text file of integer sequences.</summary>
    [Option("data", "words (the word list), weather (sequences drawn from the lecture's Sun/Rain/Cloud chain) or a text file with one sequence of integer states per line")]
    public string Data { get; init; } = "words";

    /// <summary>k, the number of preceding states each one depends on.</summary>
    [Option("order", "k: the number of preceding states each one depends on")]
    public int Order { get; init; } = 3;

    /// <summary>α added to every count.</summary>
    [Option("smoothing", "added to every count (additive smoothing; 0: maximum likelihood)")]
    public double Smoothing { get; init; } = 0.01;

    /// <summary>The word list of <c>--data words</c>.</summary>
    [Option("words", "word list of --data words, one word per line (Debian wamerican)")]
    public string WordList { get; init; } = "/usr/share/dict/words";

    /// <summary>Sequences drawn from the weather chain for training (the test set has half as many).</summary>
    [Option("sequences", "sequences drawn from the weather chain for training (test: half as many)")]
    public int Sequences { get; init; } = 500;

    /// <summary>The length of drawn weather sequences and of sampled integer sequences.</summary>
    [Option("length", "length of weather sequences and of sampled integer sequences")]
    public int Length { get; init; } = 30;

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        Require(Order >= 0, $"Option --order must not be negative, got {Order}.");
        Require(Smoothing >= 0, $"Option --smoothing must not be negative, got {Smoothing}.");
        Require(Sequences >= 2, $"Option --sequences must be at least 2, got {Sequences}.");
        Require(Length >= 1, $"Option --length must be at least 1, got {Length}.");
        Require(!string.IsNullOrWhiteSpace(Data), "Option --data must name words, weather or a file of integer sequences.");
    }
}
