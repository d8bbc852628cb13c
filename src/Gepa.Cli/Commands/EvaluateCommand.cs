using System.Globalization;
using System.Text.Json;
using Gepa.Cli.Cli;
using Gepa.Cli.Configuration;
using Gepa.Cli.Providers;

namespace Gepa.Cli.Commands;

/// <summary><c>gepa evaluate &lt;config&gt; --candidate &lt;file&gt; --split test</c>: scores a candidate (for example a
/// run's best_candidate.json) on one split and prints the mean score and the usage.</summary>
internal static class EvaluateCommand
{
    /// <summary>Runs the command.</summary>
    /// <param name="config">The configuration file.</param>
    /// <param name="candidateFile">The candidate file: a JSON object of component name to text.</param>
    /// <param name="split">train, val or test.</param>
    /// <param name="overrides">The <c>--set</c> overrides.</param>
    /// <param name="verbose">Whether errors include stack traces.</param>
    /// <param name="env">The environment.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The exit code.</returns>
    public static async Task<int> RunAsync(string config, string candidateFile, string split, IReadOnlyList<string> overrides, bool verbose, CliEnvironment env, CancellationToken cancellationToken)
    {
        var redactor = new SecretRedactor();
        var errors = new ErrorReporter(env.Error, redactor, verbose);
        var candidatePath = Path.GetFullPath(Path.Combine(env.WorkingDirectory, candidateFile));
        Candidate candidate;
        try
        {
            candidate = ReadCandidate(candidatePath);
        }
        catch (ConfigException e)
        {
            return errors.Config(e);
        }

        RunPreparation prep;
        try
        {
            prep = await RunPreparation.CreateAsync(config, overrides, env, redactor, cancellationToken);
        }
        catch (ConfigException e)
        {
            return errors.Config(e);
        }
        catch (ProviderException e)
        {
            return errors.Fail(e.Message, e, ExitCodes.BadInput);
        }

        using (prep)
        {
            var count = split switch { "train" => prep.Task.TrainCount, "val" => prep.Task.ValCount, _ => prep.Task.TestCount };
            if (count == 0)
            {
                return errors.Fail($"{config}: dataset: the {split} split is empty; give dataset.{split} (or a split ratio above 0).", null, ExitCodes.BadInput);
            }

            using var clients = prep.CreateClients();
            EvaluationBatch batch;
            try
            {
                batch = await prep.Task.EvaluateAsync(clients, candidate, split, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return errors.Fail("cancelled.", null, ExitCodes.Cancelled);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                return errors.Fail(ProviderErrors.Describe(e, prep.Config.TaskModel), e, ExitCodes.RunFailed);
            }

            var mean = batch.Scores.Count == 0 ? 0 : batch.Scores.Average();
            env.Out.WriteLine($"{split}: mean score {mean.ToString("0.####", CultureInfo.InvariantCulture)} over {batch.Count} examples ({batch.Scores.Count(s => s >= 1.0)} perfect)");
            if (batch.ObjectiveScores is { Count: > 0 } objectives)
            {
                // Objectives such as retrieval_recall (task: pipeline with gold titles), averaged over the split.
                foreach (var name in objectives[0].Keys)
                {
                    var value = objectives.Average(o => o.TryGetValue(name, out var v) ? v : 0);
                    env.Out.WriteLine($"  objective {name}: mean {value.ToString("0.####", CultureInfo.InvariantCulture)}");
                }
            }

            foreach (var u in UsageReport.Collect(prep.Runtime.Usage, clients).Where(u => u.Calls + u.FailedCalls > 0))
            {
                env.Out.WriteLine(redactor.Redact("  " + UsageReport.Line(u)));
            }

            if (prep.Config.UsesSimulation)
            {
                env.Out.WriteLine(SimulationNotice.ScoredNote(prep.Config));
            }

            return ExitCodes.Success;
        }
    }

    /// <summary>Reads a candidate file: a JSON object of component name to text, or an object with a <c>components</c>
    /// property of that shape.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The candidate.</returns>
    /// <exception cref="ConfigException">The file is missing or has another shape.</exception>
    internal static Candidate ReadCandidate(string path)
    {
        var at = new SourceLocation(path, 0, 0);
        if (!File.Exists(path))
        {
            throw new ConfigException(new ConfigError(at, null, "the candidate file does not exist."));
        }

        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            var root = doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("components", out var c) ? c : doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.EnumerateObject().Any() || root.EnumerateObject().Any(p => p.Value.ValueKind != JsonValueKind.String))
            {
                throw new ConfigException(new ConfigError(at, null, "expected a JSON object of component name to text, like best_candidate.json."));
            }

            return new Candidate(root.EnumerateObject().Select(p => new KeyValuePair<string, string>(p.Name, p.Value.GetString()!)));
        }
        catch (JsonException e)
        {
            throw new ConfigException(new ConfigError(new SourceLocation(path, (int)(e.LineNumber ?? 0) + 1, (int)(e.BytePositionInLine ?? 0) + 1), null, "not valid JSON."));
        }
    }
}
