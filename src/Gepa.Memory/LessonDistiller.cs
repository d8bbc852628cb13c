using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;

namespace Gepa;

/// <summary>Optional distillation of lessons by the reflection model: it is shown a task's accepted edits that raised the
/// validation score, with the feedback behind them, and asked for the task conventions and facts the evaluator rewarded,
/// each citing the edits that show it. Never self-critique: lines about the model's own mistakes are dropped, and so is
/// every lesson that cites no shown edit (no evidence). The bank redacts secrets from every stored text.</summary>
public sealed partial class LessonDistiller
{
    /// <summary>The most edits shown in one distillation prompt (those with the largest validation gain).</summary>
    public const int MaxEditsShown = 20;

    /// <summary>The instruction the model receives before the edits.</summary>
    public const string Instruction =
        "Below are edits to the instructions of a task that an evaluator rewarded (each raised the validation score), with the feedback that motivated them.\n" +
        "List the task conventions and facts about the task that the evaluator rewarded: statements that would help someone write instructions for this or a similar task.\n" +
        "Do not critique yourself or describe mistakes; do not give advice about how to edit. One statement per line, in the form:\n" +
        "E<id>[, E<id>…] | <convention or fact>\n" +
        "citing the edits that show it. Give at most {max} lines and nothing else.";

    private readonly IChatClient _client;
    private readonly ChatOptions? _options;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="client">The reflection model.</param>
    /// <param name="options">Chat options for the call, or <see langword="null"/>.</param>
    public LessonDistiller(IChatClient client, ChatOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
        _options = options;
    }

    /// <summary>Distills lessons from a task's rewarded edits and adds them to the bank (merged with near duplicates,
    /// like every lesson).</summary>
    /// <param name="bank">The bank.</param>
    /// <param name="taskId">The task.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The ids of the lessons stored or merged into; empty when the task has no rewarded edit (no call is made).</returns>
    public async Task<IReadOnlyList<long>> DistillAsync(MemoryBank bank, string taskId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(bank);
        ArgumentException.ThrowIfNullOrWhiteSpace(taskId);
        var edits = bank.ListEdits(taskId)
            .Where(e => e.Accepted && e.ValDelta > 0)
            .OrderByDescending(e => e.ValDelta)
            .ThenBy(e => e.Id)
            .Take(MaxEditsShown)
            .ToDictionary(e => e.Id);
        if (edits.Count == 0)
        {
            return [];
        }

        var reply = await _client.GetResponseAsync(BuildPrompt(edits.Values), _options, cancellationToken);
        var stored = new List<long>();
        foreach (var (evidence, text) in Parse(reply.Text, edits).Take(MemoryConstants.MaxDistilledLessons))
        {
            var lesson = new Lesson
            {
                Text = text,
                Role = edits[evidence[0]].Component,
                Scope = [taskId],
                Evidence = evidence,
                Gain = evidence.Sum(id => edits[id].ValDelta ?? 0),
                Source = "distilled",
            };
            if (await bank.AddLessonAsync(lesson, cancellationToken) is { } id && !stored.Contains(id))
            {
                stored.Add(id);
            }
        }

        return stored;
    }

    /// <summary>Builds the distillation prompt for the given edits.</summary>
    /// <param name="edits">The rewarded edits.</param>
    /// <returns>The prompt.</returns>
    public static string BuildPrompt(IEnumerable<EditRecord> edits)
    {
        ArgumentNullException.ThrowIfNull(edits);
        var sb = new StringBuilder(Instruction.Replace("{max}", MemoryConstants.MaxDistilledLessons.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)).Append("\n\n");
        foreach (var e in edits)
        {
            sb.Append(CultureInfo.InvariantCulture, $"## E{e.Id} (component {e.Component}, validation +{e.ValDelta:0.###})\n");
            sb.Append("Diff:\n").Append(e.Diff.Trim()).Append('\n');
            if (e.Feedback.Length > 0)
            {
                sb.Append("Feedback that motivated it:\n").Append(e.Feedback.Trim()).Append('\n');
            }

            sb.Append('\n');
        }

        return sb.ToString();
    }

    /// <summary>Reads the lessons of a reply: lines <c>E12, E40 | text</c>; a line citing no shown edit, or reading as
    /// self-critique, is dropped.</summary>
    /// <param name="reply">The model's reply.</param>
    /// <param name="shown">The edits shown, by id.</param>
    /// <returns>Each lesson's evidence (edit ids, shown ones only) and text.</returns>
    public static IReadOnlyList<(List<long> Evidence, string Text)> Parse(string? reply, IReadOnlyDictionary<long, EditRecord> shown)
    {
        ArgumentNullException.ThrowIfNull(shown);
        var lessons = new List<(List<long>, string)>();
        foreach (var raw in (reply ?? "").Split('\n'))
        {
            var line = raw.Trim().TrimStart('-', '*', ' ');
            var bar = line.IndexOf('|', StringComparison.Ordinal);
            if (bar <= 0)
            {
                continue;
            }

            var evidence = EditId().Matches(line[..bar])
                .Select(m => long.Parse(m.Groups["n"].Value, NumberStyles.None, CultureInfo.InvariantCulture))
                .Where(shown.ContainsKey)
                .Distinct()
                .ToList();
            var text = line[(bar + 1)..].Trim();
            if (evidence.Count == 0 || text.Length < MemoryConstants.MinLessonLength || SelfCritique().IsMatch(text))
            {
                continue;
            }

            lessons.Add((evidence, text));
        }

        return lessons;
    }

    [GeneratedRegex(@"\bE(?<n>\d{1,12})\b", RegexOptions.IgnoreCase)]
    private static partial Regex EditId();

    // Statements about the writer's own conduct are self-critique, not task conventions (the failure mode ACE reports).
    [GeneratedRegex(@"\b(I|we|my|our|myself)\b|\b(mistake|should have|previous (attempt|version|prompt)|be more careful|double-check|I was wrong)\b", RegexOptions.IgnoreCase)]
    private static partial Regex SelfCritique();
}
