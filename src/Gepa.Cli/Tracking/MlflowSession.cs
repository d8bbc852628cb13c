using System.Globalization;
using System.Text.Json;
using Gepa.Cli.Cli;
using Gepa.Cli.Configuration;
using Gepa.Cli.Rendering;

namespace Gepa.Cli.Tracking;

/// <summary>Starts and ends the MLflow tracking of one session of a run, when <c>tracking.mlflow.uri</c> is set.</summary>
internal static class MlflowSession
{
    /// <summary>Starts tracking: creates the MLflow run with the configuration snapshot as parameters and attaches the
    /// per-iteration metrics.</summary>
    /// <param name="config">The configuration.</param>
    /// <param name="options">The engine options (the metrics are added to their callbacks).</param>
    /// <param name="directory">The run directory.</param>
    /// <param name="env">The environment (token variables, clock).</param>
    /// <param name="redactor">The redactor.</param>
    /// <param name="reporter">Where a failure is told.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The tracker, or <see langword="null"/> when tracking is off or could not start.</returns>
    public static async Task<MlflowTracker?> StartAsync(GepaRunConfig config, GepaOptions options, GepaRunDirectory directory, CliEnvironment env, SecretRedactor redactor, RunReporter reporter, CancellationToken cancellationToken)
    {
        if (config.Mlflow is not { } settings)
        {
            return null;
        }

        var tracker = new MlflowTracker(settings, env.GetEnvironmentVariable, redactor, line => Warn(reporter, line), env.TimeProvider);
        var snapshot = Path.Combine(directory.FullPath, GepaRunDirectory.ConfigFileName);
        IReadOnlyList<KeyValuePair<string, string>> parameters = [];
        if (File.Exists(snapshot))
        {
            using var doc = JsonDocument.Parse(await File.ReadAllBytesAsync(snapshot, cancellationToken));
            parameters = MlflowTracker.Parameters(doc.RootElement);
        }

        var name = settings.RunName ?? Path.GetFileName(directory.FullPath.TrimEnd(Path.DirectorySeparatorChar));
        var tags = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["gepa.run_directory"] = directory.FullPath,
            ["gepa.session"] = directory.Session.ToString(CultureInfo.InvariantCulture),
            ["mlflow.source.name"] = "gepa",
        };
        if (!await tracker.StartAsync(directory.Session > 1 ? $"{name} (session {directory.Session})" : name, parameters, tags, cancellationToken))
        {
            await tracker.DisposeAsync();
            return null;
        }

        reporter.Info($"tracking in MLflow: {settings.Uri} experiment '{settings.Experiment}', run {tracker.RunId}");
        tracker.Attach(options.Callbacks);
        return tracker;
    }

    /// <summary>Ends tracking: the final metrics, the best candidate, summary and per-example results as artifacts, and the
    /// run's status.</summary>
    /// <param name="tracker">The tracker, or <see langword="null"/>.</param>
    /// <param name="result">The result, or <see langword="null"/> when the run failed.</param>
    /// <param name="testScore">The test score, when scored.</param>
    /// <param name="directory">The run directory.</param>
    /// <returns>A task.</returns>
    public static async Task FinishAsync(MlflowTracker? tracker, GepaResult? result, double? testScore, GepaRunDirectory directory)
    {
        if (tracker is null)
        {
            return;
        }

        var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
        if (result is not null)
        {
            metrics["final_best_val_score"] = result.BestScore;
            metrics["final_seed_val_score"] = result.ValAggregateScores[0];
            metrics["final_rollouts"] = result.TotalMetricCalls;
            metrics["final_iterations"] = result.Iterations;
            if (testScore is { } t)
            {
                metrics["test_score"] = t;
            }
        }

        var status = result is null ? "FAILED" : result.StopReason == GepaStopReason.Cancelled ? "KILLED" : "FINISHED";
        var artifacts = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [GepaRunDirectory.BestCandidateFileName] = Path.Combine(directory.FullPath, GepaRunDirectory.BestCandidateFileName),
            [GepaRunDirectory.SummaryFileName] = Path.Combine(directory.FullPath, GepaRunDirectory.SummaryFileName),
            [GepaRunDirectory.ExamplesFileName] = Path.Combine(directory.FullPath, GepaRunDirectory.ExamplesFileName),
        };
        await tracker.FinishAsync(status, metrics, result is null ? new Dictionary<string, string>() : artifacts, CancellationToken.None);
    }

    private static void Warn(RunReporter reporter, string line)
    {
        reporter.Info(line);
        reporter.Event(new Output.ProgressEvent { Event = "note", Message = line });
    }
}
