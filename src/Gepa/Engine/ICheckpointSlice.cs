namespace Gepa;

/// <summary>A part of a run that keeps state across iterations and writes its own slice of the checkpoint.</summary>
internal interface ICheckpointSlice
{
    /// <summary>Writes this part's state to the checkpoint.</summary>
    /// <param name="checkpoint">The checkpoint being written.</param>
    void SaveTo(GepaCheckpoint checkpoint);

    /// <summary>Reads this part's state back from a checkpoint.</summary>
    /// <param name="checkpoint">The checkpoint being resumed.</param>
    void RestoreFrom(GepaCheckpoint checkpoint);
}
