using System.Globalization;
using Gepa.Simulation;

namespace Gepa.Cli.Configuration;

/// <summary>Every configuration key the <c>gepa</c> tool understands, with its type, default and range.</summary>
/// <remarks>This list drives validation, "did you mean" suggestions and the tests that keep docs/configuration.md
/// complete. Engine keys map one to one onto <c>GepaOptions</c>.</remarks>
internal static class ConfigSchema
{
    /// <summary>The model sections.</summary>
    public static readonly IReadOnlyList<string> ModelSections = ["task-model", "reflection-model", "judge-model"];

    /// <summary>The provider names.</summary>
    public static readonly IReadOnlyList<string> Providers = ["openai", "openai-compatible", "azure-openai", "anthropic", "ollama", "rule-world", "multihop-sim"];

    /// <summary>The section that chooses the embedding model of memory retrieval and the semantic metric.</summary>
    public const string EmbeddingSection = "embedding-model";

    /// <summary>The role name of the embedding model, in messages (<c>embedding model (ollama 'nomic-embed-text')</c>).</summary>
    public const string EmbeddingRole = "embedding";

    /// <summary>The embedding providers: <c>hashed</c> needs no model, key or network; the others are the
    /// <see cref="Providers"/> whose SDKs the tool already carries that serve embeddings.</summary>
    public static readonly IReadOnlyList<string> EmbeddingProviders = ["hashed", "openai", "openai-compatible", "azure-openai", "ollama"];

    /// <summary>The task kinds (the <c>task</c> key).</summary>
    public static readonly IReadOnlyList<string> Tasks = ["chat-prompt", "rule-world", "pipeline"];

    /// <summary>The values of <c>strategy</c>: GEPA itself, or one of the baselines it is measured against.</summary>
    public static readonly IReadOnlyList<string> Strategies = ["gepa", "scalar-only", "random-search", "best-of-n"];

    /// <summary>The metric names.</summary>
    public static readonly IReadOnlyList<string> Metrics = ["contains", "exact", "regex", "numeric", "f1", "json-field", "llm-judge", "semantic", "self-consistency", "evaluator"];

    /// <summary>Keys that would hold a secret; the config file may not contain them.</summary>
    public static readonly IReadOnlyList<string> SecretKeyNames = ["api-key", "api_key", "apikey", "apiKey", "key", "secret", "token", "password", "access-token", "bearer"];

    /// <summary>Gets every key, in documentation order.</summary>
    public static IReadOnlyList<ConfigKey> Keys { get; } = Build();

    private static readonly Dictionary<string, ConfigKey> ByPath = Keys.ToDictionary(k => k.Path, StringComparer.Ordinal);

    /// <summary>Gets every section path (a prefix of some key), including nested ones like <c>engine.stop</c>.</summary>
    public static IReadOnlySet<string> Sections { get; } = Keys.SelectMany(k => Prefixes(k.Path)).ToHashSet(StringComparer.Ordinal);

    /// <summary>Finds a key by path.</summary>
    /// <param name="path">The dotted path.</param>
    /// <returns>The key, or <see langword="null"/>.</returns>
    public static ConfigKey? Find(string path) => ByPath.GetValueOrDefault(path);

    private static string Text(double value) => value.ToString(CultureInfo.InvariantCulture);

    private static IEnumerable<string> Prefixes(string path)
    {
        for (var i = path.IndexOf('.', StringComparison.Ordinal); i > 0; i = path.IndexOf('.', i + 1))
        {
            yield return path[..i];
        }
    }

