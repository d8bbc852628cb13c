using System.Globalization;
using System.Text.Json.Nodes;
using Gepa.Simulation;

namespace Gepa.Cli.Configuration;

/// <summary>The <c>pipeline</c> section (<c>task: pipeline</c>) and the <c>multihop-sim</c> provider.</summary>
internal sealed partial class ConfigBinder
{
    private static readonly string[] StepKeys = ["step", "input", "into", "append", "output"];
    private static readonly string[] RetrieveKeys = ["retrieve", "k", "into"];

    private PipelineConfig? BuildPipeline(List<KeyValuePair<string, string>>? seed)
    {
        var at = SectionLocation("pipeline");
        if (Get<ConfigSequence>("pipeline.flow") is not { } flow)
        {
            if (!_errors.Exists(e => e.Key == "pipeline.flow"))
            {
                Error(LocationOf("pipeline.flow") ?? at, "pipeline.flow", "missing; task: pipeline needs the steps to run, for example flow: [{step: answer, input: \"Question: {question}\"}].");
            }

            return null;
        }

        var components = seed?.Select(kv => kv.Key).ToList() ?? [];
        var operations = new List<PipelineOperation>();
        for (var i = 0; i < flow.Items.Count; i++)
        {
            if (BuildOperation(flow.Items[i], string.Create(CultureInfo.InvariantCulture, $"pipeline.flow[{i}]"), components) is { } op)
            {
                operations.Add(op);
            }
        }

        if (flow.Items.Count == 0)
        {
            Error(flow.Location, "pipeline.flow", "is empty; give at least one step.");
        }

        foreach (var unused in components.Where(c => seed is not null && !operations.Exists(o => o.Step == c)))
        {
            Error(LocationOf("seed-candidate") ?? at, "seed-candidate." + unused, $"no pipeline.flow entry calls step '{unused}'; every component of seed-candidate must be a step that runs.");
        }

        if (operations.Exists(o => o.IsRetrieval) && Get<string>("pipeline.corpus") is null && !_leaves.ContainsKey("pipeline.corpus"))
        {
            Error(LocationOf("pipeline.flow") ?? at, "pipeline.corpus", "missing; a retrieve entry needs a corpus to search (a JSONL file of {title, text} lines).");
        }

        var selection = Get<string>("pipeline.call-selection") ?? "last";
        try
        {
            _ = StepCallSelection.Parse(selection);
        }
        catch (FormatException e)
        {
            Error(LocationOf("pipeline.call-selection"), "pipeline.call-selection", e.Message);
        }

        var feedback = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (step, value) in Get<JsonObject>("pipeline.feedback") ?? [])
        {
            if (!components.Contains(step))
            {
                Error(LocationOf("pipeline.feedback"), "pipeline.feedback." + step, $"'{step}' is not a step; the steps are: {string.Join(", ", components)}.");
            }
            else if (value is JsonValue v && v.TryGetValue<string>(out var text))
            {
                feedback[step] = text;
            }
            else
            {
                Error(LocationOf("pipeline.feedback"), "pipeline.feedback." + step, "expected a feedback template (text).");
            }
        }

