using System.Text.Json;

namespace Gepa;

/// <summary>Picks lessons for a new task: ranks a bank's lessons by similarity to the query times their record
/// ((helpful + 1) / (helpful + harmful + 2)) times their evidence (gain / (gain + the mean gain of the lessons
/// considered)), drops those below the similarity floor, diversifies by maximal marginal
/// relevance, and stops at the count or the token cap. Lessons learned only from the target task itself are left out
/// (leave-one-out). Every retrieval can be logged to a run directory's <c>memory.jsonl</c>.</summary>
public sealed class LessonRetriever
{
    /// <summary>The file retrievals are logged to, inside a run directory.</summary>
    public const string LogFileName = "memory.jsonl";

    private readonly MemoryBank _bank;
    private readonly RetrievalOptions _options;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="bank">The bank (its embedding generator embeds the queries).</param>
    /// <param name="options">The options; defaults when <see langword="null"/>.</param>
    public LessonRetriever(MemoryBank bank, RetrievalOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(bank);
        _options = options ?? new RetrievalOptions();
        _options.Validate();
        _bank = bank;
    }

    /// <summary>Retrieves lessons for <paramref name="query"/>.</summary>
    /// <param name="query">What the new task is about (its profile text or a component's seed text).</param>
    /// <param name="role">A role (component) to keep, or <see langword="null"/> for all.</param>
    /// <param name="excludeTaskId">The target task, whose own lessons are left out; <see langword="null"/> to keep all.</param>
    /// <param name="logDirectory">A run directory to append the retrieval to (<c>memory.jsonl</c>), or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the embedding.</param>
    /// <returns>The lessons, best first.</returns>
    public async Task<IReadOnlyList<RetrievedLesson>> RetrieveAsync(string query, string? role = null, string? excludeTaskId = null, string? logDirectory = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        List<float[]> queryVectors = [await _bank.EmbedAsync(query, cancellationToken)];
        if (_options.SegmentQuery)
        {
            foreach (var part in QueryParts(query))
            {
                queryVectors.Add(await _bank.EmbedAsync(part, cancellationToken));
            }
        }

        var floor = _options.SimilarityFloor ?? _bank.DefaultSimilarityFloor;
        var candidates = _bank.ListLessons(role)
            .Where(l => excludeTaskId is null || l.Scope.Any(t => t != excludeTaskId))
            .Select(l => new RetrievedLesson { Lesson = l, Similarity = queryVectors.Max(q => VectorMath.Cosine(l.Embedding, q)) })
            .Where(r => r.Similarity >= floor)
            .ToList();
        // Evidence: a lesson backed by more validation gain, usually from more tasks, is likelier to carry over. Similarity
        // alone cannot tell a convention every related task needed from one a single task happened to need, and the
        // family benchmark showed it picking the rare ones (docs/memory.md). Weighting by gain / (gain + the candidates'
        // mean gain) gives a lesson of average evidence half weight and needs no scale of its own.
        var meanGain = candidates.Count == 0 ? 0 : candidates.Average(c => Math.Max(0, c.Lesson.Gain));
        foreach (var c in candidates)
        {
            var gain = Math.Max(0, c.Lesson.Gain);
            var evidence = meanGain > 0 ? gain / (gain + meanGain) : 1;
            c.Score = c.Similarity * c.Lesson.Record * evidence;
        }

        var picked = new List<RetrievedLesson>();
        var tokens = 0;
        var pool = candidates.OrderByDescending(c => c.Score).ThenBy(c => c.Lesson.Id).ToList();
        while (pool.Count > 0 && picked.Count < _options.TopK)
        {
            var next = pool
                .Select(c => (Candidate: c, Mmr: (_options.MmrLambda * c.Score) - ((1 - _options.MmrLambda) * (picked.Count == 0 ? 0 : picked.Max(p => VectorMath.Cosine(p.Lesson.Embedding, c.Lesson.Embedding))))))
                .OrderByDescending(p => p.Mmr)
                .ThenBy(p => p.Candidate.Lesson.Id)
                .First().Candidate;
            pool.Remove(next);
            if (tokens + next.Tokens > _options.TokenCap)
            {
                continue;
            }

            tokens += next.Tokens;
            picked.Add(next);
        }

        if (logDirectory is not null)
        {
            var entry = new MemoryRetrievalEntry
            {
                Time = DateTimeOffset.UtcNow,
                Role = role,
                TaskId = excludeTaskId,
                Considered = candidates.Count,
                Lessons = [.. picked.Select(p => p.Lesson.Id)],
                Texts = [.. picked.Select(p => p.Lesson.Text)],
                Similarities = [.. picked.Select(p => Math.Round(p.Similarity, 4))],
                Tokens = tokens,
                Floor = floor,
            };
            Directory.CreateDirectory(logDirectory);
            await File.AppendAllTextAsync(
                Path.Combine(logDirectory, LogFileName),
                JsonSerializer.Serialize(entry, MemoryJsonContext.Default.MemoryRetrievalEntry) + "\n",
                cancellationToken);
        }

        return picked;
    }

    /// <summary>Splits a query into the parts <see cref="RetrievalOptions.SegmentQuery"/> compares lessons with: its lines,
    /// sentences and list items (split at line breaks, <c>.</c>, <c>;</c>, <c>,</c>, <c>?</c> and <c>!</c>), trimmed, each
    /// holding at least two words, without repeats, in order; the whole query is never among them.</summary>
    /// <param name="query">The query.</param>
    /// <returns>The parts; none when the query has no separator.</returns>
    public static IReadOnlyList<string> QueryParts(string query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var whole = query.Trim();
        return [.. query.Split(['\n', '\r', '.', ';', ',', '?', '!'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Where(p => p.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length >= 2 && p != whole)
            .Distinct(StringComparer.Ordinal)];
    }

    /// <summary>The words that open the lessons section of a reflection prompt (<see cref="LessonPrompt.RemoveLessons"/> finds it by them).</summary>
    public const string PromptHeading = "Lessons from related tasks";

    /// <summary>Formats lessons for a reflection prompt, each with its id so the model can cite it.</summary>
    /// <param name="lessons">The lessons.</param>
    /// <returns>The section, or an empty string when there are none.</returns>
    public static string FormatForPrompt(IReadOnlyList<RetrievedLesson> lessons)
    {
        ArgumentNullException.ThrowIfNull(lessons);
        if (lessons.Count == 0)
        {
            return "";
        }

        var lines = lessons.Select(l => $"[L{l.Lesson.Id}] {l.Lesson.Text}");
        return PromptHeading + " (they may not apply here; trust the examples below over them). " +
               "If you use one, end your reply with a line 'Used lessons: L<id>, …'.\n" + string.Join('\n', lines);
    }
}
