using System.Text.Json;

namespace Gepa;

/// <summary>Feeds a finished run directory into a memory bank: the task's profile, every proposal as an edit, the best
/// candidate, and lessons made without a model: the lines added by accepted edits on the best candidate's lineage that
/// survive into it, weighted by the validation gain those edits brought. A line whose edits brought no gain has no
/// evidence and is dropped.</summary>
public static class RunDirectoryIngestor
{
    /// <summary>Ingests <paramref name="runDirectory"/> for task <paramref name="taskId"/>; a run ingested before adds
    /// nothing. Everything is embedded first and then stored in one transaction: the profile, the edits, the best
    /// candidate, the cited lessons' counters and the new lessons, or, when anything fails (an embedding call, the disk),
    /// nothing.</summary>
    /// <param name="bank">The bank.</param>
    /// <param name="runDirectory">A run directory (docs/run-directory.md).</param>
    /// <param name="taskId">The task the run optimized.</param>
    /// <param name="objective">What the task asks, for its profile (may be empty).</param>
    /// <param name="cancellationToken">Cancels the embeddings.</param>
    /// <returns>What was added.</returns>
    /// <exception cref="MemoryBankException">The directory holds no run, no seed record, or no saved state with the seed's texts.</exception>
    public static async Task<MemoryIngestResult> IngestAsync(MemoryBank bank, string runDirectory, string taskId, string objective = "", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(bank);
        ArgumentException.ThrowIfNullOrWhiteSpace(runDirectory);
        ArgumentException.ThrowIfNullOrWhiteSpace(taskId);
        var full = Path.GetFullPath(runDirectory);
        if (!GepaRunDirectory.Exists(full))
        {
            throw new MemoryBankException($"{full} is not a run directory (it has no {GepaRunDirectory.ManifestFileName}).") { FilePath = full };
        }

        var runId = taskId + "/" + Path.GetFileName(full.TrimEnd(Path.DirectorySeparatorChar));
        var result = new MemoryIngestResult { RunId = runId };
        if (bank.HasRun(runId))
        {
            result.AlreadyIngested = true;
            return result;
        }

        var records = GepaRunDirectory.ReadProposals(full);
        var seed = records.FirstOrDefault(r => r.Kind == ProposalRecord.SeedKind)
            ?? throw new MemoryBankException($"{Path.Combine(full, GepaRunDirectory.CandidatesFileName)} has no seed record; there is nothing to learn from.") { FilePath = full };
        var summary = GepaRunDirectory.ReadSummary(full);
        var seedTexts = SeedTexts(full, seed);

        // Rebuild every pool member's full texts and validation score from the journal.
        var pool = new Dictionary<int, Dictionary<string, string>> { [seed.CandidateIndex ?? 0] = seedTexts };
        var valScore = new Dictionary<int, double>();
        if (seed.ValScore is { } seedScore)
        {
            valScore[seed.CandidateIndex ?? 0] = seedScore;
        }

        var parentOf = new Dictionary<int, List<int>>();
        var introducedBy = new Dictionary<int, ProposalRecord>();
        foreach (var record in records.Where(r => r.Kind != ProposalRecord.SeedKind && r.Decision == ProposalRecord.Accepted && r.CandidateIndex is not null))
        {
            var index = record.CandidateIndex!.Value;
            var texts = record.Parents.Count > 0 && pool.TryGetValue(record.Parents[0], out var parent)
                ? new Dictionary<string, string>(parent, StringComparer.Ordinal)
                : new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (name, text) in record.Texts)
            {
                texts[name] = text;
            }

            pool[index] = texts;
            parentOf[index] = record.Parents;
            introducedBy[index] = record;
            if (record.ValScore is { } v)
            {
                valScore[index] = v;
            }
        }

        var bestIndex = summary?.BestCandidate ?? valScore.OrderByDescending(p => p.Value).ThenBy(p => p.Key).Select(p => p.Key).FirstOrDefault();
        var best = pool.GetValueOrDefault(bestIndex) ?? pool[seed.CandidateIndex ?? 0];
        var lineage = Lineage(bestIndex, parentOf);

