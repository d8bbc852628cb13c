namespace Gepa;

/// <summary>Which components a proposal rewrites.</summary>
public enum ComponentSelection
{
    /// <summary>One component per proposal, in candidate order, with a pointer kept per candidate (the default).</summary>
    RoundRobin,

    /// <summary>Every component in every proposal.</summary>
    All,
}
