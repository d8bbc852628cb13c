using Microsoft.Extensions.AI;

namespace Gepa;

/// <summary>Counts calls, tokens and cost per model role; shared by the <see cref="UsageAccountingChatClient"/> stages of a run.</summary>
/// <remarks>Thread-safe. The cost stage reads it between iterations (for a cost stop condition) and the summary reads
/// a <see cref="Snapshot"/> at the end.</remarks>
public sealed class ChatUsageTracker
{
    private readonly Lock _lock = new();
    private readonly List<Counters> _roles = [];

    /// <summary>Records one successful call.</summary>
    /// <param name="role">The role that made it.</param>
    /// <param name="usage">The usage the provider reported, or <see langword="null"/> when it reported none.</param>
    /// <param name="price">The model's price, or <see langword="null"/> when unknown.</param>
    public void RecordCall(string role, UsageDetails? usage, ModelPrice? price)
    {
        ArgumentException.ThrowIfNullOrEmpty(role);
        long input = usage?.InputTokenCount ?? 0, output = usage?.OutputTokenCount ?? 0;
        lock (_lock)
        {
            var c = Get(role);
            c.Calls++;
            c.InputTokens += input;
            c.OutputTokens += output;
            c.CachedInputTokens += usage?.CachedInputTokenCount ?? 0;
            c.ReasoningTokens += usage?.ReasoningTokenCount ?? 0;
            if (price is not null)
            {
                c.Cost = (c.Cost ?? 0m) + price.CostOf(input, output);
            }
        }
    }

    /// <summary>Records one call that failed.</summary>
    /// <param name="role">The role that made it.</param>
    public void RecordFailure(string role)
    {
        ArgumentException.ThrowIfNullOrEmpty(role);
        lock (_lock)
        {
            Get(role).FailedCalls++;
        }
    }

    /// <summary>Gets the cost of one role so far, or <see langword="null"/> when it has no price.</summary>
    /// <param name="role">The role.</param>
    /// <returns>The cost.</returns>
    public decimal? CostOf(string role)
    {
        lock (_lock)
        {
            return _roles.Find(r => r.Role == role)?.Cost;
        }
    }

    /// <summary>Adds counts recorded elsewhere, such as the usage of the earlier sessions of a resumed run, so that totals
    /// and cost caps cover the whole run.</summary>
    /// <param name="usage">The counts to add.</param>
    public void Add(RoleUsage usage)
    {
        ArgumentNullException.ThrowIfNull(usage);
        lock (_lock)
        {
            var c = Get(usage.Role);
            c.Calls += usage.Calls;
            c.FailedCalls += usage.FailedCalls;
            c.InputTokens += usage.InputTokens;
            c.OutputTokens += usage.OutputTokens;
            c.CachedInputTokens += usage.CachedInputTokens;
            c.ReasoningTokens += usage.ReasoningTokens;
            if (usage.Cost is { } cost)
            {
                c.Cost = (c.Cost ?? 0m) + cost;
            }
        }
    }

    /// <summary>Returns a consistent copy of the counts.</summary>
    /// <returns>The snapshot.</returns>
    public ChatUsageSnapshot Snapshot()
    {
        lock (_lock)
        {
            return new ChatUsageSnapshot([.. _roles.Select(c => new RoleUsage(c.Role, c.Calls, c.FailedCalls, c.InputTokens, c.OutputTokens, c.CachedInputTokens, c.ReasoningTokens, c.Cost))]);
        }
    }

    private Counters Get(string role)
    {
        var c = _roles.Find(r => r.Role == role);
        if (c is null)
        {
            c = new Counters(role);
            _roles.Add(c);
        }

        return c;
    }

    private sealed class Counters(string role)
    {
        public string Role { get; } = role;

        public long Calls { get; set; }

        public long FailedCalls { get; set; }

        public long InputTokens { get; set; }

        public long OutputTokens { get; set; }

        public long CachedInputTokens { get; set; }

        public long ReasoningTokens { get; set; }

        public decimal? Cost { get; set; }
    }
}
