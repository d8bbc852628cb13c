using Gepa.Cli.Configuration;
using Gepa.MultiHop;
using Gepa.Programs;
using Gepa.Retrieval.Lucene;

namespace Gepa.Cli.Running;

/// <summary>The task setup of <c>task: pipeline</c>: the dataset of the <c>dataset</c> section run through the program
/// declared in the <c>pipeline</c> section, scored by <c>metric</c>, every step one component.</summary>
internal sealed class PipelineTaskSetup : ITaskSetup
{
    /// <summary>Gets the shared instance; it holds no state.</summary>
    public static PipelineTaskSetup Instance { get; } = new();

    /// <inheritdoc/>
    public async Task<PreparedTask> PrepareAsync(GepaRunConfig config, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(config);
        var pipeline = config.Pipeline ?? throw new InvalidOperationException("task: pipeline without a pipeline section passed validation.");
        var splits = await ChatPromptTaskSetup.LoadSplitsAsync(config, cancellationToken);
        var metricFactory = ChatPromptTaskSetup.CheckMetric(config);
        var parallelism = ChatPromptTaskSetup.AdapterParallelism(config);
        IReadOnlyList<Passage> corpus = [];
        if (pipeline.Corpus is { } corpusPath)
        {
            try
            {
                corpus = MultiHopData.ReadCorpus(corpusPath);
            }
            catch (DatasetException e)
            {
                throw ChatPromptTaskSetup.ToConfigException(config, e);
            }
        }

        Check(config, pipeline, splits.Train.Concat(splits.Validation).Concat(splits.Test).ToList());
        var byTitle = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in corpus)
        {
            byTitle.TryAdd(p.Title, p.Text);
        }

        // One index for the whole process: it is read-only and shared by concurrent rollouts.
        var retriever = pipeline.Flow.Any(o => o.IsRetrieval) ? new Lazy<LuceneBm25Retriever>(() => new LuceneBm25Retriever(corpus)) : null;
        var options = new ProgramAdapterOptions
        {
            MaxDegreeOfParallelism = parallelism,
            CallSelection = StepCallSelection.Parse(pipeline.CallSelection),
            IncludePipelineContext = pipeline.PipelineContext,
        };
        return new PreparedTask<ChatExample>(
            splits.Train,
            splits.Validation,
            splits.Test,
            clients =>
            {
                var program = new PipelineProgram(pipeline, config.SeedCandidate, clients.Task, retriever?.Value, config.Dataset.InputField);
                return program.ToAdapter(new PipelineMetric(pipeline, metricFactory(clients), byTitle).ScoreAsync, options);
            },
            e => new ExampleText(e.Id, e.Input, e.Answer),
            createProposer: pipeline.JointProposer
                ? (clients, adapter, train, logger) => new JointStepProposer<ChatExample>(adapter, train, clients.Reflection, logger: logger)
                : null);
    }

    // Every placeholder must have a value: a typo would otherwise surface in the middle of a paid run.
    private static void Check(GepaRunConfig config, PipelineConfig pipeline, List<ChatExample> examples)
    {
        var known = new HashSet<string>(StringComparer.Ordinal) { "input", config.Dataset.InputField };
        if (examples.Count > 0)
        {
            known.UnionWith(examples.Select(e => e.Fields.Keys).Aggregate((a, b) => [.. a.Intersect(b)]));
            if (examples.TrueForAll(e => e.Context is not null))
            {
                known.Add("context");
            }
        }

        var errors = new List<ConfigError>();
        foreach (var op in pipeline.Flow)
        {
            foreach (var name in PipelineTemplate.Names(op.Template).Where(n => !known.Contains(n)))
            {
                errors.Add(new ConfigError(op.Location, op.Path + (op.IsRetrieval ? ".retrieve" : ".input"), $"{{{name}}} has no value here: it is neither a field of every example nor the 'into' of an earlier entry (known: {string.Join(", ", known.Order(StringComparer.Ordinal))})."));
            }

            known.Add(op.Into);
        }

        if (!known.Contains(pipeline.Output))
        {
            errors.Add(new ConfigError(pipeline.Location, "pipeline.output", $"'{pipeline.Output}' is set by no flow entry; name the 'into' of the step whose reply is the answer."));
        }

        var feedbackKnown = new HashSet<string>(PipelineMetric.FeedbackPlaceholders, StringComparer.Ordinal);
        feedbackKnown.UnionWith(known.Where(k => examples.Count == 0 || examples[0].Fields.ContainsKey(k) || k is "input" or "context"));
        foreach (var (step, template) in pipeline.Feedback)
        {
            foreach (var name in PipelineTemplate.Names(template).Where(n => !feedbackKnown.Contains(n)))
            {
                errors.Add(new ConfigError(pipeline.Location, "pipeline.feedback." + step, $"{{{name}}} is not a feedback placeholder; use {string.Join(", ", PipelineMetric.FeedbackPlaceholders.Select(p => "{" + p + "}"))} or a dataset field."));
            }
        }

        foreach (var field in new[] { ("pipeline.gold-titles-field", pipeline.GoldTitlesField), ("pipeline.supporting-facts-field", pipeline.SupportingFactsField) })
        {
            if (field.Item2 is not { } name)
            {
                continue;
            }

            foreach (var e in examples)
            {
                try
                {
                    if (PipelineMetric.Strings(e, name) is null)
                    {
                        errors.Add(new ConfigError(pipeline.Location, field.Item1, $"example '{e.Id}' has no field '{name}'."));
                        break;
                    }
                }
                catch (FormatException ex)
                {
                    errors.Add(new ConfigError(pipeline.Location, field.Item1, $"field '{name}' of example '{e.Id}' {ex.Message}."));
                    break;
                }
            }
        }

        if (errors.Count > 0)
        {
            throw new ConfigException(errors);
        }
    }
}