        // Everything is computed first, the embeddings included (a remote embedder may fail or be slow), and then stored in
        // one transaction: a failure at any point leaves the bank as it was, and ingesting again starts from scratch.
        var profile = bank.PrepareTaskProfile(new TaskProfile { Id = taskId, Objective = objective, SeedTexts = new(seedTexts, StringComparer.Ordinal), SampleInputs = ReadSampleInputs(full) });
        profile.Embedding = await bank.EmbedUnrecordedAsync(profile.DescribeForEmbedding(), cancellationToken);

        var planned = new List<(EditRecord Edit, List<Lesson> Lessons)>();
        foreach (var record in records.Where(r => r.Kind != ProposalRecord.SeedKind))
        {
            var parentIndex = record.Parents.Count > 0 ? record.Parents[0] : 0;
            var parentTexts = pool.GetValueOrDefault(parentIndex) ?? [];
            double? delta = record.Decision == ProposalRecord.Accepted && record.ValScore is { } child && valScore.TryGetValue(parentIndex, out var before)
                ? child - before
                : null;
            foreach (var component in record.Components.Count > 0 ? record.Components : [.. record.Texts.Keys])
            {
                var oldText = parentTexts.GetValueOrDefault(component) ?? "";
                var newText = record.Texts.GetValueOrDefault(component) ?? "";
                var edit = new EditRecord
                {
                    TaskId = taskId,
                    RunId = runId,
                    Iteration = record.Iteration,
                    Kind = record.Kind,
                    Component = component,
                    Parent = parentIndex,
                    Child = record.CandidateIndex,
                    Diff = LineDiff.Format(oldText, newText),
                    ScoreBefore = record.ParentSum,
                    ScoreAfter = record.ChildSum,
                    Accepted = record.Decision == ProposalRecord.Accepted,
                    ValDelta = delta,
                    Feedback = FeedbackOf(record, component),
                };
                var lessons = new List<Lesson>();
                planned.Add((edit, lessons));
                if (!edit.Accepted || record.CandidateIndex is not { } idx || !lineage.Contains(idx) || delta is not > 0)
                {
                    continue;
                }

                // A line the seed already had is where the task started, not something this run learned (a parent that had
                // dropped it and a child that restored it would otherwise make it a lesson).
                var bestLines = new HashSet<string>(LineDiff.Lines(best.GetValueOrDefault(component) ?? ""), StringComparer.Ordinal);
                var seedLines = new HashSet<string>(LineDiff.Lines(seedTexts.GetValueOrDefault(component) ?? ""), StringComparer.Ordinal);
                foreach (var line in LineDiff.Compare(oldText, newText).Added.Where(l => bestLines.Contains(l) && !seedLines.Contains(l)))
                {
                    if (line.Length < MemoryConstants.MinLessonLength || line.StartsWith("```", StringComparison.Ordinal))
                    {
                        continue;
                    }

                    // Its evidence, the edit's id, is known once the edit is stored.
                    lessons.Add(new Lesson { Text = line, Role = component, Scope = [taskId], Gain = delta.Value });
                }
            }
        }

        var vectors = new Dictionary<string, float[]>(StringComparer.Ordinal);
        foreach (var lesson in planned.SelectMany(p => p.Lessons))
        {
            if (bank.LessonText(lesson) is { } text && !vectors.ContainsKey(text))
            {
                vectors[text] = await bank.EmbedUnrecordedAsync(text, cancellationToken);
            }
        }

        bank.InTransaction(() =>
        {
            bank.StoreTaskProfile(profile);
            foreach (var (edit, lessons) in planned)
            {
                bank.AddEdit(edit);
                result.Edits++;
                foreach (var lesson in lessons)
                {
                    lesson.Evidence = [edit.Id];
                }
            }

            bank.SaveBestCandidate(new BestCandidateRecord
            {
                TaskId = taskId,
                RunId = runId,
                Components = best,
                ValScore = valScore.GetValueOrDefault(bestIndex, summary?.BestScore ?? 0),
                TestScore = summary?.TestScore,
                Rollouts = summary?.Rollouts ?? records.Max(r => r.Rollouts),
            });
            result.BestCandidate = true;
            bank.AddRun(runId, taskId, full);

            // Credit the lessons a reflection cited (M1): accepted children make them helpful, rejected ones harmful.
            foreach (var record in records.Where(r => r.Kind == ProposalRecord.MutationKind && r.RawReplies is not null && r.Decision is ProposalRecord.Accepted or ProposalRecord.Rejected))
            {
                var cited = record.RawReplies!.Values.SelectMany(LessonPrompt.ParseCitations).Distinct().ToList();
                if (cited.Count > 0)
                {
                    bank.RecordOutcome(cited, record.Decision == ProposalRecord.Accepted);
                    result.CitedLessons += cited.Count;
                }
            }

            foreach (var lesson in planned.SelectMany(p => p.Lessons))
            {
                if (bank.LessonText(lesson) is { } text && bank.AddLesson(lesson, vectors[text]) is { } id && !result.Lessons.Contains(id))
                {
                    result.Lessons.Add(id);
                }
            }
        });

