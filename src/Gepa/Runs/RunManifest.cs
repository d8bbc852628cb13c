namespace Gepa;

/// <summary>The content of a run directory's <c>run.json</c>: what makes the directory a run, its format version and the
/// fingerprint of the configuration it was made with.</summary>
public sealed class RunManifest
{
    /// <summary>Gets or sets the run directory format version; a directory with a higher version is refused.</summary>
    public int FormatVersion { get; set; } = GepaRunDirectory.CurrentFormatVersion;

    /// <summary>Gets or sets when the run was created.</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Gets or sets what wrote the directory (for example <c>gepa 0.1.0</c>).</summary>
    public string Producer { get; set; } = "";

    /// <summary>Gets or sets the SHA-256 of <see cref="Fingerprint"/>, as lower-case hex.</summary>
    public string FingerprintHash { get; set; } = "";

    /// <summary>Gets or sets the settings and data digests that decide the run's course, by name; resuming with different ones
    /// is refused.</summary>
    public Dictionary<string, string> Fingerprint { get; set; } = [];

    /// <summary>Gets or sets what the host application needs to rebuild the run (the CLI keeps where its configuration's
    /// relative paths point), by name.</summary>
    public Dictionary<string, string> Host { get; set; } = [];
}
