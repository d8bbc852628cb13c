using System.Text.RegularExpressions;

namespace Gepa;

/// <summary>Removes secret-looking tokens from text before the memory bank stores it: provider keys, bearer tokens and
/// <c>key=value</c> pairs under secret-sounding names. It backs up the host's redaction of the keys it knows, because
/// memory outlives runs and is shared (export/import), so a key echoed into feedback must never land there.</summary>
internal static partial class SecretScrubber
{
    /// <summary>What replaces a secret.</summary>
    public const string Mask = "***";

    /// <summary>Applies the host's redaction, then the bank's own patterns.</summary>
    /// <param name="text">The text.</param>
    /// <param name="hostRedact">The host's redaction, if any.</param>
    /// <returns>The text without secrets.</returns>
    public static string Scrub(string text, Func<string, string>? hostRedact)
    {
        if (hostRedact is not null)
        {
            text = hostRedact(text);
        }

        text = ProviderKey().Replace(text, Mask);
        text = Bearer().Replace(text, "Bearer " + Mask);
        return NamedSecret().Replace(text, m => m.Groups["name"].Value + m.Groups["sep"].Value + Mask);
    }

    // OpenAI/Anthropic-style keys (sk-…, sk-ant-…), GitHub tokens, AWS access key ids, Google API keys.
    [GeneratedRegex(@"\b(?:sk-[A-Za-z0-9_\-]{16,}|gh[pousr]_[A-Za-z0-9]{20,}|AKIA[0-9A-Z]{16}|AIza[0-9A-Za-z_\-]{30,})")]
    private static partial Regex ProviderKey();

    [GeneratedRegex(@"\bBearer\s+[A-Za-z0-9._\-+/=]{8,}", RegexOptions.IgnoreCase)]
    private static partial Regex Bearer();

    [GeneratedRegex(@"(?<name>\b[\w\-]*(?:api[_\-]?key|token|secret|password|passwd)\b)(?<sep>\s*[:=]\s*)[""']?[^\s""',;]{4,}[""']?", RegexOptions.IgnoreCase)]
    private static partial Regex NamedSecret();
}
