using Microsoft.Extensions.AI;

namespace Gepa.Orleans;

/// <summary>The usage of one rollout batch, found by the <see cref="RolloutUsageChatClient"/> through an async-local
/// slot that the batch's own calls inherit.</summary>
internal sealed class RolloutUsageScope : IDisposable
{
    private static readonly AsyncLocal<RolloutUsageScope?> s_current = new();
    private readonly RolloutUsageScope? _outer;
    private long _inputTokens;
    private long _outputTokens;
    private long _costMicroUsd;

    private RolloutUsageScope()
    {
        _outer = s_current.Value;
        s_current.Value = this;
    }

    public long InputTokens => Interlocked.Read(ref _inputTokens);

    public long OutputTokens => Interlocked.Read(ref _outputTokens);

    public decimal CostUsd => Interlocked.Read(ref _costMicroUsd) / 1_000_000m;

    public static RolloutUsageScope Begin() => new();

    public static void Charge(UsageDetails? usage, ModelPrice? price)
    {
        if (usage is null || s_current.Value is not { } scope)
        {
            return;
        }

        long input = usage.InputTokenCount ?? 0, output = usage.OutputTokenCount ?? 0;
        Interlocked.Add(ref scope._inputTokens, input);
        Interlocked.Add(ref scope._outputTokens, output);
        if (price is not null)
        {
            Interlocked.Add(ref scope._costMicroUsd, (long)decimal.Round(price.CostOf(input, output) * 1_000_000m));
        }
    }

    public void Dispose() => s_current.Value = _outer;
}