        return new PipelineConfig
        {
            Flow = operations,
            Corpus = Get<string>("pipeline.corpus"),
            Output = Get<string>("pipeline.output") ?? "answer",
            CallSelection = selection,
            PipelineContext = GetValue<bool>("pipeline.pipeline-context") ?? false,
            JointProposer = GetValue<bool>("pipeline.joint-proposer") ?? false,
            Feedback = feedback,
            GoldTitlesField = Get<string>("pipeline.gold-titles-field"),
            SupportingFactsField = Get<string>("pipeline.supporting-facts-field"),
            Location = at,
        };
    }

    private PipelineOperation? BuildOperation(ConfigNode node, string path, List<string> components)
    {
        if (node is not ConfigMap map)
        {
            Error(node.Location, path, "expected an entry {step: name, input: template} or {retrieve: template, k: 5}.");
            return null;
        }

        string? Scalar(string key) => map.Entries.TryGetValue(key, out var e) && e.Value is ConfigScalar { Value: { } v } ? v : null;
        SourceLocation Where(string key) => map.Entries.TryGetValue(key, out var e) ? e.KeyLocation : map.Location;
        var isStep = map.Entries.ContainsKey("step");
        var isRetrieve = map.Entries.ContainsKey("retrieve");
        if (isStep == isRetrieve)
        {
            Error(map.Location, path, "must have exactly one of 'step' (an LLM step) or 'retrieve' (a search).");
            return null;
        }

        var allowed = isStep ? StepKeys : RetrieveKeys;
        var ok = true;
        foreach (var (key, entry) in map.Entries.Where(e => !allowed.Contains(e.Key)))
        {
            Error(entry.KeyLocation, $"{path}.{key}", $"unknown key; a {(isStep ? "step" : "retrieve")} entry takes: {string.Join(", ", allowed)}.");
            ok = false;
        }

        var into = Scalar("into");
        if (isRetrieve)
        {
            var query = Scalar("retrieve");
            var k = 5;
            if (query is null)
            {
                Error(Where("retrieve"), path + ".retrieve", "expected the query template, for example retrieve: \"{question}\".");
                ok = false;
            }

            if (Scalar("k") is { } kText && (!int.TryParse(kText, NumberStyles.None, CultureInfo.InvariantCulture, out k) || k is < 1 or > 100))
            {
                Error(Where("k"), path + ".k", $"expected a whole number from 1 to 100, got '{kText}'.");
                ok = false;
            }

            return ok ? new PipelineOperation { Template = query!, Into = into ?? "passages", K = k, Path = path, Location = map.Location } : null;
        }

        var step = Scalar("step");
        if (step is null || !components.Contains(step))
        {
            Error(Where("step"), path + ".step", step is null
                ? "expected a step name."
                : $"'{step}' is not a component of seed-candidate; each step's seed instruction is given there, and the components are: {string.Join(", ", components)}.");
            ok = false;
        }

        var input = Scalar("input");
        if (input is null)
        {
            Error(Where("input") is var w ? w : map.Location, path + ".input", "missing; the template of the step's user message, for example input: \"Question: {question}\".");
            ok = false;
        }

        var append = false;
        if (Scalar("append") is { } appendText && !bool.TryParse(appendText, out append))
        {
            Error(Where("append"), path + ".append", $"expected true or false, got '{appendText}'.");
            ok = false;
        }

        var output = Scalar("output") ?? "text";
        if (output is not ("text" or "json-answer"))
        {
            Error(Where("output"), path + ".output", $"'{output}' is not one of: text, json-answer.");
            ok = false;
        }

        return ok
            ? new PipelineOperation { Step = step, Template = input!, Into = into ?? step!, Append = append, JsonAnswer = output == "json-answer", Path = path, Location = map.Location }
            : null;
    }

    private PipelineConfig? RejectPipelineSection()
    {
        if (_presentSections.Contains("pipeline"))
        {
            Error(SectionLocation("pipeline"), "pipeline", "is used only with task: pipeline; remove it, or set task: pipeline.");
        }

        return null;
    }

    // The simulated multi-hop models run in process and answer as the model of their role unless told otherwise.
    private string? CheckMultiHopSimModel(string section, string role, string? model)
    {
        if (Get<string>($"{section}.base-url") is not null)
        {
            Error(LocationOf($"{section}.base-url"), $"{section}.base-url", "multihop-sim runs in process and takes no URL.");
        }

        var expected = role switch
        {
            ChatRoles.Task => MultiHopSimulationConstants.TaskModelId,
            ChatRoles.Reflection => MultiHopSimulationConstants.ReflectionModelId,
            _ => null,
        };
        if (expected is null)
        {
            Error(LocationOf($"{section}.provider"), $"{section}.provider", "multihop-sim simulates a task model and a reflection model, not a judge; the llm-judge metric needs a real model.");
            return null;
        }

        if (model is not null && model is not (MultiHopSimulationConstants.TaskModelId or MultiHopSimulationConstants.ReflectionModelId))
        {
            Error(LocationOf($"{section}.model"), $"{section}.model", $"'{model}' is not a multi-hop simulation model; multihop-sim serves {MultiHopSimulationConstants.TaskModelId} and {MultiHopSimulationConstants.ReflectionModelId}.");
            return null;
        }

        return model ?? expected;
    }
}
