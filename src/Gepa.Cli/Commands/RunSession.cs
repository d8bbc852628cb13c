using System.Globalization;
using System.Text.Json;
using Gepa.Cli.Cli;
using Gepa.Cli.Configuration;
using Gepa.Cli.Output;
using Gepa.Cli.Providers;
using Gepa.Cli.Rendering;
using Gepa.Cli.Runs;
using Gepa.Cli.Running;

namespace Gepa.Cli.Commands;

/// <summary>One session of a run, new (<c>gepa optimize</c>) or continued (<c>gepa resume</c>): validates everything,
/// creates or opens the run directory, runs GEPA with live progress and the directory's journals, then writes
/// <c>result.json</c> and prints a summary.</summary>
internal static class RunSession
{
    private const string UsageKey = "usage";

    /// <summary>Runs the session.</summary>
    /// <param name="request">What to do.</param>
    /// <param name="env">The environment.</param>
    /// <param name="cancellationToken">Ctrl+C: stops gracefully, leaving the run resumable.</param>
    /// <returns>The exit code.</returns>
    public static async Task<int> RunAsync(RunRequest request, CliEnvironment env, CancellationToken cancellationToken)
    {
        var redactor = new SecretRedactor();
        var errors = new ErrorReporter(env.Error, redactor, request.Verbose);
        string? resumeDirectory = null;
        RunManifest? manifest = null;
        if (request.Resume is { } resume)
        {
            resumeDirectory = Path.GetFullPath(Path.Combine(env.WorkingDirectory, resume));
            try
            {
                manifest = GepaRunDirectory.ReadManifest(resumeDirectory);
            }
            catch (GepaRunDirectoryException e)
            {
                return errors.Fail(e.Message, e, ExitCodes.BadInput);
            }

            if (request.Config is null && manifest.Host.GetValueOrDefault(RunConfigSnapshot.RedactedKey) == "true")
            {
                return errors.Fail($"the configuration snapshot in {resumeDirectory} had secrets removed, so it cannot be run as it is; pass the original file with --config.", null, ExitCodes.BadInput);
            }
        }

        RunPreparation prep;
        try
        {
            prep = await RunPreparation.CreateAsync(() => LoadConfig(request, resumeDirectory, manifest, env), env, redactor, cancellationToken);
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
            var options = EngineOptionsMapper.ToOptions(config.Engine, prep.Runtime.Usage);
            options.TimeProvider = env.TimeProvider;
            try
            {
                prep.Task.Validate(options, seed);
                if (config.Strategy == "best-of-n")
                {
                    return errors.Fail($"{config.ConfigPath}: strategy: best-of-n is a baseline for gepa bench (it keeps no run directory to resume); use gepa bench, or strategy: gepa, scalar-only or random-search.", null, ExitCodes.BadInput);
                }
            }
            catch (ArgumentException e)
            {
                return errors.Fail($"{config.ConfigPath}: engine: {ConfigKeyNames.FromOptionNames(e.Message)}", e, ExitCodes.BadInput);
            }

            // Memory: a resumed run continues with the templates, budget and start it chose at its start; the bank is opened
            // now, so that a corrupt, locked or newer bank is refused before anything is written.
            MemoryBank? bank = null;
            try
            {
                if (resumeDirectory is not null && MemoryRun.Restore(resumeDirectory, options) is { } started)
                {
                    seed = started;
                }

                if (config.Memory is { } memory)
                {
                    bank = MemoryRun.OpenBank(memory, env, redactor);
                }
            }
            catch (ConfigException e)
            {
                return errors.Config(e);
            }
            catch (MemoryBankException e)
            {
                return errors.Fail(e.Message, e, ExitCodes.BadInput);
            }

            using var bankScope = bank;
            var fingerprint = RunConfigSnapshot.Fingerprint(config);
            GepaRunDirectory? directory;
            try
            {
                directory = resumeDirectory is null
                    ? CreateDirectory(request, config, fingerprint, redactor, env)
                    : OpenDirectory(resumeDirectory, config, fingerprint, options, prep, redactor, env, out var finished) ?? AlreadyFinished(request, env, redactor, resumeDirectory, finished!);
            }
            catch (GepaRunDirectoryException e)
            {
                return errors.Fail(e.Message, e, ExitCodes.BadInput);
            }
            catch (ArgumentException e)
            {
                return errors.Fail($"{resumeDirectory}: {e.Message}", e, ExitCodes.BadInput);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Nothing was left behind (a directory that cannot be created is removed again); say where and why.
                var where = resumeDirectory ?? OutputPath(request, config, env);
                var why = e is UnauthorizedAccessException ? "permission denied" : e.Message;
                return errors.Fail($"{where}: the run directory cannot be written ({why}); choose a directory you can write to.", e, ExitCodes.BadInput);
            }

            if (directory is null)
            {
                return ExitCodes.Success; // already finished: nothing was opened, locked or written
            }

            using (directory)
            {
                return await RunInDirectoryAsync(request, env, prep, options, seed, directory, redactor, errors, bank, cancellationToken);
            }
        }
    }

