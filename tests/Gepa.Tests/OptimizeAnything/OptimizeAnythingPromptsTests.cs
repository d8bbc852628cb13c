namespace Gepa.Tests.OptimizeAnything;

public sealed class OptimizeAnythingPromptsTests
{
    [Fact]
    public void ReflectionTemplate_Reference_NoObjective_IsTheStaticTemplate() =>
        Assert.Equal(OptimizeAnythingPrompts.ReferenceStaticTemplate, OptimizeAnythingPrompts.ReflectionTemplate(null, " ", reference: true));

    [Fact]
    public void ReflectionTemplate_ReferenceWithBoth_HasTheReferenceSectionsInOrder()
    {
        var t = OptimizeAnythingPrompts.ReflectionTemplate("Goal G", "Ctx C", reference: true);
        var order = new[] { "## Optimization Goal\n\nGoal G", "## Domain Context & Constraints\n\nCtx C", "<curr_param>", "<side_info>", "- **Goal alignment**", "- **Constraint compliance**", "4. Adheres to all constraints", "## Output Format" }
            .Select(s => t.IndexOf(s, StringComparison.Ordinal)).ToList();
        Assert.DoesNotContain(-1, order);
        Assert.Equal(order.Order(), order);
    }

    [Fact]
    public void ReflectionTemplate_Ours_IsValidAndNamesTheGoal()
    {
        var t = OptimizeAnythingPrompts.ReflectionTemplate("Goal G", null, reference: false);
        ReflectionPrompt.Validate(t, "test");
        Assert.Contains("## Goal\n\nGoal G", t, StringComparison.Ordinal);
        Assert.DoesNotContain("Context and constraints", t, StringComparison.Ordinal);
    }

    [Fact]
    public void SeedPrompt_Reference_ShowsTheFirstThreeSamples()
    {
        var p = OptimizeAnythingPrompts.SeedPrompt("Goal", null, ["a", "b", "c", "d"], reference: true);
        Assert.Contains("## Sample Inputs\n\nThe candidate will be evaluated on inputs like these:\n\n- Example 1: a\n- Example 2: b\n- Example 3: c\n", p, StringComparison.Ordinal);
        Assert.DoesNotContain("Example 4", p, StringComparison.Ordinal);
        Assert.StartsWith("You are an expert assistant.", p, StringComparison.Ordinal);
    }
}
