using System.Globalization;
using Gepa.Cli.Cli;
using Gepa.Cli.Configuration;
using Gepa.Cli.Output;
using Gepa.Cli.Providers;
using Gepa.Cli.Rendering;

namespace Gepa.Cli.Commands;

/// <summary><c>gepa optimize &lt;config&gt;</c>: validates everything, estimates what the budget allows, runs GEPA with
/// live progress, then writes <c>result.json</c> and <c>best_candidate.json</c> and prints a summary.</summary>
internal static class OptimizeCommand
{
    /// <summary>Runs the command.</summary>
    /// <param name="args">The parsed arguments.</param>
    /// <param name="env">The environment.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests (Ctrl+C).</param>
    /// <returns>The exit code.</returns>
    public static async Task<int> RunAsync(OptimizeArguments args, CliEnvironment env, CancellationToken cancellationToken)
    {
        var redactor = new SecretRedactor();
        var errors = new ErrorReporter(env.Error, redactor, args.Verbose);
        RunPreparation prep;
        try
        {
            prep = await RunPreparation.CreateAsync(args.Config, args.Overrides, env, redactor, cancellationToken);
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
            var config = prep.Config;
            var seed = new Candidate(config.SeedCandidate);
            var options = Running.EngineOptionsMapper.ToOptions(config.Engine, prep.Runtime.Usage);
            options.TimeProvider = env.TimeProvider;
            try
            {
                prep.Task.Validate(options, seed);
            }
            catch (ArgumentException e)
            {
                return errors.Fail($"{config.ConfigPath}: engine: {ConfigKeyNames.FromOptionNames(e.Message)}", e, ExitCodes.BadInput);
            }

            var runDirectory = ResolveRunDirectory(args.Out, config, env);
            if (File.Exists(Path.Combine(runDirectory, RunResultWriter.ResultFile)))
            {
                return errors.Fail($"{runDirectory} already holds a run's result; choose another --out or output.directory.", null, ExitCodes.BadInput);
            }

            var mode = args.Json ? OutputMode.JsonLines : args.Quiet ? OutputMode.Quiet : env.Interactive ? OutputMode.Live : OutputMode.Plain;
            var reporter = new RunReporter(mode, env.Out, env.Console, config.Engine.MaxMetricCalls);
            Preflight(reporter, options, prep, config);
            reporter.Attach(options.Callbacks);

            using var clients = prep.CreateClients();
            GepaResult result;
            try
            {
                result = await reporter.RunAsync(() => prep.Task.OptimizeAsync(clients, seed, options, null, cancellationToken));
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return errors.Fail("cancelled; no result was written.", null, ExitCodes.Cancelled);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                var line = IsModelFailure(e) ? ProviderErrors.Describe(e, Blame(e, config)) : e.Message;
                reporter.Event(new ProgressEvent { Event = "error", Message = redactor.Redact(line) });
                return errors.Fail(line + " No result was written.", e, ExitCodes.RunFailed);
            }

            var usage = UsageReport.Collect(prep.Runtime.Usage, clients);
            var document = RunResultWriter.ToDocument(result, config.Engine.MaxMetricCalls, usage);

            // The run directory is created only now, so that a run that fails before it has a result leaves nothing behind.
            Directory.CreateDirectory(runDirectory);
            RunResultWriter.Write(runDirectory, document, result.BestCandidate);
            Summary(reporter, env.Out, result, document, runDirectory, redactor);
            if (reporter.Mode is OutputMode.Live or OutputMode.Plain)
            {
                BestCandidate(env.Out, result, redactor);
                if (config.UsesSimulation)
                {
                    env.Out.WriteLine();
                    foreach (var line in SimulationNotice.RealProviderHint(config))
                    {
                        env.Out.WriteLine(line);
                    }
                }
            }

            return ExitCodes.Success;
        }
    }

    private static bool IsModelFailure(Exception e) =>
        TransientFailure.TryGetStatusCode(e) is not null || TransientFailure.IsTransient(e);

    // The reflection model is called by the engine and the task model by the adapter; without more context, blame the
    // task model unless the failure surfaced from the reflection step.
    private static ModelConfig Blame(Exception e, GepaRunConfig config) =>
        e.StackTrace?.Contains("Reflect", StringComparison.Ordinal) == true ? config.ReflectionModel : config.TaskModel;

