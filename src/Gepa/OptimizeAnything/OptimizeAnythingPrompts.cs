using System.Text;
using System.Text.Json;

namespace Gepa;

/// <summary>The reflection and seed-generation prompts of optimize-anything: our wording by default, the reference's
/// verbatim (gepa 0.1.4, <c>gepa_launcher.py</c>) when <see cref="OptimizeAnythingOptions.ReferencePrompts"/> is set.</summary>
public static class OptimizeAnythingPrompts
{
    /// <summary>The reference's static reflection template, used when there is no objective and no background.</summary>
    public const string ReferenceStaticTemplate =
        """
        I am optimizing a parameter in my system. The current parameter value is:
        ```
        <curr_param>
        ```

        Below is evaluation data showing how this parameter value performed across multiple test cases. The data contains performance metrics, diagnostic information, and other relevant details from the evaluation:
        ```
        <side_info>
        ```

        Your task is to propose a new, improved parameter value that can be used as a drop-in replacement for the current one.

        Carefully analyze all the evaluation data provided above. Look for patterns that indicate what works and what doesn't. Pay special attention to:
        - Performance metrics and how they correlate with parameter behavior
        - Recurring issues, errors, or failure patterns across multiple test cases
        - Successful patterns or behaviors that should be preserved or enhanced
        - Any domain-specific requirements, constraints, or factual information revealed in the evaluation data
        - Specific technical details that are crucial for understanding the parameter's role

        Based on your analysis, propose a new parameter value that addresses the identified issues while maintaining or improving upon what works well. Your proposal should be directly informed by the patterns and insights from the evaluation data.

        Provide the new parameter value within ``` blocks.
        """;

    /// <summary>Builds the reflection template (with <c>&lt;curr_param&gt;</c> and <c>&lt;side_info&gt;</c>) from the
    /// objective and the background.</summary>
    /// <param name="objective">The objective, or <see langword="null"/>.</param>
    /// <param name="background">The background, or <see langword="null"/>.</param>
    /// <param name="reference">Whether to use the reference's wording.</param>
    /// <returns>The template.</returns>
    public static string ReflectionTemplate(string? objective, string? background, bool reference)
    {
        objective = Blank(objective);
        background = Blank(background);
        if (reference)
        {
            return objective is null && background is null ? ReferenceStaticTemplate : ReferenceReflectionTemplate(objective, background);
        }

        var sb = new StringBuilder();
        sb.Append("You are improving a text artifact (a program, a configuration, a query, a prompt: whatever the evaluator scores). An evaluator ran the current version and reported what happened; use that evidence to write a better version.\n");
        if (objective is not null)
        {
            sb.Append("\n## Goal\n\n").Append(objective).Append('\n');
        }

        if (background is not null)
        {
            sb.Append("\n## Context and constraints\n\n").Append(background).Append('\n');
        }

        sb.Append("\n## Current version\n\n```\n<curr_param>\n```\n");
        sb.Append("\n## What the evaluator reported\n\nEach example is one evaluation: its score where shown, and what the evaluator found (errors, expected against actual results, diagnostics, measurements).\n\n```\n<side_info>\n```\n");
        sb.Append("\n## What to do\n\n");
        sb.Append("1. Find the cause of every failure and weak score above; an error or a diagnostic usually names the exact place to change.\n");
        sb.Append("2. Keep everything that already works.\n");
        if (objective is not null)
        {
            sb.Append("3. Move the artifact toward the goal, not only past the failures shown.\n");
        }

        if (background is not null)
        {
            sb.Append(objective is null ? "3" : "4").Append(". Respect every constraint in the context.\n");
        }

        sb.Append("\nWrite the complete new version, not a diff or a list of edits: it replaces the current one as it is. Reply with it inside a single ``` block and nothing after it.");
        return sb.ToString();
    }

