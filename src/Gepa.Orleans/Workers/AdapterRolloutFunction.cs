using System.Text.Json;

namespace Gepa.Orleans;

/// <summary>A rollout function made from an ordinary adapter and the run's datasets: the worker evaluates the same
/// examples the coordinator would, and the adapter's own serializer carries outputs and traces as JSON. A prompt-only
/// or pipeline adapter needs nothing more on the workers. Wrap the adapter's task model in a
/// <see cref="RolloutUsageChatClient"/> and each batch reports its tokens and cost.</summary>
/// <typeparam name="TExample">The type of one task example.</typeparam>
public sealed class AdapterRolloutFunction<TExample> : IRolloutFunction
{
    private readonly IGepaAdapter<TExample> _adapter;
    private readonly IEvaluationSerializer _serializer;
    private readonly IReadOnlyList<TExample> _trainset;
    private readonly IReadOnlyList<TExample> _valset;

    /// <summary>Initializes a function.</summary>
    /// <param name="adapter">The adapter; it must implement <see cref="IEvaluationSerializer"/>.</param>
    /// <param name="trainset">The training examples (split <c>train</c>).</param>
    /// <param name="valset">The validation examples (split <c>val</c>), or <see langword="null"/> when the run
    /// validates on the trainset.</param>
    /// <exception cref="ArgumentException">The adapter cannot serialize its outputs and traces.</exception>
    public AdapterRolloutFunction(IGepaAdapter<TExample> adapter, IReadOnlyList<TExample> trainset, IReadOnlyList<TExample>? valset = null)
    {
        ArgumentNullException.ThrowIfNull(adapter);
        ArgumentNullException.ThrowIfNull(trainset);
        _serializer = adapter as IEvaluationSerializer
            ?? throw new ArgumentException($"The adapter {adapter.GetType().Name} must implement IEvaluationSerializer to run on a cluster: its outputs and traces travel as JSON.", nameof(adapter));
        _adapter = adapter;
        _trainset = trainset;
        _valset = valset ?? trainset;
    }

    /// <inheritdoc/>
    public async Task<RolloutBatchResult> RunAsync(RolloutBatchRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var split = request.Split switch
        {
            "train" => _trainset,
            "val" => _valset,
            _ => throw new ArgumentException($"Unknown split '{request.Split}'; expected 'train' or 'val'.", nameof(request)),
        };
        var examples = new List<TExample>(request.ExampleIds.Count);
        foreach (var id in request.ExampleIds)
        {
            if (id < 0 || id >= split.Count)
            {
                throw new ArgumentException($"Example {id} is outside the '{request.Split}' split of {split.Count} examples: the worker's data differ from the run's.", nameof(request));
            }

            examples.Add(split[id]);
        }

        var candidate = new Candidate(request.Components);
        // Every task-model call of this batch made through a RolloutUsageChatClient is charged to this scope.
        using var usage = RolloutUsageScope.Begin();
        var batch = await _adapter.EvaluateAsync(examples, candidate, request.CaptureTraces, cancellationToken);
        var results = new RolloutExampleResult[examples.Count];
        for (var j = 0; j < results.Length; j++)
        {
            results[j] = new RolloutExampleResult
            {
                Score = batch.Scores[j],
                Objectives = batch.ObjectiveScores?[j],
                OutputJson = ToJson(batch.Outputs[j]),
                TraceJson = request.CaptureTraces && batch.Traces is { } traces ? ToJson(traces[j]) : null,
            };
        }

        return new RolloutBatchResult
        {
            Results = results,
            InputTokens = usage.InputTokens,
            OutputTokens = usage.OutputTokens,
            CostUsd = usage.CostUsd,
        };
    }

    private string ToJson(object? value) => _serializer.Serialize(value).GetRawText();

    /// <summary>Reads a JSON value written by a worker back through the adapter's serializer.</summary>
    internal static object? FromJson(IEvaluationSerializer serializer, string? json, bool isTrace)
    {
        if (json is null)
        {
            return null;
        }

        using var doc = JsonDocument.Parse(json);
        return serializer.Deserialize(doc.RootElement.Clone(), isTrace);
    }
}
