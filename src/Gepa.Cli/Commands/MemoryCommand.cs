using System.CommandLine;
using System.Globalization;
using Gepa.Cli.Cli;
using Gepa.Cli.Configuration;
using Gepa.Cli.Providers;
using Microsoft.Extensions.AI;

namespace Gepa.Cli.Commands;

/// <summary><c>gepa memory list|show|prune|export|import|ingest</c>: inspect and curate the cross-task memory bank.</summary>
internal static class MemoryCommand
{
    /// <summary>The environment variable that names the bank when <c>--bank</c> is not given.</summary>
    public const string BankVariable = "GEPA_MEMORY";

    /// <summary>Builds the command.</summary>
    /// <param name="env">The environment.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliEnvironment env)
    {
        var memory = new Command("memory", "Inspect and curate the cross-task memory bank (lessons, task profiles, best candidates): list, show, prune, export, import, ingest.");

        Option<string?> Bank() => new("--bank") { Description = $"The memory bank file (default: ${BankVariable}, else ~/.gepa/memory.db)." };
        Option<string?> Embedder() => new("--embedder") { Description = "The embedding model the bank was built with: hashed (the default: a bag of words built in, no model or key), or PROVIDER:MODEL with openai, openai-compatible, azure-openai or ollama (for example ollama:nomic-embed-text). A bank refuses any other embedder than the one that filled it." };
        Option<string?> EmbedderUrl() => new("--embedder-url") { Description = "The embedding server's endpoint (required for openai-compatible and azure-openai; ollama defaults to http://localhost:11434)." };
        Option<string?> EmbedderKeyEnv() => new("--embedder-key-env") { Description = "The NAME of the environment variable holding the embedding API key (default: OPENAI_API_KEY or AZURE_OPENAI_API_KEY; none for local servers)." };
        Option<string?> Config() => new("--config") { Description = "A gepa configuration file: its embedding-model section chooses the embedder and its memory.bank the bank (options given here win)." };
        Option<bool> Verbose() => new("--verbose", "-v") { Description = "Print stack traces with errors." };

        var listBank = Bank();
        var listEmbedder = new MemoryEmbedderOptions(Embedder(), EmbedderUrl(), EmbedderKeyEnv(), Config());
        var listVerbose = Verbose();
        var role = new Option<string?>("--role") { Description = "Only the lessons of this role (component)." };
        var list = new Command("list", "List the lessons (id, role, helpful/harmful, validation gain, text), then the tasks and best candidates.") { listBank, listEmbedder.Embedder, listEmbedder.Url, listEmbedder.KeyEnv, listEmbedder.Config, role, listVerbose };
        list.SetAction(p => WithBank(env, p.GetValue(listBank), listEmbedder.Read(p), p.GetValue(listVerbose), bank => List(bank, p.GetValue(role), env)));
        memory.Add(list);

        var showBank = Bank();
        var showEmbedder = new MemoryEmbedderOptions(Embedder(), EmbedderUrl(), EmbedderKeyEnv(), Config());
        var showVerbose = Verbose();
        var id = new Argument<long>("id") { Description = "The lesson id (as in 'gepa memory list')." };
        var show = new Command("show", "Show one lesson with the edits that are its evidence (diff, scores, feedback).") { id, showBank, showEmbedder.Embedder, showEmbedder.Url, showEmbedder.KeyEnv, showEmbedder.Config, showVerbose };
        show.SetAction(p => WithBank(env, p.GetValue(showBank), showEmbedder.Read(p), p.GetValue(showVerbose), bank => Show(bank, p.GetValue(id), env)));
        memory.Add(show);

        var pruneBank = Bank();
        var pruneEmbedder = new MemoryEmbedderOptions(Embedder(), EmbedderUrl(), EmbedderKeyEnv(), Config());
        var pruneVerbose = Verbose();
        var prune = new Command("prune", "Remove the lessons that have been harmful more often than helpful.") { pruneBank, pruneEmbedder.Embedder, pruneEmbedder.Url, pruneEmbedder.KeyEnv, pruneEmbedder.Config, pruneVerbose };
        prune.SetAction(p => WithBank(env, p.GetValue(pruneBank), pruneEmbedder.Read(p), p.GetValue(pruneVerbose), bank =>
        {
            env.Out.WriteLine($"Pruned {bank.Prune()} lesson(s); {bank.ListLessons().Count} remain.");
            return Task.FromResult(ExitCodes.Success);
        }));
        memory.Add(prune);

        var exportBank = Bank();
        var exportEmbedder = new MemoryEmbedderOptions(Embedder(), EmbedderUrl(), EmbedderKeyEnv(), Config());
        var exportVerbose = Verbose();
        var exportFile = new Argument<string>("file") { Description = "The JSON file to write." };
        var export = new Command("export", "Write the bank's tasks, lessons and best candidates to a JSON file (no embeddings, no raw edits).") { exportFile, exportBank, exportEmbedder.Embedder, exportEmbedder.Url, exportEmbedder.KeyEnv, exportEmbedder.Config, exportVerbose };
        export.SetAction(p => WithBank(env, p.GetValue(exportBank), exportEmbedder.Read(p), p.GetValue(exportVerbose), bank =>
        {
            var file = Path.GetFullPath(Path.Combine(env.WorkingDirectory, p.GetValue(exportFile)!));
            var written = MemoryTransfer.Export(bank, file);
            env.Out.WriteLine($"Wrote {written.Lessons.Count} lesson(s), {written.Tasks.Count} task(s), {written.BestCandidates.Count} best candidate(s) to {file}.");
            return Task.FromResult(ExitCodes.Success);
        }));
        memory.Add(export);

        var importBank = Bank();
        var importEmbedder = new MemoryEmbedderOptions(Embedder(), EmbedderUrl(), EmbedderKeyEnv(), Config());
        var importVerbose = Verbose();
        var importFile = new Argument<string>("file") { Description = "A file written by 'gepa memory export'." };
        var import = new Command("import", "Read an export into the bank; near-duplicate lessons merge, caps apply.") { importFile, importBank, importEmbedder.Embedder, importEmbedder.Url, importEmbedder.KeyEnv, importEmbedder.Config, importVerbose };
        import.SetAction((p, ct) => WithBank(env, p.GetValue(importBank), importEmbedder.Read(p), p.GetValue(importVerbose), async bank =>
        {
            var read = await MemoryTransfer.ImportAsync(bank, Path.Combine(env.WorkingDirectory, p.GetValue(importFile)!), ct);
            env.Out.WriteLine($"Imported {read.Lessons.Count} lesson(s), {read.Tasks.Count} task(s), {read.BestCandidates.Count} best candidate(s); the bank now holds {bank.ListLessons().Count} lesson(s).");
            return ExitCodes.Success;
        }));
        memory.Add(import);

        var ingestBank = Bank();
        var ingestEmbedder = new MemoryEmbedderOptions(Embedder(), EmbedderUrl(), EmbedderKeyEnv(), Config());
        var ingestVerbose = Verbose();
        var runDir = new Argument<string>("run-dir") { Description = "A finished run directory." };
        var task = new Option<string>("--task") { Description = "The task's name in the bank (runs of the same task share it).", Required = true };
        var objective = new Option<string?>("--objective") { Description = "What the task asks, for its profile." };
        var ingest = new Command("ingest", "Learn from a finished run: its edits, its best candidate, and lessons (lines added by accepted edits that survived into the best, weighted by validation gain).") { runDir, task, objective, ingestBank, ingestEmbedder.Embedder, ingestEmbedder.Url, ingestEmbedder.KeyEnv, ingestEmbedder.Config, ingestVerbose };
        ingest.SetAction((p, ct) => WithBank(env, p.GetValue(ingestBank), ingestEmbedder.Read(p), p.GetValue(ingestVerbose), async bank =>
        {
            var result = await RunDirectoryIngestor.IngestAsync(bank, Path.Combine(env.WorkingDirectory, p.GetValue(runDir)!), p.GetValue(task)!, p.GetValue(objective) ?? "", ct);
            env.Out.WriteLine(result.AlreadyIngested
                ? $"{result.RunId} was already in the bank; nothing added."
                : $"Ingested {result.RunId}: {result.Edits} edit(s), {result.Lessons.Count} lesson(s) stored or reinforced, {result.CitedLessons} citation(s) credited.");
            return ExitCodes.Success;
        }));
        memory.Add(ingest);
        return memory;
    }

