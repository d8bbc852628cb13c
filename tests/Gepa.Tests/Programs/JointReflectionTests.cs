namespace Gepa.Tests.Programs;

public sealed class JointReflectionTests
{
    private static readonly string[] s_steps = ["summarize", "answer"];

    [Fact]
    public void Parse_InfoStringNames_ReturnsEveryStepsText()
    {
        var (texts, issues) = JointReflection.Parse("Here:\n```summarize\nSum it.\n```\n```answer\nAnswer it.\n```", s_steps);

        Assert.Equal("Sum it.", texts["summarize"]);
        Assert.Equal("Answer it.", texts["answer"]);
        Assert.Empty(issues);
    }

    [Fact]
    public void Parse_HeadingAboveAPlainBlock_TakesTheNameFromTheHeading()
    {
        var (texts, issues) = JointReflection.Parse("### summarize\n```text\nSum it.\n```\n\nStep `answer`:\n```\nAnswer it.\n```", s_steps);

        Assert.Equal("Sum it.", texts["summarize"]);
        Assert.Equal("Answer it.", texts["answer"]);
        Assert.Empty(issues);
    }

    [Fact]
    public void Parse_BlockWithNoName_IsReportedAndTheMissingStepToo()
    {
        var (texts, issues) = JointReflection.Parse("Some thoughts.\n\n```\nOrphan.\n```\n```answer\nAnswer it.\n```", s_steps);

        Assert.Equal(["answer"], texts.Keys);
        Assert.Contains(issues, i => i.Step is null && i.Reason.Contains("names no step", StringComparison.Ordinal));
        Assert.Contains(issues, i => i.Step == "summarize" && i.Reason.Contains("no block", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_TwoBlocksForOneStep_KeepsTheFirstAndReportsTheSecond()
    {
        var (texts, issues) = JointReflection.Parse("```answer\nFirst.\n```\n```answer\nSecond.\n```\n```summarize\nSum.\n```", s_steps);

        Assert.Equal("First.", texts["answer"]);
        Assert.Contains(issues, i => i.Step == "answer" && i.Reason.Contains("more than one block", StringComparison.Ordinal));
    }
}
