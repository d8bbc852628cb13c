using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace Gepa;

/// <summary>What every room of one run shares: the settings, the data, the single random source, the state, the
/// services and the run's counters. The conductor creates it; strategies read and update it.</summary>
/// <typeparam name="TExample">The type of one task example.</typeparam>
internal sealed class RunContext<TExample>
{
    /// <summary>The split name of the training set (and of the validation set when it is the training set).</summary>
    public const string TrainSplit = "train";

    /// <summary>The split name of a validation set distinct from the training set.</summary>
    public const string ValSplit = "val";

    /// <summary>Gets the run settings.</summary>
    public required GepaOptions Options { get; init; }

    /// <summary>Gets the callbacks notified of what the engine does.</summary>
    public GepaCallbacks Callbacks => Options.Callbacks;

    /// <summary>Gets the seed candidate.</summary>
    public required Candidate Seed { get; init; }

    /// <summary>Gets the training examples.</summary>
    public required IReadOnlyList<TExample> Trainset { get; init; }

    /// <summary>Gets the validation examples.</summary>
    public required IReadOnlyList<TExample> Valset { get; init; }

    /// <summary>Gets the split name validation evaluations are cached under.</summary>
    public required string ValidationSplit { get; init; }

    /// <summary>Gets the token that cancels the run.</summary>
    public required CancellationToken CancellationToken { get; init; }

    /// <summary>Gets the run's single random source.</summary>
    public required PythonRandom Random { get; init; }

    /// <summary>Gets the pool, its scores and its fronts.</summary>
    public required GepaState State { get; init; }

    /// <summary>Gets the logger.</summary>
    public required ILogger Logger { get; init; }

    /// <summary>Gets the system being optimized.</summary>
    public required IGepaAdapter<TExample> Adapter { get; init; }

    /// <summary>Gets the reflection model.</summary>
    public required IChatClient ReflectionClient { get; init; }

    /// <summary>Gets the run's identity in logical rollout keys: stable across a resume.</summary>
    public required string RunId { get; init; }

    /// <summary>Gets or sets the reference's <c>state.i</c>: the first iteration is 0, reported as 1.</summary>
    public int Iteration { get; set; } = -1;

    /// <summary>Gets the run's counters.</summary>
    public RunCounters Counters { get; } = new();

    /// <summary>Notifies an observer; a failing observer is logged and does not stop a paid-for run (the reference
    /// does the same, §5.19).</summary>
    public async ValueTask RaiseAsync<T>(GepaEvent<T> callback, T args)
    {
        if (!callback.HasSubscribers)
        {
            return;
        }

        try
        {
            await callback.InvokeAsync(args).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // A failing observer must not stop a paid-for run; the reference does the same (§5.19).
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.CallbackFailed(Logger, typeof(T).Name, ex);
        }
    }
}