    /// <summary>Where the bank is when <c>--bank</c> is not given.</summary>
    /// <param name="env">The environment.</param>
    /// <returns>The path.</returns>
    public static string DefaultBankPath(CliEnvironment env)
    {
        ArgumentNullException.ThrowIfNull(env);
        if (env.GetEnvironmentVariable(BankVariable) is { Length: > 0 } named)
        {
            return named;
        }

        var home = env.GetEnvironmentVariable("HOME") ?? env.GetEnvironmentVariable("USERPROFILE") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return Path.Combine(home, ".gepa", "memory.db");
    }

    private static async Task<int> WithBank(CliEnvironment env, string? bankPath, MemoryEmbedderChoice choice, bool verbose, Func<MemoryBank, Task<int>> body)
    {
        var redactor = new SecretRedactor();
        var errors = new ErrorReporter(env.Error, redactor, verbose);
        ModelConfig? model = null;
        if (choice.Config is { } configFile)
        {
            if (choice.Embedder is not null || choice.Url is not null || choice.KeyEnv is not null)
            {
                return errors.Fail("--config chooses the embedder from its embedding-model section; give either --config or --embedder (with --embedder-url, --embedder-key-env), not both.", null, ExitCodes.BadInput);
            }

            try
            {
                var config = ConfigBinder.Load(Path.GetFullPath(Path.Combine(env.WorkingDirectory, configFile)), [], configFile);
                model = config.EmbeddingModel;
                bankPath ??= config.Memory?.Bank;
            }
            catch (ConfigException e)
            {
                return errors.Config(e);
            }
        }
        else if (!EmbeddingGeneratorFactory.TryParseOption(choice.Embedder ?? MemoryConstants.HashedEmbedderName, choice.Url, choice.KeyEnv, out model, out var problem))
        {
            return errors.Fail(problem!, null, ExitCodes.BadInput);
        }

        var path = Path.GetFullPath(Path.Combine(env.WorkingDirectory, bankPath ?? DefaultBankPath(env)));
        // Without an embedding model the built-in embedder is used in the version that filled the bank (version 2 for a
        // new bank), so a bank made before version 2 keeps retrieving as it did.
        IEmbeddingGenerator<string, Embedding<float>>? embedder = null;
        if (model is not null)
        {
            try
            {
                embedder = EmbeddingGeneratorFactory.Create(model, new ApiKeyResolver(name =>
                {
                    var value = env.GetEnvironmentVariable(name);
                    redactor.Add(value);
                    return value;
                }), env.RetryBaseDelay);
            }
            catch (ProviderException e)
            {
                return errors.Fail(e.Message, e, ExitCodes.BadInput);
            }
        }

        try
        {
            // The bank owns the embedder (and a remote one's HttpClient), whether it opens or not.
            var options = new MemoryBankOptions { Redact = redactor.Redact, OwnsEmbedder = true };
            using var bank = embedder is null
                ? MemoryBank.OpenWithBuiltInEmbedder(path, options)
                : MemoryBank.Open(path, embedder, options);
            return await body(bank);
        }
        catch (MemoryBankException e)
        {
            return errors.Fail(e.Message, e, ExitCodes.BadInput);
        }
        catch (Exception e) when (ModelTransportException.Find(e) is { Role: ConfigSchema.EmbeddingRole } failed)
        {
            return errors.Fail(failed.Message, e, ExitCodes.RunFailed);
        }
    }