    /// <summary>Builds the prompt from which the reflection model writes the first candidate when there is no seed.</summary>
    /// <param name="objective">The objective.</param>
    /// <param name="background">The background, or <see langword="null"/>.</param>
    /// <param name="sampleInputs">The first examples, or <see langword="null"/> in single-task mode.</param>
    /// <param name="reference">Whether to use the reference's wording.</param>
    /// <returns>The prompt.</returns>
    public static string SeedPrompt(string objective, string? background, IReadOnlyList<object?>? sampleInputs, bool reference)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(objective);
        background = Blank(background);
        var samples = sampleInputs?.Take(OptimizeAnythingConstants.SeedSampleInputs).Select((x, i) => $"- Example {i + 1}: {Show(x)}").ToList();
        var sections = new List<string>();
        if (reference)
        {
            sections.Add("You are an expert assistant. Your task is to generate an initial candidate that will be iteratively refined by an optimization system.");
            sections.Add($"\n## Goal\n\n{objective}");
            if (background is not null)
            {
                sections.Add($"\n## Domain Context & Constraints\n\n{background}");
            }

            if (samples is not null)
            {
                sections.Add("\n## Sample Inputs\n\nThe candidate will be evaluated on inputs like these:\n\n" + string.Join("\n", samples));
            }

            sections.Add("\n## Output Format\n\nGenerate a strong initial candidate based on the goal above.\nProvide ONLY the candidate within ``` blocks. Do not include explanations or commentary outside the ``` blocks.");
            return string.Join("\n", sections);
        }

        sections.Add("Write the first version of a text artifact. An optimizer will evaluate it and improve it from what the evaluator reports, so aim squarely at the goal and make it complete and working.");
        sections.Add($"\n## Goal\n\n{objective}");
        if (background is not null)
        {
            sections.Add($"\n## Context and constraints\n\n{background}");
        }

        if (samples is not null)
        {
            sections.Add("\n## Sample inputs\n\nIt will be evaluated on inputs like these:\n\n" + string.Join("\n", samples));
        }

        sections.Add("\nReply with the complete artifact inside a single ``` block and nothing else.");
        return string.Join("\n", sections);
    }

    private static string ReferenceReflectionTemplate(string? objective, string? background)
    {
        var sections = new List<string>
        {
            "You are an expert optimization assistant. Your task is to analyze evaluation feedback and propose an improved version of a system component.",
        };
        if (objective is not null)
        {
            sections.Add($"\n## Optimization Goal\n\n{objective}");
        }

        if (background is not null)
        {
            sections.Add($"\n## Domain Context & Constraints\n\n{background}");
        }

        sections.Add("\n## Current Component\n\nThe component being optimized:\n\n```\n<curr_param>\n```\n\n## Evaluation Results\n\nPerformance data from evaluating the current component across test cases:\n\n```\n<side_info>\n```");
        var points = new List<string>();
        if (objective is not null)
        {
            points.Add("- **Goal alignment**: How well does the current component achieve the stated optimization goal?");
        }

        points.Add("- **Failure patterns**: What specific errors, edge cases, or failure modes appear in the evaluation data?");
        points.Add("- **Success patterns**: What behaviors or approaches worked well and should be preserved?");
        points.Add("- **Root causes**: What underlying issues explain the observed failures?");
        if (background is not null)
        {
            points.Add("- **Constraint compliance**: Does the component satisfy all requirements from the domain context?");
        }

        var constraint = background is not null ? "\n4. Adheres to all constraints and requirements from the domain context" : "";
        sections.Add($"\n## Your Task\n\nAnalyze the evaluation results systematically:\n\n{string.Join("\n", points)}\n\nBased on your analysis, propose an improved version that:\n1. Addresses the identified failure patterns and root causes\n2. Preserves successful behaviors from the current version\n3. Makes meaningful improvements rather than superficial changes{constraint}");
        sections.Add("\n## Output Format\n\nProvide ONLY the improved version within ``` blocks. The output must be a complete,\ndrop-in replacement for the current component (whether it's a prompt, configuration,\ncode, or any other parameter type).\nDo not include explanations, commentary, or markdown outside the ``` blocks.");
        return string.Join("\n", sections);
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;

    private static string Show(object? x)
    {
        if (x is null or string)
        {
            return x as string ?? "null";
        }

        try
        {
            return JsonSerializer.Serialize(x, x.GetType());
        }
#pragma warning disable CA1031 // A sample that cannot be serialized is shown as its ToString.
        catch (Exception)
#pragma warning restore CA1031
        {
            return x.ToString() ?? "";
        }
    }
}
