namespace Gepa;

/// <summary>What an external engine may know about an optimize-anything task (the reference's <c>GET /task</c>): the held-out
/// test set, and whether a validation split exists, are not disclosed.</summary>
/// <param name="Objective">The objective, if any.</param>
/// <param name="Background">The background, if any.</param>
/// <param name="Seed">The seed candidate, if any.</param>
/// <param name="HasDataset">Whether the task has examples (otherwise it is single-task).</param>
/// <param name="ExampleIds">The ids of the examples that may be evaluated (train and validation merged).</param>
public sealed record OptimizeAnythingTaskInfo(string? Objective, string? Background, Candidate? Seed, bool HasDataset, IReadOnlyList<string> ExampleIds);
