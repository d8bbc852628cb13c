namespace Gepa.Simulation;

/// <summary>How the simulated reflection model of RuleWorld reads its prompt.</summary>
public enum RuleWorldReflection
{
    /// <summary>The reference's reflection: it reads every guideline anywhere in its prompt, however long.</summary>
    Full,

    /// <summary>A limited reflection: bounded attention over failure records, more forgetting as it reads more
    /// guidelines, and misled by mixed feedback (see the project's RuleWorld README).</summary>
    Limited,
}
