using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gepa.Cli.Cli;
using Gepa.Cli.Commands;
using Gepa.Cli.Configuration;
using Gepa.Cli.Output;
using Gepa.Cli.Providers;
using Microsoft.Extensions.AI;

namespace Gepa.Cli.Running;

/// <summary>What <c>gepa optimize</c> does with the <c>memory</c> section: before a new run, retrieves lessons into the
/// reflection templates and chooses the starting candidate; after it, learns from the run. What was decided at the start
/// is kept in the run directory's <c>memory-start.json</c>, so <c>gepa resume</c> continues with the same templates and
/// budget whatever the bank holds by then.</summary>
internal static class MemoryRun
{
    /// <summary>The file, in the run directory, that records what memory changed at the start.</summary>
    public const string StartFileName = "memory-start.json";

    /// <summary>Re-applies what memory decided when a run started (reflection templates, rollouts taken off the budget).</summary>
    /// <param name="runDirectory">The run directory.</param>
    /// <param name="options">The engine options to change.</param>
    /// <returns>The candidate the run started from, or <see langword="null"/> when the run directory has no memory start.</returns>
    /// <exception cref="ConfigException">The file is not readable as written by this tool.</exception>
    public static Candidate? Restore(string runDirectory, GepaOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var file = Path.Combine(runDirectory, StartFileName);
        if (!File.Exists(file))
        {
            return null;
        }

        try
        {
            var root = JsonNode.Parse(File.ReadAllText(file))!.AsObject();
            foreach (var (component, template) in root["templates"]!.AsObject())
            {
                options.ComponentReflectionPromptTemplates[component] = template!.GetValue<string>();
            }

            options.MaxMetricCalls -= root["rolloutsSpent"]!.GetValue<int>();
            var seed = new Candidate(root["seed"]!.AsObject().Select(c => new KeyValuePair<string, string>(c.Key, c.Value!.GetValue<string>())));
            // What the start scored of its seed goes to the engine again, so a run resumed before its first checkpoint does
            // not evaluate (and charge) those examples twice; without the outputs, which only the report would show.
            if (root["startScores"] is JsonObject known)
            {
                options.PriorSeedEvaluation = new PriorEvaluation { Candidate = seed, Batch = PriorFromJson(known) };
            }

            return seed;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or NullReferenceException or FormatException or ArgumentException)
        {
            throw new ConfigException(new ConfigError(new SourceLocation(file, 0, 0), null, "is not a memory start this tool wrote; restore it, or start a new run."));
        }
    }

