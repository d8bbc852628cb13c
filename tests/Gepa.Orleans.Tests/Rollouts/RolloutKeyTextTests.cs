namespace Gepa.Orleans.Tests.Rollouts;

public sealed class RolloutKeyTextTests
{
    [Fact]
    public void Of_KeysDifferingOnlyInRepeat_GiveDifferentTexts()
    {
        var first = new RolloutKey("run", 4, "minibatch", "abc", "train", 7, 0);

        Assert.Equal("run|4|minibatch|abc|train|7|0", RolloutKeyText.Of(first));
        Assert.NotEqual(RolloutKeyText.Of(first), RolloutKeyText.Of(first with { Repeat = 1 }));
    }
}
