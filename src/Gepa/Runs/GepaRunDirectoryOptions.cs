using System.Text.Json;

namespace Gepa;

/// <summary>Options of <see cref="GepaRunDirectory.Create"/> and <see cref="GepaRunDirectory.Open"/>.</summary>
public sealed class GepaRunDirectoryOptions
{
    /// <summary>Gets or sets the settings and data digests that decide the run's course, by name (for example the
    /// configuration's keys and the SHA-256 of each dataset file). A directory is resumed only with the same ones; the
    /// engine separately refuses a checkpoint made with other engine settings.</summary>
    public IReadOnlyDictionary<string, string> Fingerprint { get; set; } = new Dictionary<string, string>();

    /// <summary>Gets or sets the configuration snapshot written to <c>config.json</c> when the directory is created; secrets
    /// must already be removed from it.</summary>
    public JsonElement? Configuration { get; set; }

    /// <summary>Gets or sets what the host application needs to rebuild the run, kept in <c>run.json</c>.</summary>
    public IReadOnlyDictionary<string, string> Host { get; set; } = new Dictionary<string, string>();

    /// <summary>Gets or sets what writes the directory, recorded in <c>run.json</c>.</summary>
    public string Producer { get; set; } = "Gepa";

    /// <summary>Gets or sets the command that resumes the run, shown in <c>summary.json</c>.</summary>
    public string? ResumeCommand { get; set; }

    /// <summary>Gets or sets what removes secrets (such as resolved API keys) from every file written, should a model or
    /// an error message ever echo one; nothing is removed when <see langword="null"/>.</summary>
    public Func<string, string>? Redact { get; set; }

    /// <summary>Gets or sets how often, at most, the files derived from the pool (<c>best_candidate.json</c>,
    /// <c>pareto_front.json</c>, <c>examples.json</c>) are rewritten while a run goes on: at the first checkpoint, then at
    /// the first checkpoint after this interval at which the pool had changed, and always when the session ends (completed,
    /// stopped or disposed). Resume never reads them; it rebuilds the run from <c>state.json</c> and the journals.
    /// <see cref="TimeSpan.Zero"/> rewrites them at every checkpoint that changed the pool. <c>summary.json</c> follows the
    /// same interval (at the first checkpoint, then at the first checkpoint after the interval, and at the end), so that
    /// it, too, costs nothing per iteration. Default
    /// <see cref="GepaRunDirectoryConstants.DefaultDerivedFilesInterval"/>; from zero to
    /// <see cref="GepaRunDirectoryConstants.MaxDerivedFilesInterval"/>.</summary>
    public TimeSpan DerivedFilesInterval { get; set; } = GepaRunDirectoryConstants.DefaultDerivedFilesInterval;

    /// <summary>Gets or sets the clock for the timestamps (and for <see cref="DerivedFilesInterval"/>).</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Gets or sets the names of entries the host itself put into the directory before creating the run (an
    /// evaluation server's folder, say); they do not make the directory "not empty" for <see cref="GepaRunDirectory.Create"/>.
    /// Anything else in it is someone's and refuses the run.</summary>
    public IReadOnlyCollection<string> HostEntries { get; set; } = [];

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="DerivedFilesInterval"/> is negative or above
    /// <see cref="GepaRunDirectoryConstants.MaxDerivedFilesInterval"/>.</exception>
    internal void Validate()
    {
        if (DerivedFilesInterval < TimeSpan.Zero || DerivedFilesInterval > GepaRunDirectoryConstants.MaxDerivedFilesInterval)
        {
            throw new ArgumentOutOfRangeException(
                nameof(DerivedFilesInterval),
                DerivedFilesInterval,
                $"{nameof(GepaRunDirectoryOptions)}.{nameof(DerivedFilesInterval)} must be from 0 to {GepaRunDirectoryConstants.MaxDerivedFilesInterval.TotalSeconds:0} seconds.");
        }
    }
}
