namespace Gepa;

/// <summary>One logical evaluation: a candidate on some examples, each with its logical key.</summary>
/// <typeparam name="TExample">The type of one task example.</typeparam>
/// <param name="Candidate">The candidate to run.</param>
/// <param name="Examples">The examples, in the order their scores must come back.</param>
/// <param name="Keys">One logical key per example, in the same order.</param>
/// <param name="CaptureTraces">Whether the adapter must return traces (reflection needs them).</param>
public sealed record RolloutRequest<TExample>(Candidate Candidate, IReadOnlyList<TExample> Examples, IReadOnlyList<RolloutKey> Keys, bool CaptureTraces);
