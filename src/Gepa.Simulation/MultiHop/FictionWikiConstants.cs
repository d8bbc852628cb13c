namespace Gepa.Simulation;

/// <summary>The sizes of the generated fictional wiki behind the <em>simulated</em> multi-hop world.</summary>
public static class FictionWikiConstants
{
    /// <summary>The default world seed.</summary>
    public const string DefaultSeed = "fiction-wiki-v1";

    /// <summary>Cities.</summary>
    public const int Cities = 30;

    /// <summary>People with questions about them.</summary>
    public const int People = 90;

    /// <summary>Near-namesakes of those people (one vowel of the surname changed): distractors.</summary>
    public const int Namesakes = 30;

    /// <summary>Companies.</summary>
    public const int Companies = 50;

    /// <summary>Films.</summary>
    public const int Films = 50;

    /// <summary>Questions per split (train, val, test).</summary>
    public const int QuestionsPerSplit = 50;
}
