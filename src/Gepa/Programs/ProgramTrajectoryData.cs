using System.Text.Json;

namespace Gepa.Programs;

/// <summary>The checkpoint form of a <see cref="ProgramTrajectory"/>: what reflection reads from it (the calls with
/// their inputs, outputs and parse errors, the events, the metric's score and feedback, the failure), nothing else.</summary>
internal sealed class ProgramTrajectoryData
{
    public List<TraceEntryData> Entries { get; set; } = [];

    public JsonElement? Output { get; set; }

    public ProgramScoreData? Score { get; set; }

    public FailureData? Failure { get; set; }
}

/// <summary>One trace entry: a step call, or an event when <see cref="EventKind"/> is set.</summary>
internal sealed class TraceEntryData
{
    public string? EventKind { get; set; }

    public JsonElement? Payload { get; set; }

    public string Step { get; set; } = string.Empty;

    public string Instruction { get; set; } = string.Empty;

    public List<string[]> Inputs { get; set; } = [];

    public string RawText { get; set; } = string.Empty;

    /// <summary>A text output, or null when the output is structured (<see cref="OutputJson"/>) or absent.</summary>
    public string? OutputText { get; set; }

    public JsonElement? OutputJson { get; set; }

    public FailureData? Error { get; set; }

    public long? InputTokens { get; set; }

    public long? OutputTokens { get; set; }

    public long ElapsedTicks { get; set; }
}

/// <summary>A metric result.</summary>
internal sealed class ProgramScoreData
{
    public double Score { get; set; }

    public string? Feedback { get; set; }

    public Dictionary<string, string> StepFeedback { get; set; } = [];

    public Dictionary<string, double> Objectives { get; set; } = [];
}

/// <summary>A parse failure (with <see cref="Step"/>) or another exception (its type name and message).</summary>
internal sealed class FailureData
{
    public string TypeName { get; set; } = string.Empty;

    public string Message { get; set; } = string.Empty;

    public string? Step { get; set; }

    public string RawText { get; set; } = string.Empty;

    public string ExpectedSchema { get; set; } = string.Empty;

    public string Reason { get; set; } = string.Empty;
}

/// <summary>An exception read back from a checkpoint: its original type's name and message, for feedback.</summary>
internal sealed class RestoredProgramException : Exception
{
    public RestoredProgramException()
    {
    }

    public RestoredProgramException(string message)
        : base(message)
    {
    }

    public RestoredProgramException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public RestoredProgramException(string typeName, string message, bool restored)
        : base(message)
    {
        _ = restored;
        TypeName = typeName;
    }

    public string TypeName { get; } = nameof(RestoredProgramException);
}
