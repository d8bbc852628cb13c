namespace Gepa.Cli.Providers;

/// <summary>A provider setting that cannot be satisfied (a missing environment variable, an unavailable provider),
/// reported as one line naming the role and the key.</summary>
internal sealed class ProviderException : Exception
{
    /// <summary>Initializes the exception.</summary>
    /// <param name="message">The one-line message; it never contains a secret.</param>
    public ProviderException(string message)
        : base(message)
    {
    }
}
