namespace Gepa.Cli.Cli;

/// <summary>Remembers the API key values a run resolved and removes them from any text before it is printed: a last line
/// of defence should a provider ever echo a key in an error message.</summary>
internal sealed class SecretRedactor
{
    private readonly List<string> _secrets = [];

    /// <summary>Adds a secret; values shorter than 8 characters are ignored (they would redact ordinary words).</summary>
    /// <param name="secret">The secret value.</param>
    public void Add(string? secret)
    {
        if (secret is { Length: >= 8 })
        {
            lock (_secrets)
            {
                _secrets.Add(secret);
            }
        }
    }

    /// <summary>Replaces every known secret in <paramref name="text"/> with <c>***</c>.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The redacted text.</returns>
    public string Redact(string text)
    {
        lock (_secrets)
        {
            foreach (var s in _secrets)
            {
                text = text.Replace(s, "***", StringComparison.Ordinal);
            }
        }

        return text;
    }
}