    /// <summary>Before a new run: retrieves lessons (mode 1), chooses among the seed, the lesson-augmented seed (mode 3)
    /// and the best candidates of similar tasks (mode 2), takes the rollouts spent off the budget, and records it all.</summary>
    /// <param name="memory">The memory settings.</param>
    /// <param name="bank">The open bank.</param>
    /// <param name="task">The prepared task (to score candidates on the validation set).</param>
    /// <param name="clients">The model pipelines.</param>
    /// <param name="options">The engine options (templates and budget are changed).</param>
    /// <param name="seed">The configured seed.</param>
    /// <param name="runDirectory">The run directory.</param>
    /// <param name="info">Receives one line per decision for the user.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The candidate the run starts from.</returns>
    public static async Task<Candidate> StartAsync(MemorySettings memory, MemoryBank bank, PreparedTask task, ModelClients clients, GepaOptions options, Candidate seed, string runDirectory, Action<string> info, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(memory);
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(seed);
        ArgumentNullException.ThrowIfNull(info);
        // A start interrupted before it recorded its decision (no memory-start.json) is made again from the beginning: the
        // retrievals it logged go, so that memory.jsonl holds the start the run makes.
        File.Delete(Path.Combine(runDirectory, LessonRetriever.LogFileName));
        var retriever = new LessonRetriever(bank, memory.Retrieval);
        var lessons = new Dictionary<string, IReadOnlyList<RetrievedLesson>>(StringComparer.Ordinal);
        if (memory.LessonsInReflection || memory.LessonAugmentedSeed)
        {
            foreach (var (component, text) in seed)
            {
                var query = memory.Objective is null ? text : memory.Objective + "\n" + text;
                lessons[component] = await retriever.RetrieveAsync(query, component, memory.TaskId, runDirectory, cancellationToken);
            }
        }

        var similar = new List<StartingCandidate>();
        if (memory.SimilarTaskCandidates)
        {
            var profile = new TaskProfile { Id = memory.TaskId, Objective = memory.Objective ?? "", SeedTexts = seed.ToDictionary(c => c.Key, c => c.Value, StringComparer.Ordinal) };
            var query = await bank.EmbedAsync(profile.DescribeForEmbedding(), cancellationToken);
            similar.AddRange(StartingCandidates.FromSimilarTasks(bank, query, [.. seed.Keys], memory.TaskId, memory.Start));
        }

        // The relevance probe (memory.guard.probe) and the race (memory.guard.race-start) on a prefix of the validation set;
        // with traces, so that the report can show the start's outputs on the examples the engine then does not evaluate.
        var raceSize = memory.RaceStart ? Math.Min(options.MinibatchSize, task.ValCount) : 0;
        var budget = options.MaxMetricCalls ?? 0;
        var start = await MemoryStart.DecideAsync(
            new MemoryStartOptions
            {
                Seed = seed,
                Lessons = lessons,
                LessonsInReflection = memory.LessonsInReflection,
                LessonAugmentedSeed = memory.LessonAugmentedSeed,
                SimilarTaskCandidates = similar,
                Probe = memory.GuardProbe,
                RaceExamples = raceSize,
                ValidationCount = task.ValCount,
                Budget = budget,
                MaxBudgetShare = memory.Start.MaxBudgetShare,
            },
            (c, first, count, ct) => task.EvaluateAsync(clients, c, "val", first, count, captureTraces: true, ct),
            cancellationToken);
        var probe = start.Probe;
        if (start.Probed)
        {
            info(ProbeLine(lessons.Values.Sum(l => l.Count), probe));
        }

        var templates = new JsonObject();
        if (start.ShowLessons)
        {
            foreach (var (component, found) in lessons.Where(l => l.Value.Count > 0))
            {
                var template = options.ComponentReflectionPromptTemplates.TryGetValue(component, out var t) ? t : options.ReflectionPromptTemplate ?? ReflectionPrompt.DefaultTemplate;
                var withLessons = LessonPrompt.AddLessons(template, found);
                options.ComponentReflectionPromptTemplates[component] = withLessons;
                templates[component] = withLessons;
            }

            info($"memory: {lessons.Values.Sum(l => l.Count)} lesson(s) from {bank.FilePath} in the reflection prompt (logged in {LessonRetriever.LogFileName}).");
        }

        var choice = start.Choice;
        var raced = raceSize > 0;
        var spent = start.RolloutsSpent;
        options.MaxMetricCalls = budget - spent;
        options.PriorSeedEvaluation = start.StartEvaluation;
        if (choice.Considered.Count > 1)
        {
            info(StartLine(choice.Considered.Count - 1, choice, choice.RolloutsSpent, raced ? raceSize : null));
        }

        var record = new JsonObject
        {
            ["task"] = memory.TaskId,
            ["bank"] = bank.FilePath,
            ["templates"] = templates,
            ["lessons"] = new JsonObject(lessons.Select(l => KeyValuePair.Create(l.Key, (JsonNode?)new JsonArray([.. l.Value.Select(r => JsonValue.Create(r.Lesson.Id))])))),
            ["guard"] = new JsonObject { ["lessons"] = memory.GuardLessons, ["raceStart"] = raced, ["probe"] = start.Probed },
            ["probe"] = start.Probed
                ? new JsonObject
                {
                    ["examples"] = probe.Examples,
                    ["seedScore"] = probe.Examples == 0 ? null : probe.SeedMean,
                    ["augmentedScore"] = probe.Examples == 0 ? null : probe.AugmentedMean,
                    ["passed"] = probe.Passed,
                    ["rollouts"] = probe.RolloutsSpent,
                }
                : null,
            ["raceExamples"] = raced ? raceSize : null,
            ["considered"] = new JsonArray([.. choice.Considered.Select(c => new JsonObject
            {
                ["origin"] = c.Origin,
                ["similarity"] = Math.Round(c.Similarity, 4),
                ["raced"] = c.RaceScore is not null,
                ["raceScore"] = c.RaceScore,
                ["validated"] = c.Score is not null,
                ["score"] = c.Score,
            })]),
            ["chosen"] = choice.Chosen.Origin,
            ["seed"] = new JsonObject(choice.Chosen.Candidate.Select(c => KeyValuePair.Create(c.Key, (JsonNode?)JsonValue.Create(c.Value)))),
            ["rolloutsSpent"] = spent,
            ["startScores"] = start.StartEvaluation is { } known ? PriorToJson(known.Batch) : null,
        };
        AtomicWrite.WriteAllText(Path.Combine(runDirectory, StartFileName), record.ToJsonString(new JsonSerializerOptions(CliJsonContext.Default.Options) { WriteIndented = true }));
        return choice.Chosen.Candidate;
    }

