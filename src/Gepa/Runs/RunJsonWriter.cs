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
        Doubles(w, "scores"u8, e.Scores);
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
        Object(w, "fingerprint"u8, m.Fingerprint, StringValue);
        Object(w, "host"u8, m.Host, StringValue);
        w.WriteEndObject();
    }

    /// <summary>Writes a JSON object of strings (<c>best_candidate.json</c>, a manifest's fingerprint).</summary>
    public static void Write(Utf8JsonWriter w, IEnumerable<KeyValuePair<string, string>> texts) => Object(w, texts, StringValue);

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
        Array(w, "stopConditions"u8, s.StopConditions, ElementOrNull);
        Object(w, "host"u8, s.Host, ElementValue);
        if (s.Extensions.Count > 0)
        {
            // Only when an extension is registered: a run without one writes the state it always wrote.
            Object(w, "extensions"u8, s.Extensions, ElementValue);
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
        Object(w, "texts"u8, r.Texts, StringValue);
        Ints(w, "minibatch"u8, r.Minibatch);
        Doubles(w, "parentScores"u8, r.ParentScores);
        Array(w, "childScores"u8, r.ChildScores, DoubleOrNull);

        Double(w, "parentSum"u8, r.ParentSum);
        Double(w, "childSum"u8, r.ChildSum);
        Double(w, "valScore"u8, r.ValScore);
        Scores(w, "valScores"u8, r.ValScores);
        w.WriteNumber("rollouts"u8, r.Rollouts);
        Object(w, "reflectiveRecords"u8, r.ReflectiveRecords, ElementValue);
        Object(w, "prompts"u8, r.Prompts, StringValue);
        Object(w, "rawReplies"u8, r.RawReplies, StringValue);
        w.WriteEndObject();
    }

    /// <summary>Writes a line of <c>pool.jsonl</c>.</summary>
    public static void Write(Utf8JsonWriter w, PoolRecord r)
    {
        w.WriteStartObject();
        w.WriteNumber("candidate"u8, r.Candidate);
        Array(w, "components"u8, r.Components, Strings);
        Ints(w, "parents"u8, r.Parents);
        Int(w, "discoveryEvalCount"u8, r.DiscoveryEvalCount);
        Scores(w, "valScores"u8, r.ValScores);
        ByCandidate(w, "valObjectives"u8, r.ValObjectives, Objectives);
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
        Object(w, "objectives"u8, e.Objectives, Double);
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
        Object(w, "settings"u8, c.Settings, StringValue);
        w.WriteNumber("iteration"u8, c.Iteration);
        w.WriteNumber("totalMetricCalls"u8, c.TotalMetricCalls);
        w.WriteNumber("numFullValEvals"u8, c.NumFullValEvals);
        Object(w, "counters"u8, c.Counters, static (w, v) => w.WriteNumberValue(v));
        w.WriteBoolean("lastIterationFoundNewProgram"u8, c.LastIterationFoundNewProgram);
        Strings(w, "failureCauses"u8, c.FailureCauses);
        Array(w, "mergedTriplets"u8, c.MergedTriplets, Ints);
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

    /// <summary>A JSON object of <paramref name="values"/>, each written by <paramref name="value"/>.</summary>
    private static void Object<T>(Utf8JsonWriter w, IEnumerable<KeyValuePair<string, T>> values, Action<Utf8JsonWriter, T> value)
    {
        w.WriteStartObject();
        foreach (var (k, v) in values)
        {
            w.WritePropertyName(k);
            value(w, v);
        }

        w.WriteEndObject();
    }

    /// <summary>A named JSON object, left out when <paramref name="values"/> is null.</summary>
    private static void Object<T>(Utf8JsonWriter w, ReadOnlySpan<byte> name, IEnumerable<KeyValuePair<string, T>>? values, Action<Utf8JsonWriter, T> value)
    {
        if (values is null)
        {
            return;
        }

        w.WritePropertyName(name);
        Object(w, values, value);
    }

    /// <summary>A named JSON object keyed by candidate or example id, left out when <paramref name="values"/> is
    /// null.</summary>
    private static void ByCandidate<T>(Utf8JsonWriter w, ReadOnlySpan<byte> name, Dictionary<int, T>? values, Action<Utf8JsonWriter, T> value)
    {
        if (values is null)
        {
            return;
        }

        w.WriteStartObject(name);
        Span<char> key = stackalloc char[11];
        foreach (var (id, v) in values)
        {
            id.TryFormat(key, out var written, provider: CultureInfo.InvariantCulture);
            w.WritePropertyName(key[..written]);
            value(w, v);
        }

        w.WriteEndObject();
    }

    /// <summary>A named JSON array, left out when <paramref name="values"/> is null.</summary>
    private static void Array<T>(Utf8JsonWriter w, ReadOnlySpan<byte> name, IEnumerable<T>? values, Action<Utf8JsonWriter, T> item)
    {
        if (values is null)
        {
            return;
        }

        w.WritePropertyName(name);
        Array(w, values, item);
    }

    private static void Array<T>(Utf8JsonWriter w, IEnumerable<T> values, Action<Utf8JsonWriter, T> item)
    {
        w.WriteStartArray();
        foreach (var v in values)
        {
            item(w, v);
        }

        w.WriteEndArray();
    }

    private static void Scores(Utf8JsonWriter w, ReadOnlySpan<byte> name, Dictionary<int, double>? scores) => ByCandidate(w, name, scores, Double);

    private static void Objectives(Utf8JsonWriter w, Dictionary<string, double> objectives) => Object(w, objectives, Double);

    private static void Ints(Utf8JsonWriter w, ReadOnlySpan<byte> name, IEnumerable<int>? values) => Array(w, name, values, static (w, v) => w.WriteNumberValue(v));

    private static void Ints(Utf8JsonWriter w, IEnumerable<int> values) => Array(w, values, static (w, v) => w.WriteNumberValue(v));

    private static void Doubles(Utf8JsonWriter w, ReadOnlySpan<byte> name, IEnumerable<double>? values) => Array(w, name, values, Double);

    private static void Strings(Utf8JsonWriter w, ReadOnlySpan<byte> name, IEnumerable<string>? values) => Array(w, name, values, StringValue);

    private static void Strings(Utf8JsonWriter w, IEnumerable<string> values) => Array(w, values, StringValue);

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

    private static void ElementValue(Utf8JsonWriter w, JsonElement value) => value.WriteTo(w);

    private static void ElementOrNull(Utf8JsonWriter w, JsonElement? value)
    {
        if (value is { } element)
        {
            element.WriteTo(w);
        }
        else
        {
            w.WriteNullValue();
        }
    }

    private static void StringValue(Utf8JsonWriter w, string value) => w.WriteStringValue(value);

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

    private static void DoubleOrNull(Utf8JsonWriter w, double? value)
    {
        if (value is { } v)
        {
            Double(w, v);
        }
        else
        {
            w.WriteNullValue();
        }
    }

    private static void TimeSpan(Utf8JsonWriter w, ReadOnlySpan<byte> name, TimeSpan value) =>
        w.WriteString(name, value.ToString("c", CultureInfo.InvariantCulture));
}
