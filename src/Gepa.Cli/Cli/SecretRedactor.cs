using System.Text.Json;
using System.Text.RegularExpressions;

namespace Gepa.Cli.Cli;

/// <summary>Removes secrets from any text before it is printed or written: the API key values a run resolved (also as
/// they appear inside JSON strings), and anything shaped like a credential (a <c>Bearer</c> token, an <c>sk-…</c> key,
/// <c>api_key=…</c>, <c>password=…</c>), so that a provider echoing a key in an error never puts it on disk or on screen.</summary>
internal sealed partial class SecretRedactor
{
    /// <summary>What a secret is replaced with.</summary>
    public const string Mask = "***";

    private readonly List<string> _secrets = [];

    /// <summary>Adds a secret; values shorter than 8 characters are ignored (they would redact ordinary words).</summary>
    /// <param name="secret">The secret value.</param>
    public void Add(string? secret)
    {
        if (secret is not { Length: >= 8 })
        {
            return;
        }

        lock (_secrets)
        {
            _secrets.Add(secret);

            // A JSON writer escapes characters such as '+' and '/' that base64 keys contain: redact that form too.
            var escaped = JsonEncodedText.Encode(secret).ToString();
            if (escaped != secret)
            {
                _secrets.Add(escaped);
            }

            // Longest first, so that a key containing another key is removed whole.
            _secrets.Sort((a, b) => b.Length.CompareTo(a.Length));
        }
    }

    /// <summary>Replaces every known secret, and every credential-shaped string, in <paramref name="text"/> with <c>***</c>.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The redacted text (the same instance when there was nothing to remove).</returns>
    public string Redact(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        lock (_secrets)
        {
            foreach (var s in _secrets)
            {
                if (text.Contains(s, StringComparison.Ordinal))
                {
                    text = text.Replace(s, Mask, StringComparison.Ordinal);
                }
            }
        }

        return CredentialShape().IsMatch(text) ? CredentialShape().Replace(text, m => m.Groups["prefix"].Value + Mask) : text;
    }

    /// <summary>Returns whether <paramref name="text"/> holds a secret (a known one or a credential-shaped string).</summary>
    /// <param name="text">The text.</param>
    /// <returns>Whether <see cref="Redact"/> would change it.</returns>
    public bool ContainsSecret(string text) => !ReferenceEquals(Redact(text), text);

    // Bearer tokens, OpenAI/Anthropic-style keys (sk-…, sk-ant-…) and key=value pairs naming a key or token, with at
    // least 16 characters of key material so that ordinary prose is left alone; and password pairs (a connection
    // string's Password=…, a "password=…" typed into free text such as a memory objective), which are short but are
    // always a secret once a value is assigned; only with '=', because "password: …" is ordinary instruction prose.
    [GeneratedRegex(@"(?<prefix>\b[Bb]earer\s+)[A-Za-z0-9._~+/=\-]{16,}|(?<prefix>)\bsk-[A-Za-z0-9_\-]{16,}|(?<prefix>\b(?:api[_-]?key|access[_-]?token|x-api-key)[""']?\s*[:=]\s*[""']?)[A-Za-z0-9._~+/=\-]{16,}|(?<prefix>\b(?:password|passwd|pwd)\s*=\s*[""']?)[^\s;,&""']{4,}|(?<prefix>\bclient[_-]?secret[""']?\s*[:=]\s*[""']?)[^\s;,&""']{4,}", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, matchTimeoutMilliseconds: 1000)]
    private static partial Regex CredentialShape();
}
