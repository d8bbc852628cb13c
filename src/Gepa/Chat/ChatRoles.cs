namespace Gepa;

/// <summary>The names of the model roles a run uses, for usage accounting and messages.</summary>
public static class ChatRoles
{
    /// <summary>The model that runs the system being optimized.</summary>
    public const string Task = "task";

    /// <summary>The model that reads traces and proposes new component texts.</summary>
    public const string Reflection = "reflection";

    /// <summary>The model that scores outputs for an LLM-judge metric.</summary>
    public const string Judge = "judge";
}
