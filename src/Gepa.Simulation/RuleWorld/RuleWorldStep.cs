namespace Gepa.Simulation;

/// <summary>One step of a simulated RuleWorld pipeline run: the module, what it was asked and what it replied.</summary>
/// <param name="Module">The module (component) name.</param>
/// <param name="UserMessage">The user message the step sent to the task model.</param>
/// <param name="Reply">The task model's reply.</param>
public sealed record RuleWorldStep(string Module, string UserMessage, string Reply);
