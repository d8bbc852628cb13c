namespace Gepa.Simulation.Tests.MultiHop;

public sealed class MultiHopSimulationTests
{
    private static readonly MultiHopSimulation s_sim = new(new FictionWiki());

    [Theory]
    [InlineData("Summarize the passages for the question.", "Osric Klumter is a painter.")]
    [InlineData("Summarize. Read each passage.", "Osric Klumter is a painter. Telfon Trading was founded in 1901 by Ulric Zalfa.")]
    [InlineData("Summarize. Keep all facts.", "Osric Klumter is a painter. Osric Klumter works at Telfon Trading.")]
    [InlineData("Read EACH PASSAGE and keep all facts.", "Osric Klumter is a painter. Osric Klumter works at Telfon Trading. Telfon Trading was founded in 1901 by Ulric Zalfa.")]
    public void TaskReply_Summarize_DependsOnTheInstructionsSkills(string instruction, string expected) =>
        Assert.Equal(expected, s_sim.TaskReply(instruction, ReadmeVectors.SummarizeUser));

    [Theory]
    [InlineData("Write a search query for the question.", ReadmeVectors.Question)]
    [InlineData("Name the bridge entity from the summary.", "Telfon Trading")]
    public void TaskReply_WriteQuery_DependsOnTheInstructionsSkills(string instruction, string expected) =>
        Assert.Equal(expected, s_sim.TaskReply(instruction, ReadmeVectors.QueryUser));

    [Theory]
    [InlineData("Answer the question from the notes.", """{"answer":"The answer is Zalfa."}""")]
    [InlineData("Reply with the answer span only.", """{"answer":"Zalfa"}""")]
    [InlineData("Reply with the answer span only. Give people by their full name.", """{"answer":"Ulric Zalfa"}""")]
    public void TaskReply_Answer_DependsOnTheInstructionsSkills(string instruction, string expected) =>
        Assert.Equal(expected, s_sim.TaskReply(instruction, ReadmeVectors.AnswerUser));

    [Fact]
    public void TaskReply_AnswerWhenTheChainBreaks_GuessesTheFirstNameOfTheRightKind()
    {
        var user = "Question: " + ReadmeVectors.Question + "\n\nNotes:\n- Telfon Trading was founded in 1901 by Ulric Zalfa.\n- Petra Sanfi is a composer.";

        Assert.Equal("""{"answer":"Ulric Zalfa"}""", s_sim.TaskReply("span only, full name", user));
    }

    [Fact]
    public void TaskReply_UnknownMessage_IsEmpty() => Assert.Equal(string.Empty, s_sim.TaskReply("x", "Hello"));

    [Fact]
    public void ReflectReply_Vector_KeepsTheBaseLineAndWritesTheSkillsItRead() =>
        Assert.Equal("```\nAnswer the question from the notes.\nReply with the answer span only.\nGive people by their full name.\n```", s_sim.ReflectReply(ReadmeVectors.ReflectPrompt));

    [Fact]
    public void ReflectReply_JointVector_WritesOneNamedBlockPerStepFromThatStepsSectionOnly()
    {
        var sim = new MultiHopSimulation(new FictionWiki(), new MultiHopSimulationOptions { Forget = 0, Guess = 0 });

        Assert.Equal(ReadmeVectors.JointReply, sim.ReflectReply(ReadmeVectors.JointPrompt));
    }

    [Fact]
    public void ReflectReply_ForgetOne_DropsEverySkill()
    {
        var sim = new MultiHopSimulation(new FictionWiki(), new MultiHopSimulationOptions { Forget = 1, Guess = 0 });

        Assert.Equal("```\nAnswer the question from the notes.\n```", sim.ReflectReply(ReadmeVectors.ReflectPrompt));
    }

    [Fact]
    public void ReflectReply_GuessOne_AddsASkillItDidNotRead()
    {
        var sim = new MultiHopSimulation(new FictionWiki(), new MultiHopSimulationOptions { Forget = 0, Guess = 1 });

        var replies = Enumerable.Range(0, 20).Select(i => sim.ReflectReply($"```\nBase {i}.\n```\nno phrases here")).ToList();

        Assert.All(replies, r => Assert.Single(MultiHopSimulation.SkillsIn(r)));
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void Constructor_ChanceOutOfRange_ThrowsNamingTheOption(double forget)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new MultiHopSimulation(new FictionWiki(), new MultiHopSimulationOptions { Forget = forget }));

        Assert.Contains("MultiHopSimulationOptions.Forget", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChatClient_Task_AnswersLikeTaskReplyAndReportsTheSimulatedModel()
    {
        using var client = MultiHopChatClient.Task(s_sim);

        var response = await client.GetResponseAsync([new(Microsoft.Extensions.AI.ChatRole.System, "span only"), new(Microsoft.Extensions.AI.ChatRole.User, ReadmeVectors.AnswerUser)], cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("""{"answer":"Zalfa"}""", response.Text);
        Assert.Equal(MultiHopSimulationConstants.TaskModelId, response.ModelId);
    }
}
