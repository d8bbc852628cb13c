namespace Gepa.Memory.Tests;

public sealed class LessonPromptTests
{
    private static readonly RetrievedLesson Kelvin = new() { Lesson = new Lesson { Id = 12, Text = "Report every temperature in kelvin." } };

    [Fact]
    public void AddLessons_DefaultTemplate_KeepsPlaceholdersAndAddsIdsBeforeTheLastParagraph()
    {
        var template = LessonPrompt.AddLessons(ReflectionPrompt.DefaultTemplate, [Kelvin]);

        ReflectionPrompt.Validate(template, "test");
        Assert.Contains("[L12] Report every temperature in kelvin.", template, StringComparison.Ordinal);
        Assert.True(template.IndexOf("[L12]", StringComparison.Ordinal) < template.IndexOf("Reply with the complete new instructions", StringComparison.Ordinal));
    }

    [Fact]
    public void AddLessons_NoLessons_TemplateUnchanged()
    {
        Assert.Equal(ReflectionPrompt.DefaultTemplate, LessonPrompt.AddLessons(ReflectionPrompt.DefaultTemplate, []));
    }

    [Fact]
    public void AddLessons_LessonWithPlaceholderText_DoesNotAddAPlaceholder()
    {
        var sneaky = new RetrievedLesson { Lesson = new Lesson { Id = 3, Text = "Mention <side_info> literally." } };

        var template = LessonPrompt.AddLessons(ReflectionPrompt.DefaultTemplate, [sneaky]);

        Assert.Equal(1, template.Split("<side_info>").Length - 1);
    }

    [Theory]
    [InlineData("```\nnew\n```\nUsed lessons: L12, L40", new long[] { 12, 40 })]
    [InlineData("used lesson: 7\nUSED LESSONS: l7 L8", new long[] { 7, 8 })]
    [InlineData("```\nnew\n```", new long[0])]
    [InlineData("Used lessons: none", new long[0])]
    public void ParseCitations_Reply_ReadsIdsLeniently(string reply, long[] expected)
    {
        Assert.Equal(expected, LessonPrompt.ParseCitations(reply));
    }

    [Fact]
    public void RemoveLessons_AfterAddLessons_ReturnsTheTemplate()
    {
        var template = "Improve:\n<curr_param>\n\nData:\n<side_info>\n\nWrite it.";
        var lessons = new List<RetrievedLesson> { new() { Lesson = new Lesson { Id = 3, Text = "Use kelvin." } }, new() { Lesson = new Lesson { Id = 9, Text = "Cite the unit." } } };

        Assert.Equal(template, LessonPrompt.RemoveLessons(LessonPrompt.AddLessons(template, lessons)));
    }

    [Fact]
    public void RemoveLessons_NoSection_ReturnsThePrompt()
    {
        Assert.Equal("Improve: Answer.\n\nWrite it.", LessonPrompt.RemoveLessons("Improve: Answer.\n\nWrite it."));
    }
}
