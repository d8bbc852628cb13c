using Microsoft.Extensions.AI;

namespace Gepa;

/// <summary>The chat clients of a run, one per role, as the host registered them under <see cref="GepaChatClientKeys"/>.</summary>
/// <param name="Task">The task model, or <see langword="null"/> when none is registered (an adapter that calls no model).</param>
/// <param name="Reflection">The reflection model.</param>
/// <param name="Judge">The judge model, or <see langword="null"/> when none is registered.</param>
public sealed record GepaModels(IChatClient? Task, IChatClient Reflection, IChatClient? Judge);
