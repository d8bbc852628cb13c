namespace Gepa;

/// <summary>When a child is accepted after its minibatch evaluation.</summary>
public enum AcceptanceCriterion
{
    /// <summary>The child's minibatch score sum is greater than the parent's (the default).</summary>
    StrictImprovement,

    /// <summary>The child's minibatch score sum is greater than or equal to the parent's.</summary>
    ImprovementOrEqual,
}
