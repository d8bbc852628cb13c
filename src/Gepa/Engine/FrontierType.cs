namespace Gepa;

/// <summary>What the Pareto front is kept over.</summary>
public enum FrontierType
{
    /// <summary>One front entry per validation example (the default).</summary>
    Instance,

    /// <summary>One front entry per objective, over the mean objective score on the validation set.</summary>
    Objective,

    /// <summary>The union of <see cref="Instance"/> and <see cref="Objective"/>.</summary>
    Hybrid,

    /// <summary>One front entry per (validation example, objective) pair.</summary>
    Cartesian,
}
