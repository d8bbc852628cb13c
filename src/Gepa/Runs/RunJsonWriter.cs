using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace Gepa;

/// <summary>Writes the files of a run directory with <see cref="Utf8JsonWriter"/> directly, byte for byte as
/// <see cref="RunJsonContext"/> serializes them (camel case, nulls left out, NaN and infinities as strings).</summary>
/// <remarks>Why by hand: the serializer builds its metadata for a type's whole graph on first use, and in a process of a
/// few seconds JIT-compiling that metadata (generic property infos and converters over every value type the files use)
/// cost more CPU than every write of the run (measured: 915 of the 1,725 methods a run directory added to a
/// <c>gepa optimize</c> process, docs/benchmarks.md). Reading back (resume, reports) still uses the context. Tests check
/// that each writer matches the context's output and knows every property the context knows.</remarks>
internal static class RunJsonWriter
{
    private static readonly JsonWriterOptions Compact = new() { SkipValidation = true };
    private static readonly JsonWriterOptions IndentedOptions = new() { Indented = true, SkipValidation = true };

    /// <summary>Serializes <paramref name="value"/> with <paramref name="write"/> to a new array.</summary>
    /// <typeparam name="T">The document type.</typeparam>
    /// <param name="value">The document.</param>
    /// <param name="write">One of this class's writers.</param>
    /// <param name="indented">Whether indented (the human-facing files) or compact (state and journals).</param>
    /// <returns>The UTF-8 JSON.</returns>
    public static byte[] ToUtf8Bytes<T>(T value, Action<Utf8JsonWriter, T> write, bool indented)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer, indented ? IndentedOptions : Compact))
        {
            write(writer, value);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Writes an event line of <c>events.jsonl</c>.</summary>
    public static void Write(Utf8JsonWriter w, RunEvent e)
    {
        w.WriteStartObject();
        w.WriteString("time"u8, e.Time);
        w.WriteNumber("session"u8, e.Session);
        w.WriteString("event"u8, e.Event);
        Int(w, "iteration"u8, e.Iteration);
        Int(w, "proposal"u8, e.Proposal);
        Int(w, "candidate"u8, e.Candidate);
        Ints(w, "parents"u8, e.Parents);
        Double(w, "score"u8, e.Score);
        Int(w, "rollouts"u8, e.Rollouts);
        Int(w, "delta"u8, e.Delta);
        Int(w, "budget"u8, e.Budget);
        if (e.Accepted is { } accepted)
        {
            w.WriteBoolean("accepted"u8, accepted);
        }

        String(w, "reason"u8, e.Reason);
        String(w, "message"u8, e.Message);
        Strings(w, "components"u8, e.Components);
        Ints(w, "examples"u8, e.Examples);
        if (e.Scores is { } scores)
        {
            w.WriteStartArray("scores"u8);
            foreach (var s in scores)
            {
                Double(w, s);
            }

            w.WriteEndArray();
        }

        Ints(w, "front"u8, e.Front);
        w.WriteEndObject();
    }

    /// <summary>Writes <c>summary.json</c>.</summary>
    public static void Write(Utf8JsonWriter w, RunSummary s)
    {
        w.WriteStartObject();
        w.WriteNumber("formatVersion"u8, s.FormatVersion);
        w.WriteString("status"u8, s.Status);
        w.WriteBoolean("resumable"u8, s.Resumable);
        String(w, "resumeCommand"u8, s.ResumeCommand);
        String(w, "stopReason"u8, s.StopReason);
        String(w, "message"u8, s.Message);
        w.WriteNumber("session"u8, s.Session);
        w.WriteNumber("iterations"u8, s.Iterations);
        w.WriteNumber("rollouts"u8, s.Rollouts);
        Int(w, "budget"u8, s.Budget);
        w.WriteNumber("candidates"u8, s.Candidates);
        w.WriteNumber("bestCandidate"u8, s.BestCandidate);
        Double(w, "bestScore"u8, s.BestScore);
        Double(w, "seedScore"u8, s.SeedScore);
        w.WriteNumber("proposalsTried"u8, s.ProposalsTried);
        w.WriteNumber("proposalsAccepted"u8, s.ProposalsAccepted);
        w.WriteNumber("failedProposals"u8, s.FailedProposals);
        Double(w, "testScore"u8, s.TestScore);
        Int(w, "testExamples"u8, s.TestExamples);
        Int(w, "testCandidate"u8, s.TestCandidate);
        String(w, "testNote"u8, s.TestNote);
        TimeSpan(w, "elapsed"u8, s.Elapsed);
        w.WriteString("updatedAt"u8, s.UpdatedAt);
        w.WriteEndObject();
    }

    /// <summary>Writes <c>run.json</c>.</summary>
    public static void Write(Utf8JsonWriter w, RunManifest m)
    {
        w.WriteStartObject();
        w.WriteNumber("formatVersion"u8, m.FormatVersion);
        w.WriteString("createdAt"u8, m.CreatedAt);
        w.WriteString("producer"u8, m.Producer);
        w.WriteString("fingerprintHash"u8, m.FingerprintHash);
        w.WritePropertyName("fingerprint"u8);
        Write(w, m.Fingerprint);
        w.WritePropertyName("host"u8);
        Write(w, m.Host);
        w.WriteEndObject();
    }

    /// <summary>Writes a JSON object of strings (<c>best_candidate.json</c>, a manifest's fingerprint).</summary>
    public static void Write(Utf8JsonWriter w, IEnumerable<KeyValuePair<string, string>> texts)
    {
        w.WriteStartObject();
        foreach (var (k, v) in texts)
        {
            w.WriteString(k, v);
        }

        w.WriteEndObject();
    }

    /// <summary>Writes <c>state.json</c>: the state with the checkpoint's journaled parts left out (the candidates, the
    /// evaluation cache, the random state, and the adaptive policy's observed training scores, held by the journals and the
    /// state's own fields).</summary>
    public static void Write(Utf8JsonWriter w, RunState s)
    {
        w.WriteStartObject();
        w.WriteNumber("formatVersion"u8, s.FormatVersion);
        w.WriteString("savedAt"u8, s.SavedAt);
        w.WriteNumber("session"u8, s.Session);
        w.WriteNumber("candidatesLength"u8, s.CandidatesLength);
        w.WriteNumber("recordCount"u8, s.RecordCount);
        Mark(w, "pool"u8, s.Pool);
        Mark(w, "cache"u8, s.Cache);
        Mark(w, "observed"u8, s.Observed);
        Ints(w, "roundRobinPointers"u8, s.RoundRobinPointers);
        String(w, "randomState"u8, s.RandomState);
        Int(w, "maxMetricCalls"u8, s.MaxMetricCalls);
        w.WritePropertyName("checkpoint"u8);
        WriteSliced(w, s.Checkpoint);
        w.WriteStartArray("stopConditions"u8);
        foreach (var c in s.StopConditions)
        {
            if (c is { } element)
            {
                element.WriteTo(w);
            }
            else
            {
                w.WriteNullValue();
            }
        }

        w.WriteEndArray();
        w.WritePropertyName("host"u8);
        Write(w, s.Host);
        if (s.Extensions.Count > 0)
        {
            // Only when an extension is registered: a run without one writes the state it always wrote.
            w.WritePropertyName("extensions"u8);
            Write(w, s.Extensions);
        }

        w.WriteEndObject();
    }

    /// <summary>Writes a line of <c>candidates.jsonl</c>.</summary>
    public static void Write(Utf8JsonWriter w, ProposalRecord r)
    {
        w.WriteStartObject();
        w.WriteNumber("id"u8, r.Id);
        w.WriteString("kind"u8, r.Kind);
        w.WriteNumber("iteration"u8, r.Iteration);
        Int(w, "proposal"u8, r.Proposal);
        w.WriteString("decision"u8, r.Decision);
        String(w, "reason"u8, r.Reason);
        Ints(w, "parents"u8, r.Parents);
        Int(w, "ancestor"u8, r.Ancestor);
        Int(w, "candidateIndex"u8, r.CandidateIndex);
        Strings(w, "components"u8, r.Components);
        w.WritePropertyName("texts"u8);
        Write(w, r.Texts);
        Ints(w, "minibatch"u8, r.Minibatch);
        Doubles(w, "parentScores"u8, r.ParentScores);
        if (r.ChildScores is { } child)
        {
            w.WriteStartArray("childScores"u8);
            foreach (var s in child)
            {
                if (s is { } d)
                {
                    Double(w, d);
                }
                else
                {
                    w.WriteNullValue();
                }
            }

            w.WriteEndArray();
        }

        Double(w, "parentSum"u8, r.ParentSum);
        Double(w, "childSum"u8, r.ChildSum);
        Double(w, "valScore"u8, r.ValScore);
        Scores(w, "valScores"u8, r.ValScores);
        w.WriteNumber("rollouts"u8, r.Rollouts);
        if (r.ReflectiveRecords is { } records)
        {
            w.WritePropertyName("reflectiveRecords"u8);
            Write(w, records);
        }

        if (r.Prompts is { } prompts)
        {
            w.WritePropertyName("prompts"u8);
            Write(w, prompts);
        }

        if (r.RawReplies is { } replies)
        {
            w.WritePropertyName("rawReplies"u8);
            Write(w, replies);
        }

        w.WriteEndObject();
    }

    /// <summary>Writes a line of <c>pool.jsonl</c>.</summary>
    public static void Write(Utf8JsonWriter w, PoolRecord r)
    {
        w.WriteStartObject();
        w.WriteNumber("candidate"u8, r.Candidate);
        if (r.Components is { } components)
        {
            Components(w, components);
        }

        Ints(w, "parents"u8, r.Parents);
        Int(w, "discoveryEvalCount"u8, r.DiscoveryEvalCount);
        Scores(w, "valScores"u8, r.ValScores);
        Objectives(w, "valObjectives"u8, r.ValObjectives);
        w.WriteEndObject();
    }

    /// <summary>Writes a line of <c>observed.jsonl</c>.</summary>
    public static void Write(Utf8JsonWriter w, ObservedScoresRecord r)
    {
        w.WriteStartObject();
        w.WriteNumber("candidate"u8, r.Candidate);
        Scores(w, "scores"u8, r.Scores);
        w.WriteEndObject();
    }

    /// <summary>Writes a line of <c>cache.jsonl</c>.</summary>
    public static void Write(Utf8JsonWriter w, CheckpointCacheEntry e)
    {
        w.WriteStartObject();
        w.WriteString("hash"u8, e.Hash);
        w.WriteString("split"u8, e.Split);
        w.WriteNumber("id"u8, e.Id);
        Double(w, "score"u8, e.Score);
        if (e.Objectives is { } objectives)
        {
            w.WritePropertyName("objectives"u8);
            Write(w, objectives);
        }

        Element(w, "output"u8, e.Output);
        Element(w, "trace"u8, e.Trace);
        w.WriteEndObject();
    }

    /// <summary>Writes <c>pareto_front.json</c>.</summary>
    public static void Write(Utf8JsonWriter w, ParetoFrontDocument d)
    {
        w.WriteStartObject();
        w.WriteNumber("formatVersion"u8, d.FormatVersion);
        Ints(w, "members"u8, d.Members);
        w.WriteNumber("bestCandidate"u8, d.BestCandidate);
        w.WriteStartArray("examples"u8);
        foreach (var e in d.Examples)
        {
            w.WriteStartObject();
            w.WriteNumber("example"u8, e.Example);
            Double(w, "bestScore"u8, e.BestScore);
            Ints(w, "candidates"u8, e.Candidates);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>Writes <c>examples.json</c>.</summary>
    public static void Write(Utf8JsonWriter w, ExamplesDocument d)
    {
        w.WriteStartObject();
        w.WriteNumber("formatVersion"u8, d.FormatVersion);
        w.WriteNumber("maxTextLength"u8, d.MaxTextLength);
        w.WriteNumber("seed"u8, d.Seed);
        w.WriteNumber("best"u8, d.Best);
        w.WriteStartArray("candidates"u8);
        foreach (var c in d.Candidates)
        {
            w.WriteStartObject();
            w.WriteNumber("candidate"u8, c.Candidate);
            w.WriteStartArray("examples"u8);
            foreach (var e in c.Examples)
            {
                w.WriteStartObject();
                w.WriteNumber("example"u8, e.Example);
                String(w, "id"u8, e.Id);
                w.WriteString("input"u8, e.Input);
                String(w, "expected"u8, e.Expected);
                String(w, "output"u8, e.Output);
                String(w, "feedback"u8, e.Feedback);
                Double(w, "score"u8, e.Score);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>The checkpoint without what the journals and the state's own fields hold.</summary>
    private static void WriteSliced(Utf8JsonWriter w, GepaCheckpoint c)
    {
        w.WriteStartObject();
        w.WriteNumber("formatVersion"u8, c.FormatVersion);
        w.WritePropertyName("settings"u8);
        Write(w, c.Settings);
        w.WriteNumber("iteration"u8, c.Iteration);
        w.WriteNumber("totalMetricCalls"u8, c.TotalMetricCalls);
        w.WriteNumber("numFullValEvals"u8, c.NumFullValEvals);
        w.WriteStartObject("counters"u8);
        foreach (var (k, v) in c.Counters)
        {
            w.WriteNumber(k, v);
        }

        w.WriteEndObject();
        w.WriteBoolean("lastIterationFoundNewProgram"u8, c.LastIterationFoundNewProgram);
        Strings(w, "failureCauses"u8, c.FailureCauses);
        w.WriteStartArray("mergedTriplets"u8);
        foreach (var t in c.MergedTriplets)
        {
            Ints(w, t);
        }

        w.WriteEndArray();
        Strings(w, "mergedDescendants"u8, c.MergedDescendants);
        Ints(w, "samplerOrder"u8, c.SamplerOrder);
        w.WriteNumber("samplerEpoch"u8, c.SamplerEpoch);
        w.WriteNumber("samplerLastSize"u8, c.SamplerLastSize);
        TimeSpan(w, "elapsed"u8, c.Elapsed);
        w.WriteStartObject("policyState"u8);
        foreach (var (k, v) in c.PolicyState)
        {
            w.WritePropertyName(k);
            if (k == AdaptiveState.CheckpointKey && v.ValueKind == JsonValueKind.Object)
            {
                WithoutTrainScores(w, v);
            }
            else
            {
                v.WriteTo(w);
            }
        }

        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary>The adaptive policy's state with its observed scores emptied (<c>observed.jsonl</c> holds them).</summary>
    private static void WithoutTrainScores(Utf8JsonWriter w, JsonElement adaptive)
    {
        w.WriteStartObject();
        foreach (var property in adaptive.EnumerateObject())
        {
            if (property.NameEquals(CheckpointJournal.TrainScoresProperty))
            {
                w.WriteStartObject(CheckpointJournal.TrainScoresProperty);
                w.WriteEndObject();
            }
            else
            {
                property.WriteTo(w);
            }
        }

        w.WriteEndObject();
    }

    private static void Components(Utf8JsonWriter w, List<string[]> components)
    {
        w.WriteStartArray("components"u8);
        foreach (var pair in components)
        {
            w.WriteStartArray();
            foreach (var s in pair)
            {
                w.WriteStringValue(s);
            }

            w.WriteEndArray();
        }

        w.WriteEndArray();
    }

    private static void Write(Utf8JsonWriter w, Dictionary<string, JsonElement> values)
    {
        w.WriteStartObject();
        foreach (var (k, v) in values)
        {
            w.WritePropertyName(k);
            v.WriteTo(w);
        }

        w.WriteEndObject();
    }

    private static void Write(Utf8JsonWriter w, Dictionary<string, double> values)
    {
        w.WriteStartObject();
        foreach (var (k, v) in values)
        {
            w.WritePropertyName(k);
            Double(w, v);
        }

        w.WriteEndObject();
    }

    private static void Objectives(Utf8JsonWriter w, ReadOnlySpan<byte> name, Dictionary<int, Dictionary<string, double>>? objectives)
    {
        if (objectives is null)
        {
            return;
        }

        w.WriteStartObject(name);
        foreach (var (id, perObjective) in objectives)
        {
            w.WritePropertyName(Key(id));
            Write(w, perObjective);
        }

        w.WriteEndObject();
    }

    private static void Scores(Utf8JsonWriter w, ReadOnlySpan<byte> name, Dictionary<int, double>? scores)
    {
        if (scores is null)
        {
            return;
        }

        w.WriteStartObject(name);
        Span<char> key = stackalloc char[11];
        foreach (var (id, score) in scores)
        {
            id.TryFormat(key, out var written, provider: CultureInfo.InvariantCulture);
            w.WritePropertyName(key[..written]);
            Double(w, score);
        }

        w.WriteEndObject();
    }

    private static string Key(int id) => id.ToString(CultureInfo.InvariantCulture);

    private static void Mark(Utf8JsonWriter w, ReadOnlySpan<byte> name, JournalMark? mark)
    {
        if (mark is null)
        {
            return;
        }

        w.WriteStartObject(name);
        w.WriteNumber("length"u8, mark.Length);
        w.WriteNumber("lines"u8, mark.Lines);
        w.WriteEndObject();
    }

    private static void Element(Utf8JsonWriter w, ReadOnlySpan<byte> name, JsonElement? value)
    {
        if (value is { } element)
        {
            w.WritePropertyName(name);
            element.WriteTo(w);
        }
    }

    private static void Int(Utf8JsonWriter w, ReadOnlySpan<byte> name, int? value)
    {
        if (value is { } v)
        {
            w.WriteNumber(name, v);
        }
    }

    private static void String(Utf8JsonWriter w, ReadOnlySpan<byte> name, string? value)
    {
        if (value is not null)
        {
            w.WriteString(name, value);
        }
    }

    private static void Double(Utf8JsonWriter w, ReadOnlySpan<byte> name, double? value)
    {
        if (value is { } v)
        {
            w.WritePropertyName(name);
            Double(w, v);
        }
    }

    /// <summary>A number as the context writes it: NaN and the infinities, which JSON has no number for, as strings.</summary>
    private static void Double(Utf8JsonWriter w, double value)
    {
        if (double.IsFinite(value))
        {
            w.WriteNumberValue(value);
        }
        else
        {
            w.WriteStringValue(double.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity");
        }
    }

    private static void TimeSpan(Utf8JsonWriter w, ReadOnlySpan<byte> name, TimeSpan value) =>
        w.WriteString(name, value.ToString("c", CultureInfo.InvariantCulture));

    private static void Ints(Utf8JsonWriter w, ReadOnlySpan<byte> name, IEnumerable<int>? values)
    {
        if (values is null)
        {
            return;
        }

        w.WritePropertyName(name);
        Ints(w, values);
    }

    private static void Ints(Utf8JsonWriter w, IEnumerable<int> values)
    {
        w.WriteStartArray();
        foreach (var v in values)
        {
            w.WriteNumberValue(v);
        }

        w.WriteEndArray();
    }

    private static void Doubles(Utf8JsonWriter w, ReadOnlySpan<byte> name, List<double>? values)
    {
        if (values is null)
        {
            return;
        }

        w.WriteStartArray(name);
        foreach (var v in values)
        {
            Double(w, v);
        }

        w.WriteEndArray();
    }

    private static void Strings(Utf8JsonWriter w, ReadOnlySpan<byte> name, IEnumerable<string>? values)
    {
        if (values is null)
        {
            return;
        }

        w.WriteStartArray(name);
        foreach (var v in values)
        {
            w.WriteStringValue(v);
        }

        w.WriteEndArray();
    }
}
