using Gepa.Cli.Rendering;
using Xunit;

namespace Gepa.Cli.Tests.Rendering;

public sealed class RunProgressStateTests
{
    [Fact]
    public void SetRollouts_BudgetEventsOutOfOrder_KeepsTheHighestCount()
    {
        // The proposals of one iteration spend concurrently; their budget events can arrive out of order.
        var state = new RunProgressState();
        state.SetRollouts(10);
        state.SetRollouts(16);
        state.SetRollouts(13);

        Assert.Equal(16, state.Rollouts);
    }
}
