using Gepa.Samples.HostedRuleWorld;

namespace Gepa.Hosting.Tests.Samples;

/// <summary>The worked hosting sample (samples/hosting): a worker host that optimizes in RuleWorld, a simulation.</summary>
public sealed class HostedRuleWorldTests
{
    [Fact]
    public async Task RunAsync_DefaultSettings_StreamsAcceptedCandidatesAndPrintsTheBest()
    {
        using var output = new StringWriter();

        var exit = await HostedRuleWorld.RunAsync([], output, TestContext.Current.CancellationToken);

        var text = output.ToString();
        Assert.True(exit == 0, text);
        Assert.Contains("candidate 1 accepted", text, StringComparison.Ordinal);
        Assert.Contains("rollouts ", text, StringComparison.Ordinal);
        Assert.Matches(@"done: best 0\.\d+ \(seed 0\.000\) after \d+ rollouts", text);
        Assert.Contains("[system_prompt]", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_BadSetting_RefusedAtStartNamingIt()
    {
        using var output = new StringWriter();

        var exit = await HostedRuleWorld.RunAsync(["--Gepa:MinibatchSize=0"], output, TestContext.Current.CancellationToken);

        Assert.Equal(2, exit);
        Assert.Contains("MinibatchSize is 0; it must be at least 1", output.ToString(), StringComparison.Ordinal);
    }
}
