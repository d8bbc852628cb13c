using Microsoft.Extensions.AI;

namespace Gepa.Cli;

/// <summary>What a host adds to the task model's pipeline of a <see cref="GepaConfigRun"/>.</summary>
public sealed class GepaTaskModelHooks
{
    /// <summary>Gets or sets what wraps the provider's own client, inside the retry stage, so that every attempt (each
    /// retry included) goes through it; for example a cluster-wide rate limit. <see langword="null"/> for none.</summary>
    public Func<IChatClient, IChatClient>? WrapProvider { get; set; }

    /// <summary>Gets or sets what the retry stage calls before it retries a failed attempt: the status code and the
    /// server's Retry-After are in the arguments. <see langword="null"/> for nothing.</summary>
    public Func<ChatRetryArguments, ValueTask>? OnRetry { get; set; }
}