    private static List<ConfigKey> Build()
    {
        var keys = new List<ConfigKey>();
        foreach (var s in ModelSections)
        {
            keys.AddRange(
            [
                new($"{s}.provider", ConfigKind.Choice, "-", "Which API serves the model.") { Choices = Providers },
                new($"{s}.model", ConfigKind.Text, "-", "The model id (for azure-openai, the deployment name unless `deployment` is set; for rule-world, rule-world-task or rule-world-reflect, by default the one of the role)."),
                new($"{s}.base-url", ConfigKind.Text, "provider's", "The endpoint: required for openai-compatible (e.g. http://localhost:11434/v1) and azure-openai (https://NAME.openai.azure.com)."),
                new($"{s}.deployment", ConfigKind.Text, "`model`", "azure-openai only: the deployment name."),
                new($"{s}.api-key-env", ConfigKind.Text, "provider's", "The NAME of the environment variable holding the API key (OPENAI_API_KEY, AZURE_OPENAI_API_KEY, ANTHROPIC_API_KEY by default; none for local servers)."),
                new($"{s}.temperature", ConfigKind.Number, "provider's", "Sampling temperature.") { Min = 0, Max = 2 },
                new($"{s}.max-output-tokens", ConfigKind.Integer, "provider's", "Cap on generated tokens (sent as max_completion_tokens; anthropic defaults to 4096).") { Min = 1 },
                new($"{s}.send-max-tokens", ConfigKind.Boolean, "false", "Also send the legacy `max_tokens` field, for older OpenAI-compatible servers that ignore max_completion_tokens."),
                new($"{s}.reasoning-effort", ConfigKind.Choice, "provider's", "Reasoning effort for reasoning models.") { Choices = ["none", "low", "medium", "high", "extra-high"] },
                new($"{s}.extra-body", ConfigKind.Map, "{}", "Extra JSON fields added to every request body (e.g. top_k: 40); openai, openai-compatible and azure-openai only."),
                new($"{s}.timeout", ConfigKind.Duration, "120s", "Longest time one call may take; a timed-out call is retried.") { Min = 0.001 },
                new($"{s}.max-concurrency", ConfigKind.Integer, "4", "Calls in flight at once to this model, shared by every role that uses the same provider, endpoint and model.") { Min = 1, Max = 256 },
                new($"{s}.retries", ConfigKind.Integer, "3", "Retries of a call that failed with 429, 5xx, a timeout, a transport error or a malformed reply.") { Min = 0, Max = 10 },
                new($"{s}.price.input-per-million", ConfigKind.Number, "-", "Price of one million input tokens, for cost reporting and the reflection cost cap.") { Min = 0 },
                new($"{s}.price.output-per-million", ConfigKind.Number, "-", "Price of one million output tokens.") { Min = 0 },
            ]);
        }

        keys.AddRange(
        [
            new($"{EmbeddingSection}.provider", ConfigKind.Choice, "hashed", "What embeds memory lessons and task profiles and the semantic metric's texts: hashed (a bag of words built in: no model, key or download, but it sees shared words, not meaning), or a model you run: openai, openai-compatible (a server's /v1/embeddings), azure-openai, ollama (/api/embed).") { Choices = EmbeddingProviders },
            new($"{EmbeddingSection}.model", ConfigKind.Text, "-", "The embedding model id (for example text-embedding-3-small, nomic-embed-text); required unless the provider is hashed (for azure-openai, the deployment unless `deployment` is set)."),
            new($"{EmbeddingSection}.base-url", ConfigKind.Text, "provider's", "The endpoint: required for openai-compatible (e.g. http://localhost:8000/v1) and azure-openai; ollama defaults to http://localhost:11434."),
            new($"{EmbeddingSection}.deployment", ConfigKind.Text, "`model`", "azure-openai only: the deployment name."),
            new($"{EmbeddingSection}.api-key-env", ConfigKind.Text, "provider's", "The NAME of the environment variable holding the API key (OPENAI_API_KEY, AZURE_OPENAI_API_KEY by default; none for local servers)."),
            new($"{EmbeddingSection}.timeout", ConfigKind.Duration, "120s", "Longest time one embedding call may take; a timed-out call is retried.") { Min = 0.001 },
            new($"{EmbeddingSection}.retries", ConfigKind.Integer, "3", "Retries of an embedding call that failed with 429, 5xx, a timeout or a transport error; after them the memory step or the semantic metric stops the run (never a similarity of 0).") { Min = 0, Max = 10 },
            new("strategy", ConfigKind.Choice, "gepa", "How candidates are proposed: gepa (reflection on inputs, outputs and feedback); scalar-only (the same loop, but the reflection model sees only each example's input and score); random-search (the same loop, the reflection model sees only the inputs and rewrites blindly); best-of-n (blind rewrites of the seed, each scored on the whole validation set, the best kept; gepa bench only).") { Choices = Strategies },
            new("task", ConfigKind.Choice, "chat-prompt", "What is optimized: chat-prompt (your dataset, sent through the chat-prompt adapter and scored by `metric`), pipeline (a multi-step program declared in the `pipeline` section, one component per step) or rule-world (the SIMULATED RuleWorld: its own train/val/test splits, pipeline and metric, set with `world`; no `dataset`, `adapter` or `metric` section).") { Choices = Tasks },
            new("world.seed", ConfigKind.Text, RuleWorldConstants.DefaultSeed, "RuleWorld (simulated): the text every hash is salted with; another seed is another world."),
            new("world.rules", ConfigKind.Integer, Text(RuleWorldConstants.DefaultRules), "RuleWorld: the number of hidden rules (guidelines) a prompt must state.") { Min = RuleWorldConstants.MinRules, Max = RuleWorldConstants.MaxRules },
            new("world.train", ConfigKind.Integer, Text(RuleWorldConstants.DefaultTrain), "RuleWorld: training examples (the minibatches come from here).") { Min = 1, Max = RuleWorldConstants.MaxSplitSize },
            new("world.val", ConfigKind.Integer, Text(RuleWorldConstants.DefaultVal), "RuleWorld: validation examples.") { Min = 1, Max = RuleWorldConstants.MaxSplitSize },
            new("world.test", ConfigKind.Integer, Text(RuleWorldConstants.DefaultTest), "RuleWorld: held-out test examples (`gepa evaluate --split test`, `gepa bench`).") { Min = 0, Max = RuleWorldConstants.MaxSplitSize },
            new("world.noise", ConfigKind.Number, Text(RuleWorldConstants.DefaultNoise), "RuleWorld: probability that a reply that applied every rule is still wrong (the ceiling is 1 − noise).") { Min = 0, Max = 1 },
            new("world.informative", ConfigKind.Number, Text(RuleWorldConstants.DefaultInformative), "RuleWorld: probability that feedback on a wrong answer names a missing rule.") { Min = 0, Max = 1 },
            new("world.forget", ConfigKind.Number, Text(RuleWorldConstants.DefaultForget), "RuleWorld: probability that the simulated reflection model drops a rule it read.") { Min = 0, Max = 1 },
            new("world.guess", ConfigKind.Number, Text(RuleWorldConstants.DefaultGuess), "RuleWorld: probability that the simulated reflection model adds a rule at random.") { Min = 0, Max = 1 },
            new("world.capacity", ConfigKind.Integer, Text(RuleWorldConstants.DefaultCapacity), "RuleWorld: how many stated rules the simulated task model can follow at once (0 = unlimited).") { Min = 0 },
            new("world.skew", ConfigKind.Integer, Text(RuleWorldConstants.DefaultSkew), "RuleWorld: skew of rule popularity (higher: a few rules are needed far more often).") { Min = 1, Max = RuleWorldConstants.MaxSkew },
            new("world.modules", ConfigKind.Integer, Text(RuleWorldConstants.DefaultModules), "RuleWorld: pipeline modules (components): 1 = system_prompt; 2 = query, answer; 3 = plan, query, answer.") { Min = 1, Max = RuleWorldConstants.MaxModules },
            new("pipeline.flow", ConfigKind.Sequence, "-", "task: pipeline: what runs, in order; each entry is a step call {step, input, into, append, output} or a retrieval {retrieve, k, into}. Required with task: pipeline."),
            new("pipeline.corpus", ConfigKind.InputFile, "-", "A JSONL file of {title, text} passages that `retrieve` entries search with BM25 (Lucene.Net)."),
            new("pipeline.output", ConfigKind.Text, "answer", "The variable whose value is the program's output, scored by `metric`."),
            new("pipeline.call-selection", ConfigKind.Text, "last", "Which calls of a step called several times in one rollout become reflection examples: last, first, all or all:N (a call whose reply did not parse is always taken)."),
            new("pipeline.pipeline-context", ConfigKind.Boolean, "false", "Show each step's reflection the other steps' current instructions (read-only), its inputs and its output (off: the reference's records)."),
            new("pipeline.joint-proposer", ConfigKind.Boolean, "false", "Rewrite every step in one reflection call (one fenced block per step) instead of one step per call; a block that is missing or names no step is logged and the steps that parsed are kept (off: the reference's one-component reflection)."),
            new("pipeline.feedback", ConfigKind.Map, "{}", "Per-step feedback templates: step name → text with {placeholders} (see below); a step without one gets the metric's feedback."),
            new("pipeline.gold-titles-field", ConfigKind.Text, "-", "The dataset field listing the gold passage titles (a JSON array): adds the retrieval_recall objective and the {found_titles}, {missing_titles} and {missing_passages} placeholders."),
            new("pipeline.supporting-facts-field", ConfigKind.Text, "-", "The dataset field listing the supporting sentences (a JSON array of strings or of {title, sentence}), for the {supporting_facts} placeholder."),
            new("world.reflection", ConfigKind.Choice, "full", "RuleWorld: how the simulated reflection model reads its prompt: full (the reference's: every guideline, however long) or limited (bounded attention, more forgetting in longer prompts, misled by mixed feedback).") { Choices = ["full", "limited"] },
            new("world.attention", ConfigKind.Integer, Text(RuleWorldConstants.DefaultAttention), "RuleWorld, reflection: limited: failure records read with full weight.") { Min = 0, Max = RuleWorldConstants.MaxSplitSize },
            new("world.attention-decay", ConfigKind.Number, Text(RuleWorldConstants.DefaultAttentionDecay), "RuleWorld, reflection: limited: failure record attention+i is read with probability attention-decay^i.") { Min = 0, Max = 1 },
            new("world.drop-growth", ConfigKind.Number, Text(RuleWorldConstants.DefaultDropGrowth), "RuleWorld, reflection: limited: extra drop probability per guideline read (each is dropped with probability forget + drop-growth × guidelines read).") { Min = 0, Max = 1 },
            new("world.mislead", ConfigKind.Number, Text(RuleWorldConstants.DefaultMislead), "RuleWorld, reflection: limited: probability that, shown a success and a failure, it swaps a guideline it read for a wrong one.") { Min = 0, Max = 1 },
            new("world.metric-flip", ConfigKind.Number, Text(RuleWorldConstants.DefaultMetricFlip), "RuleWorld: probability that one evaluation's score is flipped; each repeat draws afresh, so the same reply can score differently (0: the reference's repeatable metric).") { Min = 0, Max = 1 },
            new("dataset.train", ConfigKind.InputFile, "-", "Training examples (JSONL, JSON array or CSV); the minibatches come from here."),
            new("dataset.val", ConfigKind.InputFile, "-", "Validation examples; every accepted candidate is scored on all of them."),
            new("dataset.test", ConfigKind.InputFile, "-", "Held-out examples: the best candidate is scored on them when the run ends (outside the budget), and by `gepa evaluate --split test`."),
            new("dataset.file", ConfigKind.InputFile, "-", "One file to split into train/val/test instead of three files."),
            new("dataset.format", ConfigKind.Choice, "auto", "File format; auto picks by extension (.jsonl, .json, .csv).") { Choices = ["auto", "jsonl", "json", "csv"] },
            new("dataset.split.seed", ConfigKind.Integer, "0", "Seed of the shuffle before splitting `dataset.file`."),
            new("dataset.split.train", ConfigKind.Number, "0.5", "Fraction of `dataset.file` used for training.") { Min = 0, Max = 1 },
            new("dataset.split.val", ConfigKind.Number, "0.3", "Fraction used for validation.") { Min = 0, Max = 1 },
            new("dataset.split.test", ConfigKind.Number, "0.2", "Fraction held out for testing.") { Min = 0, Max = 1 },
            new("dataset.fields.input", ConfigKind.Text, "input", "The field (JSON property or CSV column) holding the task input."),
            new("dataset.fields.answer", ConfigKind.Text, "answer", "The field holding the expected answer."),
            new("dataset.fields.context", ConfigKind.Text, "-", "An optional field with extra context shown to the task model."),
            new("dataset.fields.id", ConfigKind.Text, "-", "An optional field with a stable example id (default: the row number)."),
            new("adapter.name", ConfigKind.Choice, "chat-prompt", "The system being optimized: chat-prompt sends the candidate's components as system prompts and the example input as the user message.") { Choices = ["chat-prompt"] },
            new("adapter.parameters", ConfigKind.Map, "{}", "Adapter settings, passed through to the adapter."),
            new("metric.name", ConfigKind.Choice, "contains", "How an output is scored against the answer.") { Choices = Metrics },
            new("metric.parameters", ConfigKind.Map, "{}", "Metric settings (pattern for regex, tolerance for numeric, field for json-field, prompt for llm-judge, sentence-threshold for semantic, samples for self-consistency, assembly, type, metric, min and max for evaluator)."),
            new("seed-candidate", ConfigKind.TextOrFileMap, "-", "The starting components: name → text, or name → {file: path}. Required, except with task: rule-world, where every module starts from the world's base instruction."),
            new("response-cache", ConfigKind.OutputPath, "-", "A directory where model responses are cached on disk, so an identical request is never paid twice (off when unset)."),
            new("output.directory", ConfigKind.OutputPath, "runs/<UTC time>", "The run directory (result.json, best_candidate.json); `--out` overrides it."),
            new("output.checkpoint-interval", ConfigKind.Duration, "1s", "How often, at most, the run directory writes a checkpoint (state.json and the journals): at a session's first iteration, then at the first iteration boundary after this interval, and at its end. A killed run resumes from the last one written, losing at most about this much work, and ends exactly as it would have; 0 writes every iteration.") { Min = 0, Max = 3600 },
            new("tracking.mlflow.uri", ConfigKind.Text, "-", "An MLflow tracking server (http or https, e.g. http://127.0.0.1:5000): the run's parameters, its metrics at every iteration and the best candidate are logged there (off when unset). A token comes only from the MLFLOW_TRACKING_TOKEN variable (or MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD)."),
            new("tracking.mlflow.experiment", ConfigKind.Text, "gepa", "The MLflow experiment, created when it does not exist."),
            new("tracking.mlflow.run-name", ConfigKind.Text, "the run directory's name", "The MLflow run's name."),
            new("tracking.mlflow.timeout", ConfigKind.Duration, "10s", "Longest time one call to the MLflow server may take; after a failure tracking stops for the rest of the session (the run goes on).") { Min = 0.001 },
            new("memory.enabled", ConfigKind.Boolean, "false", "Use the cross-task memory bank (docs/memory.md): retrieve lessons and starting candidates from it before the run and learn from the run when it finishes. Off by default; off, a run is exactly what it is without memory (and the reference's settings never use it)."),
            new("memory.bank", ConfigKind.OutputPath, "$GEPA_MEMORY, else ~/.gepa/memory.db", "The memory bank file (SQLite, created when missing; the same file `gepa memory --bank` reads)."),
            new("memory.task", ConfigKind.Text, "the configuration file's name", "This task's id in the bank: its own lessons and runs are never retrieved for it (leave-one-out)."),
            new("memory.objective", ConfigKind.Text, "the seed texts", "What the task asks, in a sentence: the text similar tasks and lessons are retrieved by, and the task profile's objective."),
            new("memory.lessons-in-reflection", ConfigKind.Boolean, "true", "Mode 1: show retrieved lessons in the reflection prompt (per component, cited as [L12]); accepted or rejected children credit the cited lessons when the run is learned."),
            new("memory.similar-task-candidates", ConfigKind.Boolean, "true", "Mode 2: try the best candidates of similar tasks as starting candidates; each races the seed on a minibatch (memory.guard.race-start), is scored on the validation set against it when it wins, and the best starts the run (their rollouts count against the budget)."),
            new("memory.lesson-augmented-seed", ConfigKind.Boolean, "true", "Mode 3: try the seed with retrieved lessons appended as an additional starting candidate, scored against the seed like mode 2 (it never replaces the seed unscored)."),
            new("memory.learn", ConfigKind.Boolean, "true", "When the run finishes, add it to the bank (task profile, edits, best candidate, model-free lessons, counters of cited lessons)."),
            new("memory.distill", ConfigKind.Boolean, "false", "After learning, also ask the reflection model for the task conventions and facts the evaluator rewarded (one extra call); lessons citing no rewarded edit, and self-critique, are dropped."),
            new("memory.retrieval.floor", ConfigKind.Number, "0.05 built-in embedder, 0.35 embedding-model", "Similarity below which a lesson is never retrieved. The default depends on the embedder: the built-in one counts shared words, so one shared content word scores about 0.07 (docs/memory.md).") { Min = -1, Max = 1 },
            new("memory.retrieval.k", ConfigKind.Integer, "5", "The most lessons retrieved per component.") { Min = 1, Max = 100 },
            new("memory.retrieval.token-cap", ConfigKind.Integer, "600", "The most tokens (characters / 4) the lessons of one component may take.") { Min = 1, Max = 100000 },
            new("memory.retrieval.segment-query", ConfigKind.Boolean, "false", "Compare each lesson with every line, sentence and list item of the query as well as the whole, keeping the closest: for an objective that lists several concerns (docs/memory.md)."),
            new("memory.start.max-candidates", ConfigKind.Integer, "3", "The most best candidates of similar tasks tried (mode 2).") { Min = 0, Max = 20 },
            new("memory.start.task-floor", ConfigKind.Number, "0.05 built-in embedder, 0.35 embedding-model", "Task-profile similarity below which another task's best candidate is not tried; the default depends on the embedder, as `memory.retrieval.floor`'s.") { Min = -1, Max = 1 },
            new("memory.start.budget-share", ConfigKind.Number, "0.2", "The largest share of the rollout budget that scoring starting candidates may spend (the seed's own scoring included); candidates beyond it are not tried.") { Min = 0, Max = 1 },
            new("memory.guard.lessons", ConfigKind.Boolean, "true", "Guard against lessons that do not apply: each reflection prompt with lessons is sent with or without them, drawn by Thompson sampling on which way its children win more (accepted and better than their parent on the validation set), so lessons that do not help end up shown about half the time or less (docs/memory.md). Its state is saved with each checkpoint, so a resumed run decides as an uninterrupted one."),
            new("memory.guard.race-start", ConfigKind.Boolean, "true", "Guard against starting candidates that do not apply: each extra starting candidate is first raced against the seed on the first engine.minibatch-size validation examples, and only one that beats the seed there is validated; one that does not costs the race's rollouts (taken off the budget), not a validation."),
            new("memory.guard.probe", ConfigKind.Boolean, "true", "Guard against lessons that do not apply, before the run (when memory.lessons-in-reflection is on): the seed with the retrieved lessons appended is scored against the seed on the first validation examples (at most 11, and no more than memory.start.budget-share pays for twice), and the lessons are shown to reflection (mode 1) and tried as a start (mode 3) only when it scores strictly higher; otherwise the run's reflection prompts are the cold run's. The probe's rollouts are taken off the budget."),
            new("engine.seed", ConfigKind.Integer, "0", "Seed of the engine's single random source."),
            new("engine.max-metric-calls", ConfigKind.Integer, "-", "The rollout budget: metric calls (one candidate on one example). Required; `engine.budget` is an alias.") { Min = 1 },
            new("engine.budget", ConfigKind.Integer, "-", "Alias of `engine.max-metric-calls`.") { Min = 1 },
            new("engine.strict-budget", ConfigKind.Boolean, "true", "Never exceed the budget: start a proposal only if its evaluations fit in what is left (false reproduces the reference's overshoot)."),
            new("engine.candidate-selection", ConfigKind.Choice, "pareto", "How the parent of each proposal is chosen.") { Choices = ["pareto", "current-best", "epsilon-greedy", "top-k-pareto"] },
            new("engine.epsilon", ConfigKind.Number, "0.1", "Exploration probability of epsilon-greedy.") { Min = 0, Max = 1 },
            new("engine.top-k", ConfigKind.Integer, "5", "k of top-k-pareto.") { Min = 1 },
            new("engine.minibatch-size", ConfigKind.Integer, "3", "Training examples per reflection minibatch under budget.policy: fixed (the adaptive default draws focused minibatches of budget.focus.failures + budget.focus.guards instead).") { Min = 1 },
            new("engine.component-selection", ConfigKind.Choice, "round-robin", "Which components a proposal rewrites.") { Choices = ["round-robin", "all"] },
            new("engine.acceptance", ConfigKind.Choice, "strict-improvement", "When a child is accepted after its minibatch evaluation.") { Choices = ["strict-improvement", "improvement-or-equal"] },
            new("engine.frontier", ConfigKind.Choice, "instance", "What the Pareto front is kept over (all but instance need objective scores).") { Choices = ["instance", "objective", "hybrid", "cartesian"] },
            new("engine.skip-perfect-score", ConfigKind.Boolean, "true", "Skip reflection when the parent is perfect on the whole minibatch."),
            new("engine.perfect-score", ConfigKind.Number, "1", "The score that counts as perfect."),
            new("engine.merge.enabled", ConfigKind.Boolean, "false", "Merge candidates from lineages that share an ancestor."),
            new("engine.merge.max-invocations", ConfigKind.Integer, "5", "Cap on merges.") { Min = 0 },
            new("engine.merge.val-overlap-floor", ConfigKind.Integer, "5", "Minimum validation examples two merge parents must share (clamped to the validation set's size).") { Min = 1 },
            new("engine.merge.count-rejected", ConfigKind.Boolean, "true", "Count rejected merges toward max-invocations, so merges cannot take an unbounded share of the budget (false reproduces the reference, which counts accepted merges only)."),
            new("engine.deduplicate-candidates", ConfigKind.Boolean, "true", "Reject a proposal identical to a candidate already in the pool without evaluating it (false reproduces the reference, which evaluates copies)."),
            new("engine.cache-minibatch-evaluations", ConfigKind.Boolean, "true", "With cache-evaluation, let minibatch evaluations reuse cached results that have traces (false reproduces the reference, which reads the cache for validation only)."),
            new("engine.max-idle-iterations", ConfigKind.Integer, "20", "Iterations in a row that spend no rollouts (everything cached) before the run stops.") { Min = 1 },
            new("engine.max-iterations", ConfigKind.Integer, "the budget", "The most iterations a run makes; every iteration counts, even one whose rollouts were all cached (it still pays for reflection). By default the rollout budget, which every iteration of the reference spends at least one rollout of.") { Min = 1 },
            new("engine.cache-evaluation", ConfigKind.Boolean, "false", "Cache evaluations by (candidate, split, example) so none is paid twice."),
            new("engine.reflection-template-file", ConfigKind.InputFile, "built-in", "A reflection prompt template; it must contain <curr_param> and <side_info>."),
            new("engine.reflection-template-files", ConfigKind.FileMap, "{}", "Per-component templates: component name → file; they take precedence over reflection-template-file."),
            new("engine.score-adapter-exceptions-as-failures", ConfigKind.Boolean, "false", "Score an adapter exception as a failed example (score 0) instead of failing the run."),
            new("engine.reflection-retries", ConfigKind.Integer, "2", "Retries of a failed or unusable (empty, truncated, or an empty fenced block) reflection reply.") { Min = 0, Max = 20 },
            new("engine.reflection-retry-delay", ConfigKind.Duration, "1s", "Base delay of the backoff between reflection retries.") { Min = 0 },
            new("engine.max-consecutive-failures", ConfigKind.Integer, "5", "Failed iterations in a row that stop the run.") { Min = 1 },
            new("engine.proposals.sampling", ConfigKind.Text, "single", "How many proposals each iteration makes: single (the reference's one), same-parent(N) (N from one parent), independent(N) (N parents, one each), pxn(P,N) (P parents, N each). They reflect and evaluate concurrently; the result does not depend on the concurrency."),
            new("engine.proposals.selection", ConfigKind.Text, "all", "Which of an iteration's proposals go on to validation: all (every one the acceptance criterion takes), best (the largest minibatch improvement), top-k(K) (the K largest)."),
            new("engine.proposals.max-concurrent", ConfigKind.Integer, "0", "How many of an iteration's proposals run at once (0: all of them).") { Min = 0 },
            new("engine.stop.timeout", ConfigKind.Duration, "-", "Stop after this much wall-clock time.") { Min = 0.001 },
            new("engine.stop.no-improvement", ConfigKind.Integer, "-", "Stop after this many iterations without a better best score.") { Min = 1 },
            new("engine.stop.score-threshold", ConfigKind.Number, "-", "Stop once the best validation score reaches this."),
            new("engine.stop.max-proposals", ConfigKind.Integer, "-", "Stop after this many proposals.") { Min = 1 },
            new("engine.stop.max-reflection-cost", ConfigKind.Number, "-", "Stop once the reflection model has cost this much (needs reflection-model.price).") { Min = 0 },
            new("engine.stop.stop-file", ConfigKind.OutputPath, "-", "Stop gracefully when this file appears."),
            new("budget.policy", ConfigKind.Choice, "adaptive", "How rollouts are spent: adaptive (the default) races new candidates on part of the validation set, picks components with a bandit, merges when lineages diverge and focuses minibatches on what the parent gets wrong; fixed is the reference's allocation, which reference mode and the parity configurations use.") { Choices = ["fixed", "adaptive"] },
            new("budget.adaptive-validation", ConfigKind.Boolean, "policy", "Race accepted candidates on a growing part of the validation set (on under adaptive); only fully evaluated candidates can become the best."),
            new("budget.bandit-components", ConfigKind.Boolean, "policy", "Choose the component to rewrite by score gained per rollout instead of round-robin (on under adaptive)."),
            new("budget.diversity-merge", ConfigKind.Boolean, "policy", "Merge when front candidates win on different examples instead of on a schedule (on under adaptive); replaces engine.merge.enabled."),
            new("budget.focused-minibatch", ConfigKind.Boolean, "policy", "Draw minibatches from training examples the parent is not known to pass, and stop scoring a child once it cannot be accepted (on under adaptive)."),
            new("budget.focus.failures", ConfigKind.Integer, "6", "Training examples the parent is not predicted to pass that each focused minibatch takes; with focus.guards, the focused minibatch's size (it replaces engine.minibatch-size).") { Min = 1 },
            new("budget.focus.guards", ConfigKind.Integer, "1", "Training examples the parent is predicted to pass that each focused minibatch includes, to catch a child that breaks them.") { Min = 0 },
            new("budget.race.min-first-stage", ConfigKind.Integer, "2", "Smallest first racing stage, in validation examples.") { Min = 1 },
            new("budget.race.max-first-stage", ConfigKind.Integer, "10", "Largest first racing stage.") { Min = 1 },
            new("budget.race.initial-first-stage", ConfigKind.Integer, "5", "First racing stage before any race has measured how much scores move.") { Min = 1 },
            new("budget.race.target-disagreements", ConfigKind.Number, "1", "Disagreements with the leader the first stage should expect; the first stage is this over the recent disagreement rate.") { Min = 0.001 },
            new("budget.race.stage-growth", ConfigKind.Number, "2", "Factor by which each racing stage grows the scored part of the validation set (above 1).") { Min = 1.001 },
            new("budget.race.loss-confidence", ConfigKind.Number, "0.5", "z beyond which a net loss against the leader stops a new candidate (0.5: one net loss). Measured in RuleWorld, raising it did not help even with a noisy metric (docs/sensitivity.md).") { Min = 0, Max = 10 },
            new("budget.race.win-confidence", ConfigKind.Number, "0.5", "z beyond which a net win makes a new candidate the leader, its full evaluation deferred to the end.") { Min = 0, Max = 10 },
            new("budget.race.tie-limit", ConfigKind.Integer, "20", "Validation examples after which a new candidate that is not ahead of the leader stops.") { Min = 1 },
            new("budget.race.movement-smoothing", ConfigKind.Number, "0.3", "Weight of the newest race in the moving average of the disagreement rate.") { Min = 0.001, Max = 1 },
            new("budget.bandit.exploration", ConfigKind.Number, "1", "The component bandit's exploration weight (UCB1's constant).") { Min = 0, Max = 100 },
            new("budget.bandit.discount", ConfigKind.Number, "0.9", "Discount of the bandit's record at each proposal (1 never forgets).") { Min = 0.001, Max = 1 },
            new("budget.merge.diversity-threshold", ConfigKind.Number, "0.05", "Share of shared validation examples each of two front candidates must win against the other before they are merged.") { Min = 0.001, Max = 0.5 },
            new("budget.merge.max-budget-share", ConfigKind.Number, "0.2", "Largest share of the rollouts spent so far that merges may have taken.") { Min = 0, Max = 1 },
        ]);
        return keys;
    }
}
