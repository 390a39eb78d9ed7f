namespace Latent.Tests;

/// <summary>Tolerance assertions (xunit's decimal-places form fails on rounding boundaries).</summary>
public static class Close
{
    /// <summary>Asserts |expected − actual| ≤ atol + rtol·|expected|.</summary>
    public static void Assert(double expected, double actual, double atol = 1e-4, double rtol = 1e-4, string? what = null)
    {
        if (!(Math.Abs(expected - actual) <= atol + rtol * Math.Abs(expected)))
            throw new Xunit.Sdk.XunitException($"{what ?? "value"}: expected {expected:G9}, got {actual:G9} (atol {atol}, rtol {rtol})");
    }
}
