namespace Gepa;

/// <summary>What the calls of one model role cost, as counted by <see cref="ChatUsageTracker"/>.</summary>
/// <param name="Role">The role, for example <see cref="ChatRoles.Task"/>.</param>
/// <param name="Calls">The calls that returned a response.</param>
/// <param name="FailedCalls">The calls that failed (after any retries).</param>
/// <param name="InputTokens">The input tokens the provider reported.</param>
/// <param name="OutputTokens">The output tokens the provider reported.</param>
/// <param name="CachedInputTokens">The input tokens the provider served from its prompt cache.</param>
/// <param name="ReasoningTokens">The reasoning tokens the provider reported.</param>
/// <param name="Cost">The cost, or <see langword="null"/> when no price is configured for the role.</param>
public sealed record RoleUsage(
    string Role,
    long Calls,
    long FailedCalls,
    long InputTokens,
    long OutputTokens,
    long CachedInputTokens,
    long ReasoningTokens,
    decimal? Cost);
