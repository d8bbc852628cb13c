namespace Gepa;

/// <summary>What an engine found: the best candidate and its score, and why it stopped.</summary>
internal sealed record AnythingEngineOutcome(Candidate Best, double BestScore, string StopReason, string StopMessage, GepaResult? Gepa = null);
