namespace Gepa;

/// <summary>How a <see cref="MemoryBank"/> stores, curates and protects what it keeps.</summary>
public sealed class MemoryBankOptions
{
    /// <summary>Gets or sets how long to wait for a locked file, in milliseconds (0 to 60,000).</summary>
    public int BusyTimeoutMilliseconds { get; set; } = MemoryConstants.BusyTimeoutMilliseconds;

    /// <summary>Gets or sets the similarity at or above which lessons of one role are merged (0.5 to 1).</summary>
    public double DuplicateSimilarity { get; set; } = MemoryConstants.DuplicateSimilarity;

    /// <summary>Gets or sets the most lessons kept per role (1 to 100,000).</summary>
    public int MaxLessonsPerRole { get; set; } = MemoryConstants.MaxLessonsPerRole;

    /// <summary>Gets or sets the margin by which harmful must reach helpful for a lesson to be pruned (1 to 1,000).</summary>
    public int PruneMargin { get; set; } = MemoryConstants.PruneMargin;

    /// <summary>Gets or sets whether task profiles keep a few sample inputs (off by default: inputs may be private).</summary>
    public bool KeepSampleInputs { get; set; }

    /// <summary>Gets or sets what removes the host's known secrets (such as resolved API keys) from every text stored, on
    /// top of the bank's own removal of secret-looking tokens; the CLI passes the same redaction its run directories use.</summary>
    public Func<string, string>? Redact { get; set; }

    /// <summary>Gets or sets whether the bank owns the embedder it is opened with: disposes it when the bank is disposed, or
    /// when <see cref="MemoryBank.Open"/> fails (off by default: the caller keeps it, for example to share it).</summary>
    public bool OwnsEmbedder { get; set; }

    /// <summary>Checks every option and throws naming the one out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public void Validate()
    {
        Check(BusyTimeoutMilliseconds is >= 0 and <= 60_000, nameof(BusyTimeoutMilliseconds), BusyTimeoutMilliseconds, "0 to 60000");
        Check(DuplicateSimilarity is >= 0.5 and <= 1, nameof(DuplicateSimilarity), DuplicateSimilarity, "0.5 to 1");
        Check(MaxLessonsPerRole is >= 1 and <= 100_000, nameof(MaxLessonsPerRole), MaxLessonsPerRole, "1 to 100000");
        Check(PruneMargin is >= 1 and <= 1000, nameof(PruneMargin), PruneMargin, "1 to 1000");
    }

    private static void Check(bool ok, string name, object value, string range)
    {
        if (!ok)
        {
            throw new ArgumentOutOfRangeException(name, value, $"MemoryBankOptions.{name} must be {range}; it is {value}.");
        }
    }
}
