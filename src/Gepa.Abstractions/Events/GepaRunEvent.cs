namespace Gepa;

/// <summary>One event of a run as <see cref="GepaRunEvents.StreamAsync"/> yields it.</summary>
/// <param name="Kind">What happened.</param>
/// <param name="Arguments">The engine's arguments for the event (for example a <see cref="CandidateAcceptedArgs"/>; see
/// <see cref="GepaRunEventKind"/>), or <see langword="null"/> for <see cref="GepaRunEventKind.Completed"/>.</param>
/// <param name="Result">The run's result, on the <see cref="GepaRunEventKind.Completed"/> event only.</param>
public sealed record GepaRunEvent(GepaRunEventKind Kind, object? Arguments, GepaResult? Result = null);
