namespace Gepa.Tests.Programs;

public sealed class LmProgramTests
{
    [Fact]
    public void SeedCandidate_FollowsStepDeclarationOrder()
    {
        var program = new ResearchProgram(new ScriptedStepChatClient((_, _) => "x"));

        var seed = program.SeedCandidate();

        Assert.Equal(["plan", "search", "answer"], seed.ComponentNames);
        Assert.Equal("Write a search query.", seed["search"]);
    }

    [Fact]
    public async Task InvokeAsync_WithACandidate_UsesItsTexts()
    {
        var client = new ScriptedStepChatClient((step, _) => step == "answer" ? """{"answer":"A"}""" : "n");
        var program = new ResearchProgram(client, hops: 1);

        var output = await program.InvokeAsync(new QaCase("Q", "A"), program.SeedCandidate().With("answer", "BEST"), TestContext.Current.CancellationToken);

        Assert.Equal("A", output.Answer);
        Assert.Equal("BEST", client.Calls[^1].Messages[0].Text);
    }

    private sealed class Duplicate : LmProgram<string, string>
    {
        public Duplicate()
        {
            AddStep<string, string>("a", "x");
            AddStep<string, string>("a", "y");
        }

        protected override Task<string> RunAsync(string example, StepContext context, CancellationToken cancellationToken) => Task.FromResult(example);
    }

    [Fact]
    public void AddStep_DuplicateName_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => new Duplicate());

        Assert.Contains("'a'", ex.Message, StringComparison.Ordinal);
    }
}