    /// <summary>After a finished run: adds it to the bank, then, when asked, distills lessons with the reflection model.</summary>
    /// <param name="memory">The memory settings.</param>
    /// <param name="bank">The open bank.</param>
    /// <param name="clients">The model pipelines (the reflection model distills).</param>
    /// <param name="runDirectory">The run directory.</param>
    /// <param name="info">Receives one line for the user.</param>
    /// <param name="redact">The run's redaction, for a model's error quoted to the user.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>A task that completes when the run is learned.</returns>
    public static async Task LearnAsync(MemorySettings memory, MemoryBank bank, ModelClients clients, string runDirectory, Action<string> info, Func<string, string> redact, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(memory);
        ArgumentNullException.ThrowIfNull(clients);
        ArgumentNullException.ThrowIfNull(info);
        ArgumentNullException.ThrowIfNull(redact);
        var ingested = await RunDirectoryIngestor.IngestAsync(bank, runDirectory, memory.TaskId, memory.Objective ?? "", cancellationToken);
        if (ingested.AlreadyIngested)
        {
            info($"memory: this run was already in {bank.FilePath}.");
            return;
        }

        var learned = $"memory: learned from this run into {bank.FilePath}: {ingested.Lessons.Count} lesson(s)";
        if (!memory.Distill)
        {
            info(learned + ".");
            return;
        }

        try
        {
            var distilled = await new LessonDistiller(clients.Reflection).DistillAsync(bank, memory.TaskId, cancellationToken);
            info(learned + $", {distilled.Count} distilled.");
        }
        catch (Exception e) when (e is not MemoryBankException && !cancellationToken.IsCancellationRequested)
        {
            // Whatever the reflection model did (unreachable, refused, timed out): the run is in the bank already, so
            // ingesting it again would do nothing; but the distiller reads every edit of the task, so the task's next run
            // distills this one's edits with its own.
            info(learned + $"; distilling failed ({redact((ModelTransportException.Find(e) ?? e).Message)}), so the next run of task '{memory.TaskId}' distills this run's edits with its own.");
        }
    }

    /// <summary>Opens the bank of the settings, with the run's redaction.</summary>
    /// <param name="memory">The memory settings.</param>
    /// <param name="env">The environment.</param>
    /// <param name="redactor">The run's redaction.</param>
    /// <returns>The bank; disposing it disposes its embedder.</returns>
    /// <exception cref="MemoryBankException">The file is corrupt, locked, or from a newer schema.</exception>
    /// <exception cref="ConfigException">The embedding model's API key variable is not set.</exception>
    public static MemoryBank OpenBank(MemorySettings memory, CliEnvironment env, SecretRedactor redactor)
    {
        ArgumentNullException.ThrowIfNull(memory);
        ArgumentNullException.ThrowIfNull(env);
        ArgumentNullException.ThrowIfNull(redactor);
        var path = Path.GetFullPath(Path.Combine(env.WorkingDirectory, memory.Bank ?? MemoryCommand.DefaultBankPath(env)));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        // The bank owns the embedder: a remote one holds an HttpClient, released with the bank. Without an embedding model
        // the built-in embedder is used in the version that filled the bank (version 2 for a new bank).
        var options = new MemoryBankOptions { Redact = redactor.Redact, OwnsEmbedder = true };
        if (memory.Embedding is null)
        {
            return MemoryBank.OpenWithBuiltInEmbedder(path, options);
        }

        IEmbeddingGenerator<string, Embedding<float>> embedder;
        try
        {
            // The embedding model's key is checked and redacted with the other models' (it is one of config.Models).
            embedder = EmbeddingGeneratorFactory.Create(memory.Embedding, env.GetEnvironmentVariable, env.RetryBaseDelay);
        }
        catch (ProviderException e)
        {
            throw new ConfigException(new ConfigError(null, null, e.Message));
        }

        return MemoryBank.Open(path, embedder, options);
    }

    /// <summary>Puts the lesson gate (<c>memory.guard.lessons</c>) on a run whose memory start showed lessons in the
    /// reflection prompt with the guard on, as recorded in <c>memory-start.json</c> (so a resumed run keeps the decision
    /// it started with): the gate learns from the run's events and is saved with its checkpoints, restored from the last
    /// one on resume.</summary>
    /// <param name="directory">The run directory.</param>
    /// <param name="options">The engine options (the gate subscribes to their callbacks; its seed is theirs).</param>
    /// <param name="clients">The model pipelines.</param>
    /// <returns>The pipelines the engine runs with: the reflection model behind the gate, or <paramref name="clients"/>
    /// itself without one.</returns>
    /// <exception cref="ConfigException">The start file is not readable as written by this tool.</exception>
    public static ModelClients Guard(GepaRunDirectory directory, GepaOptions options, ModelClients clients)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(clients);
        var file = Path.Combine(directory.FullPath, StartFileName);
        if (!File.Exists(file))
        {
            return clients;
        }

