namespace Gepa;

/// <summary>The conventional side-information keys the reflection model reads, as the reference names them.</summary>
public static class SideInfoKeys
{
    /// <summary>What the candidate was given.</summary>
    public const string Input = "Input";

    /// <summary>What the candidate produced.</summary>
    public const string Output = "Output";

    /// <summary>What it should have produced.</summary>
    public const string Expected = "Expected";

    /// <summary>A diagnosis in words.</summary>
    public const string Feedback = "Feedback";

    /// <summary>An error: a compiler diagnostic, an exception, a crash.</summary>
    public const string Error = "Error";

    /// <summary>Named objective scores, higher is better; they feed the objective frontier.</summary>
    public const string Scores = "scores";

    /// <summary>What the evaluator wrote with <see cref="EvaluationContext.Log"/>.</summary>
    public const string Log = "log";

    /// <summary>The suffix of a component's own side information: <c>&lt;component&gt;_specific_info</c>.</summary>
    public const string SpecificInfoSuffix = "_specific_info";

    /// <summary>The heading under which <see cref="Scores"/> is shown to the reflection model.</summary>
    public const string ScoresHeading = "Scores (Higher is Better)";
}