        return result;
    }

    /// <summary>The seed's texts: the engine's journal records the seed without its texts (a seed is not a proposal), so
    /// they come from the saved checkpoint, whose candidate list holds every pool member in full. Without them the
    /// first edit would diff against nothing and every line of the user's seed would become a "lesson".</summary>
    private static Dictionary<string, string> SeedTexts(string directory, ProposalRecord seed)
    {
        if (seed.Texts.Count > 0)
        {
            return new(seed.Texts, StringComparer.Ordinal);
        }

        RunState? state;
        try
        {
            state = GepaRunDirectory.ReadState(directory);
        }
        catch (GepaRunDirectoryException e)
        {
            throw new MemoryBankException($"{Path.Combine(directory, GepaRunDirectory.StateFileName)} cannot be read, so the seed's texts are unknown and nothing can be learned: {e.Message}", e) { FilePath = directory };
        }

        var index = seed.CandidateIndex ?? 0;
        if (state is null || index < 0 || index >= state.Checkpoint.Candidates.Count)
        {
            throw new MemoryBankException($"{directory} has no saved state holding the seed's texts ({GepaRunDirectory.StateFileName}); without them the seed's own lines would be taken for lessons, so nothing is learned.") { FilePath = directory };
        }

        return state.Checkpoint.Candidates[index].Components
            .Where(c => c.Length == 2)
            .ToDictionary(c => c[0], c => c[1], StringComparer.Ordinal);
    }

    private static HashSet<int> Lineage(int best, Dictionary<int, List<int>> parentOf)
    {
        var seen = new HashSet<int>();
        var stack = new Stack<int>([best]);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            if (!seen.Add(node))
            {
                continue;
            }

            foreach (var parent in parentOf.GetValueOrDefault(node) ?? [])
            {
                stack.Push(parent);
            }
        }

        return seen;
    }

    private static string FeedbackOf(ProposalRecord record, string component)
    {
        if (record.ReflectiveRecords?.TryGetValue(component, out var element) != true)
        {
            return record.Reason ?? "";
        }

        var feedback = new List<string>();
        Collect(element, feedback);
        return feedback.Count > 0 ? string.Join(" | ", feedback.Distinct()) : record.Reason ?? "";
    }

    private static void Collect(JsonElement element, List<string> feedback)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    Collect(item, feedback);
                }

                break;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (property.Name.Equals("Feedback", StringComparison.OrdinalIgnoreCase) && property.Value.ValueKind == JsonValueKind.String)
                    {
                        feedback.Add(property.Value.GetString()!);
                    }
                    else
                    {
                        Collect(property.Value, feedback);
                    }
                }

                break;
        }
    }

    private static List<string> ReadSampleInputs(string directory)
    {
        var file = Path.Combine(directory, GepaRunDirectory.ExamplesFileName);
        try
        {
            if (!File.Exists(file))
            {
                return [];
            }

            using var document = JsonDocument.Parse(File.ReadAllBytes(file));
            var inputs = new List<string>();
            foreach (var candidate in document.RootElement.GetProperty("candidates").EnumerateArray())
            {
                foreach (var example in candidate.GetProperty("examples").EnumerateArray())
                {
                    if (example.TryGetProperty("input", out var input) && input.ValueKind == JsonValueKind.String)
                    {
                        inputs.Add(input.GetString()!);
                    }
                }

                break;
            }

            return [.. inputs.Take(MemoryConstants.MaxSampleInputs)];
        }
        catch (Exception e) when (e is JsonException or IOException or KeyNotFoundException or InvalidOperationException)
        {
            return [];
        }
    }
}
