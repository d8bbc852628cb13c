using Microsoft.Extensions.Logging;

namespace Gepa;

/// <summary>The engine's log messages, source-generated.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "Seed candidate scored {Score:0.###} on {Count} validation examples.")]
    public static partial void SeedEvaluated(ILogger logger, double score, int count);

    [LoggerMessage(2, LogLevel.Information, "Iteration {Iteration}: accepted candidate {Index} (minibatch {Old} -> {New}); validation score {Score:0.###}.")]
    public static partial void Accepted(ILogger logger, int iteration, int index, double old, double @new, double score);

    [LoggerMessage(3, LogLevel.Debug, "Iteration {Iteration}: rejected the child of candidate {Parent} (minibatch {Old} -> {New}).")]
    public static partial void Rejected(ILogger logger, int iteration, int parent, double old, double @new);

    [LoggerMessage(4, LogLevel.Warning, "Iteration {Iteration}: the proposal for component '{Component}' failed: {Reason}")]
    public static partial void ProposalFailed(ILogger logger, int iteration, string component, string reason, Exception? exception);

    [LoggerMessage(5, LogLevel.Warning, "A {Callback} callback threw; the run goes on.")]
    public static partial void CallbackFailed(ILogger logger, string callback, Exception exception);

    [LoggerMessage(6, LogLevel.Information, "merge_val_overlap_floor is {Floor} but the valset has only {Size} examples; using {Size} so that merge is not silently disabled.")]
    public static partial void MergeFloorClamped(ILogger logger, int floor, int size);

    [LoggerMessage(7, LogLevel.Information, "Stopped after {Iterations} iterations and {MetricCalls} rollouts: {Message}")]
    public static partial void Stopped(ILogger logger, int iterations, int metricCalls, string message);

    [LoggerMessage(8, LogLevel.Information, "Iteration {Iteration}: merged candidates {I} and {J} (ancestor {Ancestor}): subsample {Merged} vs best parent {Parent}; {Verdict}.")]
    public static partial void Merge(ILogger logger, int iteration, int i, int j, int ancestor, double merged, double parent, string verdict);

    [LoggerMessage(9, LogLevel.Debug, "Iteration {Iteration}: reflection attempt {Attempt} failed: {Reason}")]
    public static partial void ReflectionRetry(ILogger logger, int iteration, int attempt, string reason, Exception? exception);

    [LoggerMessage(10, LogLevel.Debug, "Every common ancestor of candidates {I} and {J} scores <= 0; choosing one uniformly (the reference crashes here).")]
    public static partial void MergeUniformAncestor(ILogger logger, int i, int j);

    [LoggerMessage(11, LogLevel.Information, "The seed's results on the first {Given} validation examples were given (PriorSeedEvaluation); {Fresh} rollouts evaluated the rest.")]
    public static partial void PriorSeedEvaluation(ILogger logger, int given, int fresh);
}
