using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gepa.Cli.Cli;
using Gepa.Cli.Configuration;
using Gepa.Cli.Providers;

namespace Gepa.Cli.Anything;

/// <summary><c>gepa optimize-anything run|serve &lt;task&gt;</c>: evolve any text scored by any command (candidate in on stdin
/// or as a file, <c>{"score", "info"}</c> out on stdout), or serve that evaluator over HTTP for an external engine.</summary>
internal static class OptimizeAnythingCommand
{
    /// <summary>The run result file written into the run directory.</summary>
    public const string ResultFile = "optimize_anything_result.json";

    /// <summary>The best text, for a text candidate.</summary>
    public const string BestTextFile = "best_candidate.txt";

    /// <summary>Builds the command.</summary>
    /// <param name="env">The environment.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliEnvironment env)
    {
        var task = new Argument<string>("task") { Description = "The task file (YAML or JSON): the evaluator command, the seed or objective, the budget and the reflection model." };
        var output = new Option<string?>("--out", "-o") { Description = "The run directory (default runs/oa-<UTC time>)." };
        var resume = new Option<bool>("--resume") { Description = "Continue the run already in --out instead of refusing to touch it." };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Print only the final line." };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Print stack traces with errors." };
        var run = new Command("run", "Evolve the candidate: every evaluation runs the task's command, within the evaluation budget; writes the run directory (evals/, state, best candidate, result).")
        {
            task, output, resume, quiet, verbose,
        };
        run.SetAction((p, ct) => RunAsync(p.GetValue(task)!, p.GetValue(output), p.GetValue(resume), p.GetValue(quiet), p.GetValue(verbose), env, ct));

        var serveTask = new Argument<string>("task") { Description = "The task file." };
        var port = new Option<int>("--port", "-p") { Description = "The TCP port (0 picks a free one).", DefaultValueFactory = _ => 0 };
        var host = new Option<string>("--host") { Description = "The address to listen on; the server has no authentication.", DefaultValueFactory = _ => "127.0.0.1" };
        var serveOut = new Option<string?>("--out", "-o") { Description = "A directory to write every evaluation to (evals/)." };
        var serveVerbose = new Option<bool>("--verbose", "-v") { Description = "Print stack traces with errors." };
        var serve = new Command("serve", "Serve the task's evaluator over HTTP (POST /evaluate, POST /evaluate_examples, GET /status, GET /task) within its budget, for an external engine or agent, until Ctrl+C; the test set is never served.")
        {
            serveTask, port, host, serveOut, serveVerbose,
        };
        serve.SetAction((p, ct) => ServeAsync(p.GetValue(serveTask)!, p.GetValue(port), p.GetValue(host)!, p.GetValue(serveOut), p.GetValue(serveVerbose), env, ct));

