namespace Gepa;

/// <summary>How much of an append-only journal of a run directory a saved state covers: on resume the file is cut back
/// to <see cref="Length"/>, and the part it covers must hold exactly <see cref="Lines"/> whole JSON lines.</summary>
public sealed class JournalMark
{
    /// <summary>Gets or sets the length in bytes the state covers.</summary>
    public long Length { get; set; }

    /// <summary>Gets or sets the number of lines in those bytes.</summary>
    public int Lines { get; set; }
}
