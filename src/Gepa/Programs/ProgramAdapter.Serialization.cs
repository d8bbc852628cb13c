using System.Text.Json;
using Gepa.Programs;
using Microsoft.Extensions.AI;

namespace Gepa;

/// <content>Checkpoint serialization: a resumed run finds its cached minibatch evaluations with their traces.</content>
public sealed partial class ProgramAdapter<TExample, TOutput> : IEvaluationSerializer
{
    private static readonly JsonSerializerOptions s_json = StepOutputParser.Options;

    /// <summary>Writes an output (as <typeparamref name="TOutput"/>'s JSON) or a trace (a <see cref="ProgramTrajectory"/>:
    /// its step calls, events, score, feedback and failure) as JSON.</summary>
    /// <param name="value">An output or trace this adapter produced.</param>
    /// <returns>Its JSON form; <c>null</c> for a value of another type, or one that does not serialize.</returns>
    /// <remarks>Event payloads and structured step outputs come back as <see cref="JsonElement"/>; an exception other
    /// than a parse failure comes back with its type name and message only.</remarks>
    public JsonElement Serialize(object? value) => value switch
    {
        ProgramTrajectory t => JsonSerializer.SerializeToElement(ToData(t), s_json),
        TOutput output => TryElement(output) ?? Null,
        _ => Null,
    };

    /// <summary>Reads back an output or a trace written by <see cref="Serialize"/>.</summary>
    /// <param name="json">The JSON form.</param>
    /// <param name="isTrace">Whether it is a trace.</param>
    /// <returns>The <typeparamref name="TOutput"/> or <see cref="ProgramTrajectory"/>, or <see langword="null"/>.</returns>
    public object? Deserialize(JsonElement json, bool isTrace)
    {
        if (json.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            return null;
        }

        return isTrace
            ? json.Deserialize<ProgramTrajectoryData>(s_json) is { } data ? FromData(data) : null
            : json.Deserialize<TOutput>(s_json);
    }

    private static JsonElement Null => JsonSerializer.SerializeToElement<object?>(null, s_json);

    private static JsonElement? TryElement(object? value)
    {
        if (value is null)
        {
            return null;
        }

        try
        {
            return JsonSerializer.SerializeToElement(value, value.GetType(), s_json);
        }
        catch (Exception ex) when (ex is NotSupportedException or JsonException or InvalidOperationException)
        {
            // A payload or output that JSON cannot carry is left out: reflection reads the rendered fields, not this.
            return null;
        }
    }

    private static ProgramTrajectoryData ToData(ProgramTrajectory t) => new()
    {
        Entries = [.. t.Trace.Entries.Select(e => e switch
        {
            StepCall c => new TraceEntryData
            {
                Step = c.Step,
                Instruction = c.Instruction,
                Inputs = [.. c.Inputs.Select(kv => new[] { kv.Key, kv.Value })],
                RawText = c.RawText,
                OutputText = c.Output as string,
                OutputJson = c.Output is null or string ? null : TryElement(c.Output),
                Error = c.Error is { } err ? ToData(err) : null,
                InputTokens = c.Usage?.InputTokenCount,
                OutputTokens = c.Usage?.OutputTokenCount,
                ElapsedTicks = c.Elapsed.Ticks,
            },
            TraceEvent ev => new TraceEntryData { EventKind = ev.Kind, Payload = TryElement(ev.Payload) },
            _ => throw new InvalidOperationException($"Unknown trace entry {e.GetType().Name}."),
        })],
        Output = TryElement(t.Output),
        Score = t.Score is { } s ? new ProgramScoreData
        {
            Score = s.Score,
            Feedback = s.Feedback,
            StepFeedback = new(s.StepFeedback, StringComparer.Ordinal),
            Objectives = new(s.Objectives, StringComparer.Ordinal),
        }
        : null,
        Failure = t.Failure is { } f ? ToData(f) : null,
    };

    private static FailureData ToData(Exception ex) => ex switch
    {
        StepFormatException f => new FailureData { TypeName = nameof(StepFormatException), Message = f.Message, Step = f.Step, RawText = f.RawText, ExpectedSchema = f.ExpectedSchema, Reason = f.Reason },
        RestoredProgramException r => new FailureData { TypeName = r.TypeName, Message = r.Message },
        _ => new FailureData { TypeName = ex.GetType().Name, Message = ex.Message },
    };

    private static Exception FromData(FailureData d) => d.Step is { } step
        ? new StepFormatException(step, d.RawText, d.ExpectedSchema, d.Reason)
        : new RestoredProgramException(d.TypeName, d.Message, restored: true);

    private static ProgramTrajectory FromData(ProgramTrajectoryData d)
    {
        var trace = new ProgramTrace();
        foreach (var e in d.Entries)
        {
            if (e.EventKind is { } kind)
            {
                trace.AddEvent(kind, e.Payload);
                continue;
            }

            trace.AddCall(e.Step, (ordinal, sequence) => new StepCall
            {
                Step = e.Step,
                Ordinal = ordinal,
                Sequence = sequence,
                Instruction = e.Instruction,
                Inputs = [.. e.Inputs.Select(p => new KeyValuePair<string, string>(p[0], p[1]))],
                RawText = e.RawText,
                Output = e.OutputText ?? (object?)e.OutputJson,
                Error = e.Error is { } err ? (StepFormatException)FromData(err) : null,
                Usage = e.InputTokens is null && e.OutputTokens is null ? null : new UsageDetails { InputTokenCount = e.InputTokens, OutputTokenCount = e.OutputTokens },
                Elapsed = TimeSpan.FromTicks(e.ElapsedTicks),
            });
        }

        var score = d.Score is { } s ? Restore(s) : null;
        object? output = d.Output is { } o ? o.Deserialize<TOutput>(s_json) : null;
        return new ProgramTrajectory(trace, output, score, d.Failure is { } f ? FromData(f) : null);
    }

    private static ProgramScore Restore(ProgramScoreData s)
    {
        var score = ProgramScore.Of(s.Score, s.Feedback);
        foreach (var (step, text) in s.StepFeedback)
        {
            score = score.For(step, text);
        }

        foreach (var (name, value) in s.Objectives)
        {
            score = score.WithObjective(name, value);
        }

        return score;
    }
}