        return new Command("optimize-anything", "Optimize any text artifact (code, a configuration, a query, a prompt) scored by any command that prints {\"score\": …, \"info\": {…}}.") { run, serve };
    }

    /// <summary>Runs <c>optimize-anything run</c>.</summary>
    public static async Task<int> RunAsync(string taskPath, string? output, bool resume, bool quiet, bool verbose, CliEnvironment env, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(env);
        var redactor = new SecretRedactor();
        var errors = new ErrorReporter(env.Error, redactor, verbose);
        var file = Path.GetFullPath(Path.Combine(env.WorkingDirectory, taskPath));
        AnythingTask task;
        try
        {
            task = AnythingTaskLoader.Load(file, taskPath);
        }
        catch (ConfigException e)
        {
            return errors.Config(e);
        }

        var dir = Path.GetFullPath(Path.Combine(env.WorkingDirectory, output ?? Path.Combine("runs", "oa-" + env.TimeProvider.GetUtcNow().ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture))));
        var holdsRun = GepaRunDirectory.Exists(dir) || File.Exists(Path.Combine(dir, ResultFile)) || Directory.Exists(Path.Combine(dir, EvaluationServer.EvalsFolder));
        if (holdsRun && !resume)
        {
            return errors.Fail($"{dir} already holds a run; continue it with --resume, or choose another --out.", null, ExitCodes.BadInput);
        }

        if (!resume)
        {
            try
            {
                // Someone's folder is refused before anything (the evaluation server's folder included) is written into it.
                GepaRunDirectory.EnsureCanCreate(dir);
            }
            catch (GepaRunDirectoryException e)
            {
                return errors.Fail(e.Message, e, ExitCodes.BadInput);
            }
        }

        if (resume && !GepaRunDirectory.Exists(dir))
        {
            return errors.Fail($"{dir} holds no run to resume{(holdsRun ? " (only the gepa engine's runs can be resumed)" : "")}.", null, ExitCodes.BadInput);
        }

        var keys = new ApiKeyResolver(env.GetEnvironmentVariable);
        redactor.Add(keys.Resolve(task.ReflectionModel));
        using var runtime = new ChatRuntime(null, env.TimeProvider) { RetryBaseDelay = env.RetryBaseDelay };
        var factory = new ChatClientFactory(runtime, keys);
        try
        {
            factory.Check(task.ReflectionModel);
        }
        catch (ProviderException e)
        {
            return errors.Fail(e.Message, e, ExitCodes.BadInput);
        }

        runtime.Limits.GetOrCreate(task.ReflectionModel.ModelKey, task.ReflectionModel.MaxConcurrency);
        using var reflection = factory.Create(task.ReflectionModel);
        var options = Options(task, reflection);
        options.RunDirectory = dir;
        options.RunDirectoryOptions = new GepaRunDirectoryOptions
        {
            Producer = "gepa optimize-anything",
            Configuration = JsonSerializer.SerializeToElement(AnythingTaskLoader.Snapshot(task), CliJsonNodes.Default.JsonObject),
            ResumeCommand = $"gepa optimize-anything run {taskPath} --out {dir} --resume",
            Redact = redactor.Redact,
            TimeProvider = env.TimeProvider,
            CheckpointInterval = task.CheckpointInterval,
        };
        var evaluator = new CommandEvaluator(EvaluatorOptions(task));
        if (!quiet)
        {
            options.Gepa.Callbacks.OnValsetEvaluated.Subscribe(a =>
            {
                lock (env.Out)
                {
                    env.Out.WriteLine($"  candidate {a.CandidateIndex}: {Format(a.AverageScore)}{(a.IsBestProgram ? " (best so far)" : "")}");
                }

                return ValueTask.CompletedTask;
            });

            env.Out.WriteLine($"optimize-anything: {Mode(task)}, engine {task.Engine}, budget {task.MaxEvaluations} evaluations, evaluator: {string.Join(' ', task.Command)}");
            env.Out.WriteLine($"run directory: {dir}");
        }

        OptimizeAnythingResult result;
        try
        {
            Directory.CreateDirectory(dir);
            result = task.Dataset is null
                ? await OptimizeAnything.RunAsync(task.Seed, (text, ctx) => evaluator.EvaluateAsync(Candidate.FromText(OptimizeAnythingConstants.TextComponent, text), ctx), options, cancellationToken)
                : await OptimizeAnything.RunAsync(task.Seed, (string text, JsonNode? ex, EvaluationContext ctx) => evaluator.EvaluateAsync(Candidate.FromText(OptimizeAnythingConstants.TextComponent, text), ex, ctx), task.Dataset, task.Valset, options, task.Testset, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            env.Error.WriteLine($"cancelled; the run directory keeps every evaluation ({dir}).");
            return ExitCodes.Cancelled;
        }
        catch (Exception e) when (e is SeedGenerationException or EvaluatorFailureException or ArgumentException or GepaRunDirectoryException)
        {
            return errors.Fail(e.Message, e, e is ArgumentException ? ExitCodes.BadInput : ExitCodes.RunFailed);
        }

        Write(dir, result);
        var test = result.BestTestScore is { } bt ? $"; test {Format(result.SeedTestScore!.Value)} → {Format(bt)}" : "";
        env.Out.WriteLine($"best score {Format(result.BestScore)} after {result.EvaluationsUsed}/{result.MaxEvaluations} evaluations ({result.EvaluationFailures} failed){test}; stopped: {result.StopMessage}");
        env.Out.WriteLine($"best candidate: {Path.Combine(dir, BestTextFile)}");
        return ExitCodes.Success;
    }

    /// <summary>Runs <c>optimize-anything serve</c>.</summary>
    public static async Task<int> ServeAsync(string taskPath, int port, string host, string? output, bool verbose, CliEnvironment env, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(env);
        var errors = new ErrorReporter(env.Error, new SecretRedactor(), verbose);
        AnythingTask task;
        try
        {
            task = AnythingTaskLoader.Load(Path.GetFullPath(Path.Combine(env.WorkingDirectory, taskPath)), taskPath);
        }
        catch (ConfigException e)
        {
            return errors.Config(e);
        }

        var options = Options(task, null);
        options.RunDirectory = output is null ? null : Path.GetFullPath(Path.Combine(env.WorkingDirectory, output));
        var evaluator = new CommandEvaluator(EvaluatorOptions(task));
        var seed = task.Seed is null ? null : Candidate.FromText(OptimizeAnythingConstants.TextComponent, task.Seed);
        using var evaluation = task.Dataset is null
            ? EvaluationServer.Create((c, ctx) => evaluator.EvaluateAsync(c, ctx), seed, options)
            : EvaluationServer.Create((Candidate c, JsonNode? x, EvaluationContext ctx) => evaluator.EvaluateAsync(c, x, ctx), task.Dataset, task.Valset, seed, options);
        EvaluationHttpServer listening;
        try
        {
            listening = new EvaluationHttpServer(evaluation, port, host);
        }
        catch (ArgumentException e)
        {
            return errors.Fail("--host: " + e.Message.Split(" (Parameter", 2)[0], e, ExitCodes.BadInput);
        }

        await using var server = listening;
        try
        {
            await server.StartAsync(cancellationToken);
        }
        catch (InvalidOperationException e)
        {
            return errors.Fail(e.Message, e, ExitCodes.BadInput);
        }

        env.Out.WriteLine($"optimize-anything evaluation server listening on {server.BaseAddress}");
        env.Out.WriteLine($"  budget: {task.MaxEvaluations} evaluations; {Mode(task)}{(task.Testset is null ? "" : "; the test set is not served")}");
        env.Out.WriteLine("  routes: POST /evaluate, POST /evaluate_examples, GET /status, GET /task; HTTP 429 once the budget is spent");
        env.Out.WriteLine("Press Ctrl+C to stop.");
        await env.Out.FlushAsync(CancellationToken.None);
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException)
        {
        }

        var s = evaluation.Status;
        env.Out.WriteLine($"stopped after {s.Used}/{s.MaxEvaluations} evaluations ({s.Failures} failed); best single score {(s.BestScore is { } b ? Format(b) : "none")}.");
        return ExitCodes.Success;
    }

    private static OptimizeAnythingOptions Options(AnythingTask task, Microsoft.Extensions.AI.IChatClient? reflection)
    {
        var options = new OptimizeAnythingOptions
        {
            Objective = task.Objective,
            Background = task.Background,
            ReflectionModel = reflection,
            MaxEvaluations = task.MaxEvaluations,
            MaxConcurrency = task.MaxConcurrency,
            Engine = task.Engine,
            StopAtScore = task.StopAtScore,
            MaxConsecutiveEvaluatorFailures = task.MaxConsecutiveFailures,
            ReferencePrompts = task.ReferencePrompts,
            ExampleId = x => x is JsonObject o && o["id"] is JsonValue id ? id.ToString() : null,
        };
        options.Gepa.Seed = task.EngineSeed;
        if (task.MinibatchSize is { } mb)
        {
            options.Gepa.MinibatchSize = mb;
        }

        return options;
    }

    private static CommandEvaluatorOptions EvaluatorOptions(AnythingTask task)
    {
        var o = new CommandEvaluatorOptions
        {
            FileName = task.Command[0],
            CandidateInput = task.CandidateInput,
            Timeout = task.Timeout,
            WorkingDirectory = task.WorkingDirectory,
        };
        foreach (var arg in task.Command.Skip(1))
        {
            o.Arguments.Add(arg);
        }

        foreach (var (k, v) in task.Environment)
        {
            o.Environment[k] = v;
        }

        return o;
    }

    private static string Mode(AnythingTask task) =>
        task.Dataset is null ? "single-task search" : task.Valset is null ? $"multi-task search over {task.Dataset.Count} examples" : $"generalization ({task.Dataset.Count} train, {task.Valset.Count} val)";

    private static void Write(string dir, OptimizeAnythingResult r)
    {
        var o = new JsonObject
        {
            ["engine"] = r.Engine,
            ["best_score"] = r.BestScore,
            ["best_candidate"] = new JsonObject([.. r.BestCandidate.Select(kv => new KeyValuePair<string, JsonNode?>(kv.Key, kv.Value))]),
            ["seed"] = new JsonObject([.. r.Seed.Select(kv => new KeyValuePair<string, JsonNode?>(kv.Key, kv.Value))]),
            ["seed_generated"] = r.SeedGenerated,
            ["seed_test_score"] = r.SeedTestScore,
            ["best_test_score"] = r.BestTestScore,
            ["evaluations_used"] = r.EvaluationsUsed,
            ["max_evaluations"] = r.MaxEvaluations,
            ["evaluation_failures"] = r.EvaluationFailures,
            ["stop_reason"] = r.StopReason,
            ["stop_message"] = r.StopMessage,
        };
        AtomicWrite.WriteAllText(Path.Combine(dir, ResultFile), o.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        if (r.BestText is { } text)
        {
            AtomicWrite.WriteAllText(Path.Combine(dir, BestTextFile), text);
        }
    }

    private static string Format(double d) => d.ToString("0.####", CultureInfo.InvariantCulture);
}
