namespace Gepa.MemoryBench;

/// <summary>One run's outcome.</summary>
/// <param name="Target">The target task.</param>
/// <param name="Arm">The arm.</param>
/// <param name="Capacity">The world's capacity.</param>
/// <param name="Budget">The rollout budget (memory's start included).</param>
/// <param name="Seed">The repetition (world instance and engine seed).</param>
/// <param name="Test">The best candidate's test score.</param>
/// <param name="BestVal">The best candidate's validation score.</param>
/// <param name="ToTarget">Rollouts (start included) until a candidate reached the validation target, or null.</param>
/// <param name="StartSpent">Rollouts spent choosing the start.</param>
/// <param name="Lessons">Lessons retrieved or injected.</param>
/// <param name="Precision">Share of those lessons about a rule the target can require, or null without lessons.</param>
/// <param name="Coverage">Share of the target's test cases whose every required rule a lesson states, or null without lessons.</param>
/// <param name="OracleCoverage">The same for a greedy oracle picking as many lessons from the same pool, or null.</param>
/// <param name="ForeignStated">Rules the best instruction states that the target never requires.</param>
internal sealed record Outcome(string Target, string Arm, int Capacity, int Budget, int Seed, double Test, double BestVal, int? ToTarget, int StartSpent, int Lessons, double? Precision, double? Coverage = null, double? OracleCoverage = null, int ForeignStated = 0);
