namespace Gepa.Simulation;

/// <summary>What a named thing of the fictional wiki is.</summary>
public enum FictionWikiEntityKind
{
    /// <summary>A country (named in city paragraphs; no paragraph of its own).</summary>
    Country,

    /// <summary>A city.</summary>
    City,

    /// <summary>A person.</summary>
    Person,

    /// <summary>A company.</summary>
    Company,

    /// <summary>A film.</summary>
    Film,
}
