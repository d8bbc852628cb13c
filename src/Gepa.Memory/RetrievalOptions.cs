namespace Gepa;

/// <summary>How lessons are picked for a new task: a similarity floor, a diversity weight, a count and a token cap.</summary>
public sealed class RetrievalOptions
{
    /// <summary>Gets or sets the similarity below which a lesson is never retrieved (-1 to 1), or <see langword="null"/>
    /// (the default) for the bank's embedder's floor, <see cref="MemoryBank.DefaultSimilarityFloor"/>.</summary>
    public double? SimilarityFloor { get; set; }

    /// <summary>Gets or sets the weight of relevance against novelty in maximal marginal relevance (0 to 1).</summary>
    public double MmrLambda { get; set; } = MemoryConstants.MmrLambda;

    /// <summary>Gets or sets the most lessons retrieved (1 to 100).</summary>
    public int TopK { get; set; } = MemoryConstants.TopK;

    /// <summary>Gets or sets the most tokens (characters / 4, rounded up) the lessons may take together (1 to 100,000).</summary>
    public int TokenCap { get; set; } = MemoryConstants.TokenCap;

    /// <summary>Gets or sets whether each lesson is compared with every part of the query (its lines, sentences and the
    /// items of comma- or semicolon-separated lists) as well as with the whole, keeping the closest match. A task
    /// description that lists many concerns embeds as their average, about equally far from a lesson on any one of
    /// them, whether that concern is in the list or not; a part names one concern. Off by default: on the simulated
    /// families of docs/memory.md it raised a semantic embedder's (MiniLM's) precision and lowered the hashed one's, whose
    /// short parts share function words with unrelated lessons.</summary>
    public bool SegmentQuery { get; set; }

    /// <summary>Checks every option and throws naming the one out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public void Validate()
    {
        Check(SimilarityFloor is null or (>= -1 and <= 1), nameof(SimilarityFloor), SimilarityFloor!, "-1 to 1");
        Check(MmrLambda is >= 0 and <= 1, nameof(MmrLambda), MmrLambda, "0 to 1");
        Check(TopK is >= 1 and <= 100, nameof(TopK), TopK, "1 to 100");
        Check(TokenCap is >= 1 and <= 100_000, nameof(TokenCap), TokenCap, "1 to 100000");
    }

    private static void Check(bool ok, string name, object value, string range)
    {
        if (!ok)
        {
            throw new ArgumentOutOfRangeException(name, value, $"RetrievalOptions.{name} must be {range}; it is {value}.");
        }
    }
}