    /// <summary>Formats the command that continues a run.</summary>
    /// <param name="directory">The run directory.</param>
    /// <returns>The command.</returns>
    public static string ResumeCommandFor(string directory) => "gepa resume " + (directory.Contains(' ', StringComparison.Ordinal) ? $"\"{directory}\"" : directory);

    private static async Task<int> RunInDirectoryAsync(RunRequest request, CliEnvironment env, RunPreparation prep, GepaOptions options, Candidate seed, GepaRunDirectory directory, SecretRedactor redactor, ErrorReporter errors, MemoryBank? bank, CancellationToken cancellationToken)
    {
        var config = prep.Config;
        var mode = request.Json ? OutputMode.JsonLines : request.Quiet ? OutputMode.Quiet : env.Interactive ? OutputMode.Live : OutputMode.Plain;
        var reporter = new RunReporter(mode, env.Out, mode == OutputMode.Live ? env.Console : null, config.Engine.MaxMetricCalls, env.TimeProvider);
        var previous = Restore(directory, prep, reporter);
        Preflight(reporter, options, prep, config, directory);
        reporter.Attach(options.Callbacks);

        // The engine keeps only the text of a failed reflection; the exception says which status the provider answered.
        ProposalFailedArgs? lastFailure = null;
        using var proposalFailures = options.Callbacks.OnProposalFailed.Subscribe(a =>
        {
            lastFailure = a;
            return ValueTask.CompletedTask;
        });

        using var clients = reporter.Observe(prep.CreateClients());
        directory.HostState = () => HostState(prep, clients, previous);
        var writeWarned = false;
        directory.WriteFailed = e =>
        {
            if (!writeWarned)
            {
                writeWarned = true;
                reporter.Info($"warning: the run directory could not be written ({e.Message}); the run goes on, and the last saved state stays resumable.");
            }
        };

        // Memory's start comes before the directory takes the options: it lowers the budget by what it spent, and a resumed
        // run (whose start is re-applied before the directory is opened) must save the same budget with its checkpoints.
        if (bank is not null && config.Memory is { } memory && directory.State is null && !File.Exists(Path.Combine(directory.FullPath, MemoryRun.StartFileName)))
        {
            try
            {
                seed = await MemoryRun.StartAsync(memory, bank, prep.Task, clients, options, seed, directory.FullPath, reporter.Info, cancellationToken);
            }
            catch (Exception e) when (e is MemoryBankException || ModelTransportException.Find(e) is { Role: ConfigSchema.EmbeddingRole })
            {
                // An embedder other than the bank's, or an embedding endpoint that fails: nothing is retrieved by a guess.
                return errors.Fail($"memory: {(ModelTransportException.Find(e) ?? e).Message} The run did not start; nothing was learned or changed.", e, ExitCodes.RunFailed);
            }
        }

        directory.Attach(options);
        var resume = ResumeCommandFor(directory.FullPath);
        await using var tracker = await Tracking.MlflowSession.StartAsync(config, options, directory, env, redactor, reporter, cancellationToken);

        // The lesson gate, when memory's start put lessons in the reflection prompt with the guard on; restored from the
        // checkpoint on resume. Only the engine's reflection goes through it: learning and distilling afterwards do not.
        ModelClients engineClients;
        try
        {
            engineClients = MemoryRun.Guard(directory, options, clients);
        }
        catch (ConfigException e)
        {
            return errors.Config(e);
        }

        GepaResult result;
        try
        {
            result = await reporter.RunAsync(() => prep.Task.RunAsync(engineClients, seed, options, directory, null, cancellationToken));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await Tracking.MlflowSession.FinishAsync(tracker, null, null, directory);
            return errors.Fail($"cancelled before the first checkpoint; nothing was lost. Start again with: {resume}", null, ExitCodes.Cancelled);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A model that cannot be reached, or a disk that cannot be written, is fixed outside the run, and resuming then
            // continues it; a failure of the data or the metric is not, and changing the data makes a different run.
            var resumable = IsModelFailure(e) || e is IOException or UnauthorizedAccessException;
            await Tracking.MlflowSession.FinishAsync(tracker, null, null, directory);
            // The embedding model's failure (the semantic metric) already names its provider, model and endpoint.
            var line = ModelTransportException.Find(e) is { Role: ConfigSchema.EmbeddingRole } embedding ? embedding.Message
                : IsModelFailure(e) ? ProviderErrors.Describe(e, Blame(e, config)) : e.Message;
            reporter.Event(new ProgressEvent { Event = "error", Message = redactor.Redact(line), RunDirectory = directory.FullPath, ResumeCommand = resumable ? resume : null });
            var saved = directory.State is { } s ? $"the run directory keeps the state after iteration {s.Checkpoint.Iteration + 1}" : "no iteration was saved";
            var next = resumable
                ? $"Once the cause is fixed, continue with: {resume}"
                : "Resuming would meet the same failure; fix the data, metric or adapter and start a new run.";
            return errors.Fail($"{line} No result was written; {saved}. {next}", e, ExitCodes.RunFailed);
        }

        var cancelled = result.StopReason == GepaStopReason.Cancelled;
        var test = await TestSplit.ScoreAsync(prep, clients, result, directory, reporter, redactor, cancelled, cancellationToken);
        var usage = Usage(prep, clients, previous);
        var document = RunResultWriter.ToDocument(result, config.Engine.MaxMetricCalls, usage);
        (document.TestScore, document.TestExamples, document.TestNote) = (test.Score, test.Score is null ? null : test.Examples, test.Note);
        try
        {
            RunResultWriter.Write(directory.FullPath, document, result.BestCandidate, redactor.Redact);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return errors.Fail($"{directory.FullPath}: result.json cannot be written ({(e is UnauthorizedAccessException ? "permission denied" : e.Message)}); the run's state is saved, so once the directory is writable, continue with: {resume}", e, ExitCodes.RunFailed);
        }

        await Tracking.MlflowSession.FinishAsync(tracker, result, test.Score, directory);
        if (bank is not null && config.Memory is { Learn: true } learn && !cancelled)
        {
            try
            {
                await MemoryRun.LearnAsync(learn, bank, clients, directory.FullPath, reporter.Info, redactor.Redact, cancellationToken);
            }
            catch (Exception e) when (e is MemoryBankException or IOException or UnauthorizedAccessException || ModelTransportException.Find(e) is { Role: ConfigSchema.EmbeddingRole })
            {
                // The run's result is written; failing to learn from it loses nothing of the run.
                reporter.Info($"warning: memory: this run was not learned ({redactor.Redact(e.Message)}); add it later with: gepa memory ingest {directory.FullPath} --task {learn.TaskId}");
            }
        }
        Summary(reporter, env.Out, result, document, directory.FullPath, cancelled ? resume : null, redactor);
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

        if (ProposalsFailed(result))
        {
            // Every proposal of the last iterations failed, or none ever succeeded (a reflection model refusing the key, say):
            // whatever stopped the run, that is not success.
            var cause = lastFailure is { Exception: { } ex } && IsModelFailure(ex)
                ? ProviderErrors.Describe(ex, config.ReflectionModel)
                : ProposalFailure(lastFailure?.Reason ?? result.StopMessage, config);
            return errors.Fail($"the run stopped because proposals kept failing: {cause}. The results so far were written; once the cause is fixed, continue with: {resume}", null, ExitCodes.RunFailed);
        }

        return cancelled ? ExitCodes.Cancelled : ExitCodes.Success;
    }

