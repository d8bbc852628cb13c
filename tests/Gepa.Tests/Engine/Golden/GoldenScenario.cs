using System.Text.Json.Nodes;

namespace Gepa.Tests.Engine.Golden;

/// <summary>One golden trace of the Python reference, loaded from the fixtures.</summary>
public sealed class GoldenScenario
{
    private GoldenScenario(string name, JsonObject root)
    {
        Name = name;
        Root = root;
    }

    public string Name { get; }

    public JsonObject Root { get; }

    public JsonObject Kwargs => Root["optimize_kwargs"]!.AsObject();

    /// <summary>The trace the reference produced. For order-sensitive scenarios the fixture also holds
    /// <c>expected_canonical_order</c>, the trace with every set walked in ascending order, which the engine must NOT
    /// follow: it walks sets in CPython order, as the reference does.</summary>
    public JsonObject Expected => Root["expected"]!.AsObject();

    /// <summary>The trace the reference produces with every set walked in ascending order, or <see langword="null"/> when
    /// that is the same as <see cref="Expected"/>.</summary>
    public JsonObject? ExpectedCanonicalOrder => Root["order_sensitive"]!.GetValue<bool>() ? Root["expected_canonical_order"]!.AsObject() : null;

    public static string FixturePath(string file) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "golden", file);

    public static GoldenScenario Load(string name) => new(name, JsonNode.Parse(File.ReadAllText(FixturePath(name + ".json")))!.AsObject());

    public static string ReferenceTemplate() => File.ReadAllText(FixturePath("reference_reflection_template.txt"));

    public Candidate Seed() => new(Root["seed_candidate"]!.AsObject().Select(kv => new KeyValuePair<string, string>(kv.Key, kv.Value!.GetValue<string>())));

    public static List<ToyExample> Examples(JsonNode node) =>
        [.. node.AsArray().Select(e => new ToyExample(e!["id"]!.GetValue<int>(), e["word"]!.GetValue<string>(), e["slot"]!.GetValue<string>()))];

    public List<ToyExample> Trainset() => Examples(Root["trainset"]!);

    public bool SharedValset => Root["valset"] is JsonValue v && v.GetValue<string>() == "SAME_AS_TRAINSET";

    public GepaOptions Options()
    {
        // Reference mode: the reference's allocation (fixed policy, whatever the library's default), its budget
        // accounting, no deduplication, no minibatch cache reads, only accepted merges capped.
        var o = GepaOptions.ReferenceMode();
        o.ReflectionRetryDelay = TimeSpan.Zero;
        o.ReflectionPromptTemplate = ReferenceTemplate();
        foreach (var (key, value) in Kwargs)
        {
            switch (key)
            {
                case "max_metric_calls": o.MaxMetricCalls = value!.GetValue<int>(); break;
                case "seed": o.Seed = value!.GetValue<int>(); break;
                case "candidate_selection_strategy": o.CandidateSelection = Enum.Parse<CandidateSelection>(Pascal(value!.GetValue<string>()), ignoreCase: true); break;
                case "acceptance_criterion": o.AcceptanceCriterion = Enum.Parse<AcceptanceCriterion>(Pascal(value!.GetValue<string>()), ignoreCase: true); break;
                case "reflection_minibatch_size": o.MinibatchSize = value!.GetValue<int>(); break;
                case "module_selector": o.ComponentSelection = Enum.Parse<ComponentSelection>(Pascal(value!.GetValue<string>()), ignoreCase: true); break;
                case "frontier_type": o.FrontierType = Enum.Parse<FrontierType>(Pascal(value!.GetValue<string>()), ignoreCase: true); break;
                case "use_merge": o.UseMerge = value!.GetValue<bool>(); break;
                case "max_merge_invocations": o.MaxMergeInvocations = value!.GetValue<int>(); break;
                case "merge_val_overlap_floor": o.MergeValOverlapFloor = value!.GetValue<int>(); break;
                case "cache_evaluation": o.CacheEvaluation = value!.GetValue<bool>(); break;
                default: throw new InvalidOperationException($"{Name}: unknown optimize kwarg '{key}'.");
            }
        }

        return o;
    }

    private static string Pascal(string snake) => string.Concat(snake.Split('_').Select(p => char.ToUpperInvariant(p[0]) + p[1..]));
}
