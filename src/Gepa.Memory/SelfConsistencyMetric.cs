using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Gepa;

/// <summary>Self-consistency, for users without a feedback function (or without answers): the agreement of the task
/// model's samples for one input (the share that gave the majority answer) is the score, or, with an inner metric, a
/// confidence appended to its feedback; the answers that disagree are quoted so reflection sees where the prompt leaves
/// the model unsure. Use it with <see cref="SelfConsistencyChatClient"/> over the task model, sharing one
/// <see cref="SelfConsistencyLedger"/>.</summary>
/// <remarks>Answers are compared by their last non-empty line (or the text after the last <c>Answer:</c>), with case and
/// white space ignored.</remarks>
public sealed partial class SelfConsistencyMetric : IChatMetric
{
    private const int MaxQuoted = 3;
    private const int MaxQuoteLength = 120;

    private readonly SelfConsistencyLedger _ledger;
    private readonly IChatMetric? _inner;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="ledger">The ledger the sampling client records into.</param>
    /// <param name="inner">A metric for the reply itself; <see langword="null"/> to score by agreement alone.</param>
    public SelfConsistencyMetric(SelfConsistencyLedger ledger, IChatMetric? inner = null)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        _ledger = ledger;
        _inner = inner;
    }

    /// <inheritdoc/>
    public async ValueTask<MetricResult> ScoreAsync(ChatExample example, string response, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(example);
        ArgumentNullException.ThrowIfNull(response);
        var samples = _ledger.Take(ChatPromptAdapter.BuildUserMessage(example), response)
            ?? throw new InvalidOperationException($"No samples were recorded for example '{example.Id}'; the task model must be wrapped in a SelfConsistencyChatClient sharing this metric's ledger.");
        var answers = samples.Select(Normalize).ToList();
        var groups = answers.GroupBy(a => a, StringComparer.Ordinal).OrderByDescending(g => g.Count()).ThenBy(g => answers.IndexOf(g.Key)).ToList();
        var majority = groups[0].Key;
        var agreement = groups[0].Count() / (double)answers.Count;
        var text = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"{groups[0].Count()} of {answers.Count} samples agree"));
        text.Append(majority.Length == 0 ? " on an empty answer" : $" on \"{Cut(majority)}\"");
        var others = groups.Skip(1).Take(MaxQuoted).Select(g => $"\"{Cut(g.Key)}\" ({g.Count()})").ToList();
        text.Append(others.Count == 0 ? "." : "; the others answered " + string.Join(", ", others) + ": the instructions leave this case ambiguous.");
        if (_inner is null)
        {
            return new MetricResult(agreement, "Self-consistency: " + text);
        }

        var scored = await _inner.ScoreAsync(example, response, cancellationToken);
        return new MetricResult(scored.Score, scored.Feedback + " Self-consistency: " + text);
    }

    private static string Normalize(string reply)
    {
        var answer = AnswerLine().Matches(reply) is { Count: > 0 } m ? m[^1].Groups["a"].Value : reply.Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.Length > 0) ?? "";
        return Spaces().Replace(answer.Trim().ToLowerInvariant(), " ");
    }

    private static string Cut(string text) => text.Length > MaxQuoteLength ? text[..MaxQuoteLength] + "…" : text;

    [GeneratedRegex(@"Answer:\s*(?<a>[^\n]*)", RegexOptions.IgnoreCase)]
    private static partial Regex AnswerLine();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
