using Gepa.Cli.Configuration;
using Gepa.Simulation;

namespace Gepa.Cli.Commands;

/// <summary>What the tool tells a user whose run involves the simulated RuleWorld: that it is a simulation, and how to
/// point the same configuration at a real provider.</summary>
internal static class SimulationNotice
{
    /// <summary>The banner printed before a run that uses RuleWorld.</summary>
    public const string Banner =
        "SIMULATED WORLD: RuleWorld stands in for the task model, the metric and the reflection model. It is deterministic "
        + "and offline; its scores show how the search behaves, not the quality of a real model's writing.";

    /// <summary>Returns the banner printed before a run that uses a simulation: RuleWorld's, or the multi-hop world's.</summary>
    /// <param name="config">The run's configuration.</param>
    /// <returns>The banner.</returns>
    public static string BannerFor(GepaRunConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return config.UsesMultiHopSimulation && !config.IsRuleWorldTask ? MultiHopSimulationConstants.SimulationNotice : Banner;
    }

    /// <summary>Returns the note printed after scores that a simulation produced.</summary>
    /// <param name="config">The run's configuration.</param>
    /// <returns>The note.</returns>
    public static string ScoredNote(GepaRunConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return config.UsesMultiHopSimulation && !config.IsRuleWorldTask
            ? "Note: scored by the simulated multi-hop models, not by a real model."
            : "Note: scored in the simulated RuleWorld, not by a real model.";
    }

    /// <summary>Returns the lines printed after the summary of a run that uses RuleWorld.</summary>
    /// <param name="config">The run's configuration.</param>
    /// <returns>The lines.</returns>
    public static IReadOnlyList<string> RealProviderHint(GepaRunConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (config.UsesMultiHopSimulation && !config.IsRuleWorldTask)
        {
            return
            [
                "Note: these scores come from the simulated multi-hop task and reflection models (retrieval is real BM25), not from a real model.",
                "  Real models: set task-model and reflection-model to a real provider (openai, azure-openai, anthropic, ollama, openai-compatible; see 'gepa providers'); the facts are invented, so the model must retrieve them.",
            ];
        }

        var lines = new List<string> { "Note: these scores come from the simulated RuleWorld, not from a real model." };
        if (config.IsRuleWorldTask)
        {
            lines.Add("  Real reflection model on this world: reflection-model: {provider: openai, model: gpt-4.1-mini} (or any provider in 'gepa providers').");
            lines.Add($"  The world over HTTP: 'gepa sim serve --port 5100', then task-model: {{provider: openai-compatible, base-url: http://127.0.0.1:5100/v1, model: {RuleWorldConstants.TaskModelId}}}.");
            lines.Add("  Your own task with a real model: replace 'task: rule-world' and 'world:' by 'dataset:' and 'metric:' sections, and set task-model and reflection-model to a real provider.");
        }
        else
        {
            lines.Add("  Real models: set task-model and reflection-model to a real provider (openai, azure-openai, anthropic, ollama, openai-compatible; see 'gepa providers').");
        }

        return lines;
    }
}