    private static Task<int> List(MemoryBank bank, string? role, CliEnvironment env)
    {
        var o = env.Out;
        var lessons = bank.ListLessons(role);
        o.WriteLine($"{bank.FilePath}: {lessons.Count} lesson(s)");
        o.WriteLine(bank.RecordedEmbedderName is { } embedder
            ? $"embedded with {embedder} ({bank.RecordedEmbedderDimensions} dimensions)"
            : bank.RecordedEmbedderDimensions is { } d ? $"embedded with an unrecorded embedder ({d} dimensions)" : "embedded with: nothing yet");
        foreach (var l in lessons)
        {
            o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  L{l.Id,-5} {l.Role,-16} +{l.Helpful}/-{l.Harmful}  gain {l.Gain:0.###}  {l.Text}"));
        }

        var tasks = bank.ListTaskProfiles();
        o.WriteLine($"{tasks.Count} task(s): {string.Join(", ", tasks.Select(t => t.Id))}");
        foreach (var b in bank.ListBestCandidates())
        {
            o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  best of {b.RunId}: val {b.ValScore:0.###}{(b.TestScore is { } t ? $", test {t:0.###}" : "")}, {b.Rollouts} rollouts"));
        }

        return Task.FromResult(ExitCodes.Success);
    }

    private static Task<int> Show(MemoryBank bank, long id, CliEnvironment env)
    {
        if (bank.GetLesson(id) is not { } lesson)
        {
            env.Error.WriteLine($"error: {bank.FilePath} has no lesson L{id}; 'gepa memory list' shows the ids.");
            return Task.FromResult(ExitCodes.BadInput);
        }

        var o = env.Out;
        o.WriteLine($"L{lesson.Id} ({lesson.Source}, role {lesson.Role})");
        o.WriteLine($"  {lesson.Text}");
        o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  helpful {lesson.Helpful}, harmful {lesson.Harmful}, validation gain {lesson.Gain:0.###}, tasks: {string.Join(", ", lesson.Scope)}"));
        var evidence = bank.ListEdits().Where(e => lesson.Evidence.Contains(e.Id)).ToList();
        o.WriteLine($"  evidence: {evidence.Count} edit(s) in this bank" + (evidence.Count < lesson.Evidence.Count ? $" ({lesson.Evidence.Count - evidence.Count} from an imported bank)" : ""));
        foreach (var e in evidence)
        {
            o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  edit {e.Id}: {e.RunId} iteration {e.Iteration}, {e.Component}, minibatch {e.ScoreBefore} → {e.ScoreAfter}, val {(e.ValDelta is { } d ? d.ToString("+0.###;-0.###", CultureInfo.InvariantCulture) : "-")}"));
            foreach (var line in e.Diff.Split('\n'))
            {
                o.WriteLine("      " + line);
            }

            if (e.Feedback.Length > 0)
            {
                o.WriteLine("    feedback: " + e.Feedback);
            }
        }

        return Task.FromResult(ExitCodes.Success);
    }
}