    /// <summary>Returns whether the run ended because reflection kept failing: stopped by the consecutive failures, or
    /// ended (by budget, idleness or a stop condition) without a single reflection that produced a proposal.</summary>
    /// <param name="result">The result.</param>
    /// <returns>Whether the run must not count as a success.</returns>
    internal static bool ProposalsFailed(GepaResult result) =>
        result.StopReason == GepaStopReason.ConsecutiveFailures || (result.FailedProposals > 0 && result.ProposalsTried == 0);

    /// <summary>Says why proposals failed in the words used for any failed model call: the engine keeps only the text of
    /// the reflection model's failures, so a status code in it is what tells a refused key from a server error.</summary>
    private static string ProposalFailure(string stopMessage, GepaRunConfig config)
    {
        var status = System.Text.RegularExpressions.Regex.Match(stopMessage, @"\bHTTP (\d{3})\b", System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1));
        if (status.Success && int.TryParse(status.Groups[1].Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var code))
        {
            return ProviderErrors.Describe(new HttpRequestException(FirstLine(stopMessage), null, (System.Net.HttpStatusCode)code), config.ReflectionModel);
        }

        // Exception type names mean nothing to a user; the message after them is what went wrong.
        return System.Text.RegularExpressions.Regex.Replace(FirstLine(stopMessage), @"threw \w+Exception: ", "failed: ", System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1)).TrimEnd('.');
    }

    private static string FirstLine(string text)
    {
        var i = text.IndexOfAny(['\r', '\n']);
        var line = i < 0 ? text : text[..i];
        return line.Length > 400 ? line[..400] + "…" : line;
    }

    private static GepaRunConfig LoadConfig(RunRequest request, string? resumeDirectory, RunManifest? manifest, CliEnvironment env)
    {
        if (request.Config is { } file)
        {
            var path = Path.IsPathRooted(file) ? file : Path.Combine(env.WorkingDirectory, file);
            return ConfigBinder.Load(path, request.Overrides, file);
        }

        // Resuming from the run directory's own snapshot: its relative paths point where the original file was.
        var snapshot = Path.Combine(resumeDirectory!, GepaRunDirectory.ConfigFileName);
        if (!File.Exists(snapshot))
        {
            throw new ConfigException(new ConfigError(new SourceLocation(snapshot, 0, 0), null, "the run directory has no configuration snapshot; pass the configuration file with --config."));
        }

        var baseDirectory = manifest!.Host.GetValueOrDefault(RunConfigSnapshot.BaseDirectoryKey) ?? resumeDirectory!;
        return ConfigBinder.Bind(RunConfigSnapshot.Load(snapshot), snapshot, baseDirectory, request.Overrides);
    }

    private static GepaRunDirectory CreateDirectory(RunRequest request, GepaRunConfig config, Dictionary<string, string> fingerprint, SecretRedactor redactor, CliEnvironment env)
    {
        var path = OutputPath(request, config, env);
        if (File.Exists(Path.Combine(path, RunResultWriter.ResultFile)))
        {
            throw new GepaRunDirectoryException(GepaRunDirectoryError.AlreadyExists, $"{path} already holds a run's result; choose another --out or output.directory (or continue that run with: {ResumeCommandFor(path)}).");
        }

        if (GepaRunDirectory.Exists(path))
        {
            throw new GepaRunDirectoryException(GepaRunDirectoryError.AlreadyExists, $"{path} already holds a run; continue it with: {ResumeCommandFor(path)} (or choose another --out or output.directory).");
        }

        // Someone's folder (the configuration's own, the data's, the working directory) is never written into.
        GepaRunDirectory.EnsureCanCreate(path);

        var (json, redacted) = RunConfigSnapshot.ToJson(config.Source!, redactor);
        return GepaRunDirectory.Create(path, new GepaRunDirectoryOptions
        {
            Fingerprint = fingerprint,
            Configuration = json,
            Host = new Dictionary<string, string>
            {
                [RunConfigSnapshot.BaseDirectoryKey] = config.BaseDirectory,
                [RunConfigSnapshot.ConfigFileKey] = Path.GetFullPath(Path.Combine(env.WorkingDirectory, config.ConfigPath)),
                [RunConfigSnapshot.RedactedKey] = redacted ? "true" : "false",
            },
            Producer = "gepa " + typeof(RunSession).Assembly.GetName().Version?.ToString(3),
            ResumeCommand = ResumeCommandFor(path),
            TimeProvider = env.TimeProvider,
            Redact = redactor.Redact,
            CheckpointInterval = config.CheckpointInterval,
        });
    }

    private static string OutputPath(RunRequest request, GepaRunConfig config, CliEnvironment env) => request.Out is { } o
        ? Path.GetFullPath(Path.Combine(env.WorkingDirectory, o))
        : config.OutputDirectory ?? Path.Combine(env.WorkingDirectory, "runs", env.TimeProvider.GetUtcNow().ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture));

    /// <summary>Opens a run directory to resume, or returns <see langword="null"/> with the stop message when the run
    /// is finished under these settings: resuming it would only write the same results again (issue 18: resuming a
    /// finished run rewrote it), so nothing is opened, locked or written.</summary>
    private static GepaRunDirectory? OpenDirectory(string path, GepaRunConfig config, Dictionary<string, string> fingerprint, GepaOptions options, RunPreparation prep, SecretRedactor redactor, CliEnvironment env, out string? finished)
    {
        // Every check first, reading only: a refused resume must leave the directory untouched.
        GepaRunDirectory.EnsureCompatible(path, fingerprint);
        GepaRunDirectory.EnsureResumable(path);
        finished = null;
        if (GepaRunDirectory.ReadState(path) is { } state)
        {
            prep.Task.CheckResume(options, state.Checkpoint);
            using var clients = prep.CreateClients();
            finished = prep.Task.FinishedMessage(clients, options, state.Checkpoint);
            if (finished is not null && File.Exists(Path.Combine(path, RunResultWriter.ResultFile)))
            {
                return null;
            }

            finished = null;
        }

        return GepaRunDirectory.Open(path, new GepaRunDirectoryOptions
        {
            Fingerprint = fingerprint,
            ResumeCommand = ResumeCommandFor(path),
            TimeProvider = env.TimeProvider,
            Redact = redactor.Redact,
            CheckpointInterval = config.CheckpointInterval,
        });
    }

    /// <summary>Says that a run is already finished and how to continue it; returns <see langword="null"/> (no directory).</summary>
    private static GepaRunDirectory? AlreadyFinished(RunRequest request, CliEnvironment env, SecretRedactor redactor, string path, string message)
    {
        var line = $"{path}: the run is already finished. {message.TrimEnd('.')}. Nothing was changed; to continue it, raise its budget: {ResumeCommandFor(path)} --set engine.max-metric-calls=<more>";
        if (request.Json)
        {
            env.Out.WriteLine(JsonSerializer.Serialize(new ProgressEvent { Event = "finished", Message = redactor.Redact(line), RunDirectory = path }, CliJsonContext.Default.ProgressEvent));
        }
        else
        {
            env.Out.WriteLine(redactor.Redact(line));
        }

        return null;
    }

    /// <summary>Carries the earlier sessions' usage into this one (the run directory restores the stop conditions).</summary>
    private static List<UsageDocument> Restore(GepaRunDirectory directory, RunPreparation prep, RunReporter reporter)
    {
        if (directory.State is not { } state)
        {
            return [];
        }

        var cp = state.Checkpoint;
        var best = cp.Candidates.Max(c => c.ValScores.Count == 0 ? double.NegativeInfinity : c.ValScores.Values.Average());
        reporter.State.Restore(cp.TotalMetricCalls, cp.Iteration + 1, best, (int)cp.Counters.GetValueOrDefault("proposalsAccepted"), (int)cp.Counters.GetValueOrDefault("proposalsTried"));
        var usage = state.Host.TryGetValue(UsageKey, out var u) ? u.Deserialize(CliJsonContext.Default.ListUsageDocument) ?? [] : [];
        foreach (var role in usage)
        {
            prep.Runtime.Usage.Add(new RoleUsage(role.Role, role.Calls, role.FailedCalls, role.InputTokens, role.OutputTokens, 0, 0, role.Cost));
        }

        return usage;
    }

    private static Dictionary<string, JsonElement> HostState(RunPreparation prep, ModelClients clients, List<UsageDocument> previous)
    {
        return new Dictionary<string, JsonElement>(StringComparer.Ordinal)
        {
            [UsageKey] = CliJsonWriter.ToElement(Usage(prep, clients, previous)),
        };
    }

    /// <summary>The whole run's usage: the tracker holds every session's calls and tokens (the earlier ones were added on
    /// resume); retries and cache hits live in this session's pipelines, so the earlier sessions' are added here.</summary>
    private static IReadOnlyList<UsageDocument> Usage(RunPreparation prep, ModelClients clients, List<UsageDocument> previous) =>
        [.. UsageReport.Collect(prep.Runtime.Usage, clients).Select(u => previous.Find(p => p.Role == u.Role) is { } p
            ? u with { Retries = u.Retries + p.Retries, CacheHits = u.CacheHits + p.CacheHits }
            : u)];

    private static bool IsModelFailure(Exception e) =>
        ModelTransportException.IsTransportFailure(e) || TransientFailure.TryGetStatusCode(e) is not null || TransientFailure.IsTransient(e);

    // An adapter names the role whose call failed; otherwise the reflection model is called by the engine and the task
    // model by the adapter, so blame the task model unless the failure surfaced from the reflection step.
    private static ModelConfig Blame(Exception e, GepaRunConfig config) => ModelTransportException.Find(e)?.Role switch
    {
        "judge" when config.JudgeModel is { } judge => judge,
        "task" => config.TaskModel,
        _ => e.StackTrace?.Contains("Reflect", StringComparison.Ordinal) == true ? config.ReflectionModel : config.TaskModel,
    };

    private static void Preflight(RunReporter reporter, GepaOptions options, RunPreparation prep, GepaRunConfig config, GepaRunDirectory directory)
    {
        var estimate = GepaBudget.Estimate(options, prep.Task.ValCount, prep.Task.TrainCount);
        var models = $"task: {config.TaskModel.Provider} {config.TaskModel.Model}; reflection: {config.ReflectionModel.Provider} {config.ReflectionModel.Model}"
            + (config.JudgeModel is { } j ? $"; judge: {j.Provider} {j.Model}" : "");
        if (config.UsesSimulation)
        {
            reporter.Info(SimulationNotice.BannerFor(config));
            reporter.Event(new ProgressEvent { Event = "note", Message = SimulationNotice.BannerFor(config) });
        }

        var task = config.IsRuleWorldTask ? $"task: rule-world (simulated; {config.World}); " : "";
        reporter.Info($"gepa: {task}{prep.Task.TrainCount} train / {prep.Task.ValCount} val examples; {models}");
        if (directory.Session > 1)
        {
            var from = directory.State is { } s
                ? $"resuming after iteration {s.Checkpoint.Iteration + 1} ({s.Checkpoint.TotalMetricCalls} rollouts spent, {s.Checkpoint.Candidates.Count} candidates)"
                : "resuming from the start (no iteration had been saved)";
            reporter.Info($"run directory {directory.FullPath}: session {directory.Session}, {from}");
        }
        else
        {
            reporter.Info($"run directory {directory.FullPath}");
        }

        reporter.Info($"budget {options.MaxMetricCalls} rollouts allows about {estimate.ApproximateProposals} proposals = {estimate.Explanation}");
        if (estimate.IsLow)
        {
            reporter.Info($"warning: fewer than {BudgetEstimate.LowProposalWarningThreshold} proposals fit in this budget; GEPA needs several to improve anything. Raise engine.max-metric-calls or lower engine.minibatch-size.");
        }

        reporter.Event(new ProgressEvent { Event = "preflight", Budget = options.MaxMetricCalls, EstimatedProposals = estimate.ApproximateProposals, Message = estimate.Explanation + (estimate.IsLow ? " (low)" : ""), RunDirectory = directory.FullPath });
    }

    private static void Summary(RunReporter reporter, TextWriter output, GepaResult result, ResultDocument document, string runDirectory, string? resume, SecretRedactor redactor)
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
                TestScore = document.TestScore,
                RunDirectory = runDirectory,
                ResumeCommand = resume,
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
        };
        if (document.TestScore is { } testScore)
        {
            lines.Add($"Test:      {F(testScore)} on {document.TestExamples} test examples (candidate {result.BestIndex}; {document.TestNote})");
        }

        lines.Add("Models:");
        lines.AddRange(document.Usage.Select(u => "  " + UsageReport.Line(u)));
        var total = document.Usage.Where(u => u.Cost is not null).Sum(u => u.Cost!.Value);
        if (document.Usage.Any(u => u.Cost is not null))
        {
            lines.Add($"  total cost {total.ToString("0.####", CultureInfo.InvariantCulture)}");
        }

        lines.Add($"Files:     {resultPath}");
        lines.Add($"           {bestPath}");
        lines.Add($"Run:       {runDirectory} (picture: gepa report {runDirectory})");
        if (resume is not null)
        {
            lines.Add($"Resume:    the run directory is consistent and resumable; continue with: {resume}");
        }

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
