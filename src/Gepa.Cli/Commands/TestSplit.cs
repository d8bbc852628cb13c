using System.Globalization;
using Gepa.Cli.Cli;
using Gepa.Cli.Rendering;
using Gepa.Cli.Running;

namespace Gepa.Cli.Commands;

/// <summary>The last step of <c>gepa optimize</c> and <c>gepa resume</c>: the best candidate scored on the test split, after
/// the run and outside its rollout budget, recorded in <c>summary.json</c> and <c>result.json</c>.</summary>
internal static class TestSplit
{
    /// <summary>What the step says when it scored the split.</summary>
    public const string ScoredNote = "scored after the run, outside the rollout budget";

    /// <summary>Scores the best candidate on the test split, when there is one and the run was not cancelled; a failure
    /// warns and leaves the run as it is.</summary>
    /// <param name="prep">The run's task and configuration.</param>
    /// <param name="clients">The model pipelines.</param>
    /// <param name="result">The run's result.</param>
    /// <param name="directory">The run directory.</param>
    /// <param name="reporter">Where to say what happens.</param>
    /// <param name="redactor">Removes secrets from what is printed.</param>
    /// <param name="cancelled">Whether the run was cancelled (then nothing is scored).</param>
    /// <param name="cancellationToken">Ctrl+C.</param>
    /// <returns>The mean score (or <see langword="null"/>), the number of test examples, and how it was scored or why not.</returns>
    public static async Task<(double? Score, int Examples, string Note)> ScoreAsync(RunPreparation prep, ModelClients clients, GepaResult result, GepaRunDirectory directory, RunReporter reporter, SecretRedactor redactor, bool cancelled, CancellationToken cancellationToken)
    {
        var count = prep.Task.TestCount;
        var (score, note) = (default(double?), "");
        if (cancelled)
        {
            note = "not scored: the run was cancelled";
        }
        else if (count == 0)
        {
            note = "not scored: there is no test split (dataset.test, or dataset.split.test above 0)";
        }
        else
        {
            reporter.Info($"scoring the best candidate ({result.BestIndex}) on the test split: {count} examples, outside the rollout budget…");
            try
            {
                var batch = await prep.Task.EvaluateAsync(clients, result.BestCandidate, "test", cancellationToken);
                score = batch.Scores.Count == 0 ? 0 : batch.Scores.Average();
                note = ScoredNote;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                note = "not scored: cancelled while scoring the test split";
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // The run itself is complete and saved; the test score is extra, so a failure here only warns.
                note = $"not scored: {e.Message}";
                reporter.Info(redactor.Redact($"warning: the test split could not be scored ({e.Message}); the run is complete. Score it later with: gepa evaluate <config> --candidate {Path.Combine(directory.FullPath, GepaRunDirectory.BestCandidateFileName)} --split test"));
            }
        }

        if (score is { } s)
        {
            reporter.Info($"test: mean score {s.ToString("0.####", CultureInfo.InvariantCulture)} over {count} examples (candidate {result.BestIndex}; {ScoredNote})");
        }

        directory.RecordTestScore(result.BestIndex, score, count, note);
        return (score, count, note);
    }
}
