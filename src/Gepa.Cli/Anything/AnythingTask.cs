using System.Text.Json.Nodes;
using Gepa.Cli.Configuration;

namespace Gepa.Cli.Anything;

/// <summary>A <c>gepa optimize-anything</c> task file, read and checked: what is optimized, how it is scored (a
/// command), the budget, and the reflection model. Paths are absolute.</summary>
internal sealed record AnythingTask
{
    /// <summary>Gets the task file.</summary>
    public required string File { get; init; }

    /// <summary>Gets the objective.</summary>
    public string? Objective { get; init; }

    /// <summary>Gets the background.</summary>
    public string? Background { get; init; }

    /// <summary>Gets the seed text, or <see langword="null"/> for a seedless start.</summary>
    public string? Seed { get; init; }

    /// <summary>Gets the evaluator command: the program, then its arguments.</summary>
    public required IReadOnlyList<string> Command { get; init; }

    /// <summary>Gets how the candidate reaches the command.</summary>
    public CommandCandidateInput CandidateInput { get; init; }

    /// <summary>Gets the per-evaluation timeout.</summary>
    public TimeSpan Timeout { get; init; } = CommandEvaluatorOptions.DefaultTimeout;

    /// <summary>Gets the command's working directory.</summary>
    public required string WorkingDirectory { get; init; }

    /// <summary>Gets extra environment variables for the command.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>Gets the examples (JSON values), or <see langword="null"/> for a single-task search.</summary>
    public IReadOnlyList<JsonNode?>? Dataset { get; init; }

    /// <summary>Gets the validation examples, or <see langword="null"/>.</summary>
    public IReadOnlyList<JsonNode?>? Valset { get; init; }

    /// <summary>Gets the held-out test examples, or <see langword="null"/>.</summary>
    public IReadOnlyList<JsonNode?>? Testset { get; init; }

    /// <summary>Gets the files the splits came from, for the snapshot.</summary>
    public IReadOnlyDictionary<string, string> SplitFiles { get; init; } = new Dictionary<string, string>();

    /// <summary>Gets the engine.</summary>
    public string Engine { get; init; } = OptimizeAnythingConstants.GepaEngine;

    /// <summary>Gets the evaluation budget.</summary>
    public int MaxEvaluations { get; init; } = OptimizeAnythingConstants.DefaultMaxEvaluations;

    /// <summary>Gets how many evaluations may run at once.</summary>
    public int MaxConcurrency { get; init; } = 4;

    /// <summary>Gets how many evaluator failures in a row stop the run.</summary>
    public int MaxConsecutiveFailures { get; init; } = OptimizeAnythingConstants.DefaultMaxConsecutiveEvaluatorFailures;

    /// <summary>Gets how often, at most, the run directory writes a checkpoint (<c>checkpoint-interval</c>; as
    /// <c>output.checkpoint-interval</c> of <c>gepa optimize</c>).</summary>
    public TimeSpan CheckpointInterval { get; init; } = GepaRunDirectoryConstants.DefaultCheckpointInterval;

    /// <summary>Gets the score at which the run stops, if any.</summary>
    public double? StopAtScore { get; init; }

    /// <summary>Gets whether the reference's prompt wording is used.</summary>
    public bool ReferencePrompts { get; init; }

    /// <summary>Gets the engine's random seed.</summary>
    public int EngineSeed { get; init; }

    /// <summary>Gets the reflection minibatch size, if set.</summary>
    public int? MinibatchSize { get; init; }

    /// <summary>Gets the reflection model.</summary>
    public required ModelConfig ReflectionModel { get; init; }
}
