namespace Gepa.Tests.Reflection;

public sealed class ReflectionPromptTests
{
    [Theory]
    [InlineData("```\nnew text\n```", "new text")]
    [InlineData("Here you go:\n```\nnew text\n```\nHope it helps.", "new text")]
    [InlineData("```python\nprint(1)\n```", "print(1)")]
    [InlineData("```\nouter\n```inner```\n```", "outer\n```inner```")]
    [InlineData("no fences at all", "no fences at all")]
    [InlineData("```\nopened but never closed", "opened but never closed")]
    [InlineData("closed but never opened\n```", "closed but never opened")]
    [InlineData("   ```\n  padded  \n```   ", "padded")]
    [InlineData("", "")]
    public void Extract_Reply_TakesTheFencedBlockAsTheReferenceDoes(string reply, string expected)
    {
        Assert.Equal(expected, ReflectionPrompt.Extract(reply));
    }

    [Fact]
    public void Extract_TextOnTheOpeningFenceLine_IsDroppedAsALanguageTag()
    {
        // The reference treats a non-space token right after the fence as a language tag (gepa-algorithm.md §5.10).
        Assert.Equal("body", ReflectionPrompt.Extract("```Foo\nbody\n```"));
    }

    [Fact]
    public void Render_NestedRecordsAndLists_UseDeeperHeadingsCappedAtSix()
    {
        var record = new ReflectiveRecord
        {
            ["Inputs"] = "question",
            ["Trace"] = new ReflectiveRecord { ["Step"] = ReflectiveValue.FromList(["a", new ReflectiveRecord { ["Deep"] = "x" }]) },
            ["Empty"] = new ReflectiveRecord(),
        };

        var text = ReflectionPrompt.RenderRecords([record, new ReflectiveRecord { ["Inputs"] = "  second  " }]);

        Assert.Equal(
            "# Example 1\n## Inputs\nquestion\n\n## Trace\n### Step\n#### Item 1\na\n\n#### Item 2\n##### Deep\nx\n\n## Empty\n\n\n\n# Example 2\n## Inputs\nsecond\n\n",
            text);
    }

    [Fact]
    public void Render_ComponentContainingTheRecordsPlaceholder_IsNotExpandedTwice()
    {
        var prompt = ReflectionPrompt.Render("A <curr_param> B <side_info>", "keep <side_info> literal", [new ReflectiveRecord { ["K"] = "v" }]);

        Assert.Equal("A keep <side_info> literal B # Example 1\n## K\nv\n\n", prompt);
    }

    [Theory]
    [InlineData("only <curr_param>", "<side_info>")]
    [InlineData("only <side_info>", "<curr_param>")]
    public void Validate_TemplateMissingAPlaceholder_NamesItAndTheOption(string template, string missing)
    {
        var ex = Assert.Throws<ArgumentException>(() => ReflectionPrompt.Validate(template, "reflection.template"));

        Assert.Contains(missing, ex.Message, StringComparison.Ordinal);
        Assert.Contains("reflection.template", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DefaultTemplate_HasBothPlaceholdersAndAsksForAFencedBlock()
    {
        ReflectionPrompt.Validate(ReflectionPrompt.DefaultTemplate, "default");

        Assert.Contains("```", ReflectionPrompt.DefaultTemplate, StringComparison.Ordinal);
        Assert.NotEqual(ReflectionPrompt.DefaultTemplate, File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "golden", "reference_reflection_template.txt")));
    }

    [Fact]
    public void DefaultTemplate_NamesNoRuleWorldKeyword()
    {
        // The simulated reflection model learns any rule whose keyword appears in its prompt; fixed engine text that
        // named one would teach it for free and make every RuleWorld measurement meaningless.
        var lower = ReflectionPrompt.DefaultTemplate.ToLowerInvariant();

        Assert.All(Gepa.Simulation.RuleWorld.RuleKeywords, k => Assert.DoesNotContain(k, lower, StringComparison.Ordinal));
    }

    [Fact]
    public void HasFencedBlock_OneFence_IsFalse()
    {
        Assert.False(ReflectionPrompt.HasFencedBlock("``` only one"));
        Assert.True(ReflectionPrompt.HasFencedBlock("```\nx\n```"));
    }
}
