using System.Globalization;
using Gepa.Cli.Output;
using Gepa.Cli.Running;
using Microsoft.Extensions.AI;

namespace Gepa.Cli.Commands;

/// <summary>Collects usage, retries and cache hits per role, and formats them for the summary.</summary>
internal static class UsageReport
{
    /// <summary>Collects the usage of every role of a run.</summary>
    /// <param name="usage">The run's tracker.</param>
    /// <param name="clients">The pipelines, to read their retry and cache counters.</param>
    /// <returns>One document per role that was configured.</returns>
    public static IReadOnlyList<UsageDocument> Collect(ChatUsageTracker usage, ModelClients clients)
    {
        var snapshot = usage.Snapshot();
        var roles = new List<(string Role, IChatClient Client)> { (ChatRoles.Task, clients.Task), (ChatRoles.Reflection, clients.Reflection) };
        if (clients.Judge is { } judge)
        {
            roles.Add((ChatRoles.Judge, judge));
        }

        return [.. roles.Select(r =>
        {
            var u = snapshot.For(r.Role);
            return new UsageDocument
            {
                Role = r.Role,
                Calls = u.Calls,
                FailedCalls = u.FailedCalls,
                Retries = r.Client.GetService<GepaRetryChatClient>()?.RetryCount ?? 0,
                CacheHits = r.Client.GetService<DiskResponseCacheChatClient>()?.Hits ?? 0,
                InputTokens = u.InputTokens,
                OutputTokens = u.OutputTokens,
                Cost = u.Cost,
            };
        })];
    }

    /// <summary>Formats one role's usage on one line.</summary>
    /// <param name="u">The usage.</param>
    /// <returns>The line.</returns>
    public static string Line(UsageDocument u)
    {
        var cost = u.Cost is { } c ? $", cost {c.ToString("0.####", CultureInfo.InvariantCulture)}" : ", cost unknown (no price)";
        var cache = u.CacheHits > 0 ? $", {u.CacheHits} from cache" : "";
        var failed = u.FailedCalls > 0 ? $", {u.FailedCalls} failed" : "";
        return $"{u.Role,-10} {u.Calls} calls{cache}{failed}, {u.Retries} retries, tokens in {u.InputTokens.ToString("N0", CultureInfo.InvariantCulture)} / out {u.OutputTokens.ToString("N0", CultureInfo.InvariantCulture)}{cost}";
    }
}