        bool gated;
        try
        {
            var root = JsonNode.Parse(File.ReadAllText(file))!.AsObject();
            gated = root["guard"]?["lessons"]?.GetValue<bool>() == true && root["templates"]!.AsObject().Count > 0;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or NullReferenceException or FormatException)
        {
            throw new ConfigException(new ConfigError(new SourceLocation(file, 0, 0), null, "is not a memory start this tool wrote; restore it, or start a new run."));
        }

        if (!gated)
        {
            return clients;
        }

        var gate = new LessonGate(options.Seed);
        try
        {
            directory.AddExtension(LessonGate.ExtensionName, gate);
        }
        catch (FormatException e)
        {
            throw new ConfigException(new ConfigError(new SourceLocation(Path.Combine(directory.FullPath, GepaRunDirectory.StateFileName), 0, 0), null, e.Message));
        }

        gate.Attach(options);
        return clients with { Reflection = gate.Wrap(clients.Reflection) };
    }

    private static string ProbeLine(int lessonCount, LessonProbeResult probe)
    {
        static string F(double d) => d.ToString("0.###", CultureInfo.InvariantCulture);
        if (probe.Examples == 0)
        {
            return $"memory: memory.start.budget-share leaves no rollouts for the relevance probe, so the {lessonCount} retrieved lesson(s) are not used (memory.guard.probe).";
        }

        var scores = $"the seed with the {lessonCount} retrieved lesson(s) scored {F(probe.AugmentedMean)} against the seed's {F(probe.SeedMean)} on {probe.Examples} validation example(s) ({probe.RolloutsSpent} rollouts, taken off the budget)";
        return probe.Passed
            ? $"memory: relevance probe passed: {scores}."
            : $"memory: relevance probe failed: {scores}; not higher, so the lessons are not used and the reflection prompts are the cold run's (memory.guard.probe).";
    }

    private static string StartLine(int extra, StartingChoice choice, int spent, int? raceSize)
    {
        static string F(double d) => d.ToString("0.###", CultureInfo.InvariantCulture);
        var raced = choice.Considered.Where(c => c.RaceScore is not null).ToList();
        var validated = choice.Considered.Where(c => c.Score is not null).ToList();
        if (raced.Count == 0 && validated.Count == 0)
        {
            return $"memory: {extra} extra starting candidate(s) found, but memory.start.budget-share leaves too few rollouts to score them; starting from the seed.";
        }

        var line = "memory: ";
        if (raceSize is { } size && raced.Count > 0)
        {
            line += $"raced {raced.Count - 1} starting candidate(s) against the seed on {size} validation example(s): "
                + string.Join(", ", raced.Select(c => $"{c.Origin} {F(c.RaceScore!.Value)}")) + "; ";
            if (validated.Count == 0)
            {
                return line + $"none beat the seed, starting from it ({spent} rollouts, taken off the budget).";
            }
        }

        return line + $"scored {validated.Count} on the validation set: "
            + string.Join(", ", validated.Select(c => $"{c.Origin} {F(c.Score!.Value)}"))
            + $"; starting from {choice.Chosen.Origin} ({spent} rollouts, taken off the budget).";
    }

    private static JsonObject PriorToJson(EvaluationBatch batch) => new()
    {
        ["scores"] = new JsonArray([.. batch.Scores.Select(d => JsonValue.Create(d))]),
        ["objectives"] = batch.ObjectiveScores is { } objectives
            ? new JsonArray([.. objectives.Select(o => new JsonObject(o.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)JsonValue.Create(kv.Value)))))])
            : null,
    };

    private static EvaluationBatch PriorFromJson(JsonObject known)
    {
        var scores = known["scores"]!.AsArray().Select(n => n!.GetValue<double>()).ToList();
        var objectives = known["objectives"] is JsonArray o
            ? o.Select(e => (IReadOnlyDictionary<string, double>)e!.AsObject().ToDictionary(kv => kv.Key, kv => kv.Value!.GetValue<double>(), StringComparer.Ordinal)).ToList()
            : null;
        return new EvaluationBatch(scores, objectiveScores: objectives);
    }
}
