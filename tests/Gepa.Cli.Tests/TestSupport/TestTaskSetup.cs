using System.Text.Json.Nodes;
using Gepa.Cli.Configuration;
using Gepa.Cli.Running;
using Microsoft.Extensions.AI;

namespace Gepa.Cli.Tests.TestSupport;

/// <summary>A small real task for CLI tests: JSONL files with input/answer; the adapter sends the candidate's components as
/// system prompts to the task model and scores 1 when the reply contains the answer.</summary>
public sealed class TestTaskSetup : ITaskSetup
{
    Task<PreparedTask> ITaskSetup.PrepareAsync(GepaRunConfig config, CancellationToken cancellationToken)
    {
        var train = Load(config.Dataset.Train!, config);
        var val = Load(config.Dataset.Val!, config);
        var test = config.Dataset.Test is { } t ? Load(t, config) : [];
        PreparedTask task = new PreparedTask<QaExample>(train, val, test, clients => new ContainsAdapter(clients.Task), e => new ExampleText(null, e.Input, e.Answer));
        return Task.FromResult(task);
    }

    private static List<QaExample> Load(string path, GepaRunConfig config)
    {
        var list = new List<QaExample>();
        var lines = File.ReadAllLines(path);
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Trim().Length == 0)
            {
                continue;
            }

            try
            {
                var o = JsonNode.Parse(lines[i])!.AsObject();
                list.Add(new QaExample(o[config.Dataset.InputField]!.GetValue<string>(), o[config.Dataset.AnswerField]!.GetValue<string>()));
            }
            catch (Exception e) when (e is System.Text.Json.JsonException or NullReferenceException)
            {
                throw new ConfigException(new ConfigError(new SourceLocation(path, i + 1, 1), null, "bad row."));
            }
        }

        return list;
    }

    private sealed class ContainsAdapter(IChatClient task) : IGepaAdapter<QaExample>
    {
        public async ValueTask<EvaluationBatch> EvaluateAsync(IReadOnlyList<QaExample> batch, Candidate candidate, bool captureTraces, CancellationToken cancellationToken)
        {
            var replies = await Task.WhenAll(batch.Select(async e =>
            {
                List<ChatMessage> messages = [.. candidate.Values.Select(v => new ChatMessage(ChatRole.System, v)), new ChatMessage(ChatRole.User, e.Input)];
                return (await task.GetResponseAsync(messages, cancellationToken: cancellationToken)).Text;
            }));
            var scores = batch.Select((e, i) => replies[i].Contains(e.Answer, StringComparison.OrdinalIgnoreCase) ? 1.0 : 0.0).ToList();
            return new EvaluationBatch(scores, [.. replies], captureTraces ? [.. replies] : null);
        }

        public ValueTask<ReflectiveDataset> BuildReflectiveDatasetAsync(Candidate candidate, IReadOnlyList<QaExample> batch, EvaluationBatch evaluation, IReadOnlyList<string> components, CancellationToken cancellationToken)
        {
            var dataset = new ReflectiveDataset();
            foreach (var component in components)
            {
                dataset.Add(component, batch.Select((e, i) => new ReflectiveRecord
                {
                    ["Inputs"] = e.Input,
                    ["Generated Outputs"] = evaluation.Outputs[i]?.ToString() ?? "",
                    ["Feedback"] = evaluation.Scores[i] >= 1 ? "Correct." : $"Wrong; the expected answer is {e.Answer}.",
                }));
            }

            return ValueTask.FromResult(dataset);
        }
    }
}
