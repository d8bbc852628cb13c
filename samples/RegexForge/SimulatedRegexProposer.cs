using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;

namespace RegexForge;

/// <summary>A SIMULATED reflection model for offline runs: a weak but real synthesis heuristic, not a language model. It
/// reads the reflection prompt's side information and edits the current regex: each false negative adds an alternative
/// of its generalized shape (digit runs become <c>\d+</c>, letter runs <c>[A-Za-z]+</c>, other characters are escaped),
/// each false positive adds a negative lookahead for that exact string. It is deterministic, so CI can assert the curve;
/// it memorizes where a model would generalize, which is why a real model does better.</summary>
public sealed partial class SimulatedRegexProposer : IChatClient
{
    /// <summary>The model id it reports.</summary>
    public const string ModelId = "simulated-regex-proposer";

    /// <summary>Gets how many proposals it has written.</summary>
    public int Calls { get; private set; }

    /// <summary>Proposes a new pattern from the current one and the side information in the prompt.</summary>
    /// <param name="prompt">The reflection prompt.</param>
    /// <returns>The new pattern.</returns>
    public static string Propose(string prompt)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        var current = FirstBlock().Match(prompt) is { Success: true } m ? m.Groups[1].Value : "";
        var (lookaheads, alternatives) = Decompose(current);
        foreach (var s in Listed(prompt, RegexEvaluator.FalseNegativesKey))
        {
            var shape = Shape(s);
            if (!alternatives.Contains(shape))
            {
                alternatives.Add(shape);
            }
        }

        foreach (var s in Listed(prompt, RegexEvaluator.FalsePositivesKey).Concat(Listed(prompt, RegexEvaluator.TimeoutsKey)))
        {
            var literal = "(?!" + Regex.Escape(s) + "$)";
            if (!lookaheads.Contains(literal))
            {
                lookaheads.Add(literal);
            }
        }

        return "^" + string.Concat(lookaheads) + "(?:" + string.Join("|", alternatives) + ")$";
    }

    /// <summary>The generalized shape of a string: digit runs become <c>\d+</c>, letter runs <c>[A-Za-z]+</c>, the rest is escaped.</summary>
    /// <param name="s">The string.</param>
    /// <returns>The shape, as a regex.</returns>
    public static string Shape(string s)
    {
        ArgumentNullException.ThrowIfNull(s);
        var sb = new StringBuilder();
        var i = 0;
        while (i < s.Length)
        {
            if (char.IsAsciiDigit(s[i]))
            {
                while (i < s.Length && char.IsAsciiDigit(s[i]))
                {
                    i++;
                }

                sb.Append(@"\d+");
            }
            else if (char.IsAsciiLetter(s[i]))
            {
                while (i < s.Length && char.IsAsciiLetter(s[i]))
                {
                    i++;
                }

                sb.Append("[A-Za-z]+");
            }
            else
            {
                sb.Append(Regex.Escape(s[i].ToString()));
                i++;
            }
        }

        return sb.ToString();
    }

    /// <inheritdoc/>
    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        Calls++;
        var prompt = messages.LastOrDefault(m => m.Role == ChatRole.User)?.Text ?? "";
        var reply = "```\n" + Propose(prompt) + "\n```";
        return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, reply)) { ModelId = ModelId, FinishReason = ChatFinishReason.Stop });
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var response = await GetResponseAsync(messages, options, cancellationToken);
        foreach (var update in response.ToChatResponseUpdates())
        {
            yield return update;
        }
    }

    /// <inheritdoc/>
    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType is not null && serviceType.IsInstanceOfType(this) ? this : null;

    /// <inheritdoc/>
    public void Dispose()
    {
    }

    // Our own patterns have the shape ^(?!…$)…(?:a|b|…)$; any other pattern becomes the first alternative as it is.
    private static (List<string> Lookaheads, List<string> Alternatives) Decompose(string pattern)
    {
        var m = OwnShape().Match(pattern);
        if (m.Success)
        {
            var lookaheads = m.Groups["la"].Captures.Select(c => c.Value).ToList();
            return (lookaheads, [.. m.Groups["alts"].Value.Split('|')]);
        }

        var core = pattern.TrimStart('^');
        core = core.EndsWith('$') && !core.EndsWith(@"\$", StringComparison.Ordinal) ? core[..^1] : core;
        return ([], core.Length == 0 ? [] : [core]);
    }

    private static IEnumerable<string> Listed(string prompt, string key)
    {
        var lines = prompt.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].TrimEnd() != "## " + key)
            {
                continue;
            }

            for (var j = i + 1; j < lines.Length && !lines[j].StartsWith('#'); j++)
            {
                if (lines[j].StartsWith('"'))
                {
                    string? s = null;
                    try
                    {
                        s = JsonSerializer.Deserialize(lines[j], SampleJson.Default.String);
                    }
                    catch (JsonException)
                    {
                    }

                    if (s is not null)
                    {
                        yield return s;
                    }
                }
            }
        }
    }

    [GeneratedRegex(@"```\n(.*?)\n```", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex FirstBlock();

    [GeneratedRegex(@"^\^(?<la>\(\?!(?:[^()\\]|\\.)*\$\))*\(\?:(?<alts>.*)\)\$$", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex OwnShape();
}
