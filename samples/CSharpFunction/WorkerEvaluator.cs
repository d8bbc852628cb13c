using Gepa;

namespace CSharpFunction;

/// <summary>Evaluates a candidate in a fresh child worker process (this program with <c>--worker</c>) through a
/// <see cref="CommandEvaluator"/>: a wall-clock timeout kills it with its children, and <c>DOTNET_GCHeapHardLimit</c> caps
/// its memory, so an infinite loop, a crash or unbounded allocation is a scored failure and the optimizer goes on.</summary>
public static class WorkerEvaluator
{
    /// <summary>The default wall-clock limit of one evaluation (compilation included).</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The default memory cap of the worker, in bytes.</summary>
    public const long DefaultMemoryCapBytes = 384L * 1024 * 1024;

    /// <summary>Creates the evaluator.</summary>
    /// <param name="timeout">The wall-clock limit.</param>
    /// <param name="memoryCapBytes">The worker's GC heap limit.</param>
    /// <returns>The evaluator.</returns>
    public static CommandEvaluator Create(TimeSpan? timeout = null, long memoryCapBytes = DefaultMemoryCapBytes)
    {
        var options = new CommandEvaluatorOptions
        {
            FileName = "dotnet",
            Timeout = timeout ?? DefaultTimeout,
            CandidateInput = CommandCandidateInput.Stdin,
        };
        options.Arguments.Add(typeof(WorkerEvaluator).Assembly.Location);
        options.Arguments.Add("--worker");
        options.Environment["DOTNET_GCHeapHardLimit"] = "0x" + memoryCapBytes.ToString("X", System.Globalization.CultureInfo.InvariantCulture);
        options.Environment["DOTNET_TieredPGO"] = "0";
        return new CommandEvaluator(options);
    }
}
