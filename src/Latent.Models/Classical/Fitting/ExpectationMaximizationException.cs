namespace Latent.Models.Classical.Fitting;

/// <summary>An EM iteration lowered the objective beyond rounding: a bug in the model's E- or M-step, never a property of the data.</summary>
public sealed class ExpectationMaximizationException : InvalidOperationException
{
    /// <summary>Creates the exception with a message that names the restart, the iteration and both values.</summary>
    public ExpectationMaximizationException(string message) : base(message) { }
}