    private static string ResolveRunDirectory(string? outOption, GepaRunConfig config, CliEnvironment env)
    {
        if (outOption is not null)
        {
            return Path.GetFullPath(Path.Combine(env.WorkingDirectory, outOption));
        }

        return config.OutputDirectory
            ?? Path.Combine(env.WorkingDirectory, "runs", env.TimeProvider.GetUtcNow().ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture));
    }

    private static void Preflight(RunReporter reporter, GepaOptions options, RunPreparation prep, GepaRunConfig config)
    {
        var estimate = GepaBudget.Estimate(options, prep.Task.ValCount);
        var models = $"task: {config.TaskModel.Provider} {config.TaskModel.Model}; reflection: {config.ReflectionModel.Provider} {config.ReflectionModel.Model}"
            + (config.JudgeModel is { } j ? $"; judge: {j.Provider} {j.Model}" : "");
        if (config.UsesSimulation)
        {
            reporter.Info(SimulationNotice.Banner);
            reporter.Event(new ProgressEvent { Event = "note", Message = SimulationNotice.Banner });
        }

        var task = config.IsRuleWorldTask ? $"task: rule-world (simulated; {config.World}); " : "";
        reporter.Info($"gepa: {task}{prep.Task.TrainCount} train / {prep.Task.ValCount} val examples; {models}");
        reporter.Info($"budget {options.MaxMetricCalls} rollouts allows about {estimate.ApproximateProposals} proposals = {estimate.Explanation}");
        if (estimate.IsLow)
        {
            reporter.Info($"warning: fewer than {BudgetEstimate.LowProposalWarningThreshold} proposals fit in this budget; GEPA needs several to improve anything. Raise engine.max-metric-calls or lower engine.minibatch-size.");
        }

        reporter.Event(new ProgressEvent { Event = "preflight", Budget = options.MaxMetricCalls, EstimatedProposals = estimate.ApproximateProposals, Message = estimate.Explanation + (estimate.IsLow ? " (low)" : "") });
    }

    private static void Summary(RunReporter reporter, TextWriter output, GepaResult result, ResultDocument document, string runDirectory, SecretRedactor redactor)
    {
        var resultPath = Path.Combine(runDirectory, RunResultWriter.ResultFile);
        var bestPath = Path.Combine(runDirectory, RunResultWriter.BestCandidateFile);
        var seedScore = result.ValAggregateScores[0];
        if (reporter.Mode == OutputMode.JsonLines)
        {
            reporter.Event(new ProgressEvent
            {
                Event = "summary",
                StopReason = result.StopReason.ToString(),
                Message = result.StopMessage,
                Rollouts = result.TotalMetricCalls,
                Budget = document.MaxMetricCalls,
                Iteration = result.Iterations,
                Accepted = result.ProposalsAccepted,
                Tried = result.ProposalsTried,
                BestScore = result.BestScore,
                RunDirectory = runDirectory,
                Usage = document.Usage,
            });
            return;
        }

        if (reporter.Mode == OutputMode.Quiet)
        {
            output.WriteLine(redactor.Redact($"best {F(result.BestScore)} (candidate {result.BestIndex}, seed {F(seedScore)}); stopped: {result.StopReason}; {bestPath}"));
            return;
        }

        var lines = new List<string>
        {
            "",
            $"Stopped:   {result.StopReason} — {result.StopMessage}",
            $"Rollouts:  {result.TotalMetricCalls}" + (document.MaxMetricCalls is { } m ? $" of {m}" : "") + $" in {result.Iterations} iterations",
            $"Proposals: {result.ProposalsAccepted} accepted of {result.ProposalsTried} tried" + (result.FailedProposals > 0 ? $" ({result.FailedProposals} failed)" : "") + $"; {result.NumCandidates} candidates",
            $"Best:      candidate {result.BestIndex}, valset score {F(result.BestScore)} (seed candidate {F(seedScore)})",
            "Models:",
        };
        lines.AddRange(document.Usage.Select(u => "  " + UsageReport.Line(u)));
        var total = document.Usage.Where(u => u.Cost is not null).Sum(u => u.Cost!.Value);
        if (document.Usage.Any(u => u.Cost is not null))
        {
            lines.Add($"  total cost {total.ToString("0.####", CultureInfo.InvariantCulture)}");
        }

        lines.Add($"Files:     {resultPath}");
        lines.Add($"           {bestPath}");
        foreach (var line in lines)
        {
            output.WriteLine(redactor.Redact(line));
        }
    }

    private static void BestCandidate(TextWriter output, GepaResult result, SecretRedactor redactor)
    {
        output.WriteLine();
        output.WriteLine(result.BestIndex == 0
            ? "Best candidate: the seed (no proposal beat it)"
            : $"Best candidate (candidate {result.BestIndex}):");
        foreach (var (component, text) in result.BestCandidate)
        {
            output.WriteLine($"--- {component} ---");
            output.WriteLine(redactor.Redact(text));
        }
    }

    private static string F(double d) => d.ToString("0.####", CultureInfo.InvariantCulture);
}
