namespace Gepa;

/// <summary>The identity of one logical rollout: the same key is the same rollout, so an executor that retries or
/// re-delivers a result can be deduplicated and the budget is counted once.</summary>
/// <param name="RunId">The run, stable across a resume.</param>
/// <param name="Iteration">The iteration (0 for the seed's evaluation).</param>
/// <param name="Stage">What the evaluation is for: <c>seed</c>, <c>minibatch</c>, <c>validation</c> or <c>merge</c>.</param>
/// <param name="CandidateHash">The candidate's content hash.</param>
/// <param name="Split">The split: <c>train</c> or <c>val</c>.</param>
/// <param name="ExampleId">The example's index in its split.</param>
/// <param name="Repeat">How many times the same (iteration, stage, candidate, split, example) was requested before in
/// this iteration.</param>
public readonly record struct RolloutKey(string RunId, int Iteration, string Stage, string CandidateHash, string Split, int ExampleId, int Repeat);
