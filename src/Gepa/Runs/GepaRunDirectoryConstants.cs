namespace Gepa;

/// <summary>Defaults of <see cref="GepaRunDirectoryOptions"/>.</summary>
public static class GepaRunDirectoryConstants
{
    /// <summary>The default of <see cref="GepaRunDirectoryOptions.DerivedFilesInterval"/>: 5 seconds.</summary>
    public static readonly TimeSpan DefaultDerivedFilesInterval = TimeSpan.FromSeconds(5);

    /// <summary>The largest <see cref="GepaRunDirectoryOptions.DerivedFilesInterval"/> accepted: 1 hour.</summary>
    public static readonly TimeSpan MaxDerivedFilesInterval = TimeSpan.FromHours(1);

    /// <summary>The default of <see cref="GepaRunDirectoryOptions.CheckpointInterval"/>: 1 second (a crash loses at most
    /// about a second of work).</summary>
    public static readonly TimeSpan DefaultCheckpointInterval = TimeSpan.FromSeconds(1);

    /// <summary>The largest <see cref="GepaRunDirectoryOptions.CheckpointInterval"/> accepted: 1 hour.</summary>
    public static readonly TimeSpan MaxCheckpointInterval = TimeSpan.FromHours(1);
}
