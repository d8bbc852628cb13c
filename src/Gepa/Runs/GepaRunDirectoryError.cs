namespace Gepa;

/// <summary>Why a run directory could not be created or opened.</summary>
public enum GepaRunDirectoryError
{
    /// <summary>The directory holds no run (no <c>run.json</c>).</summary>
    NotARunDirectory,

    /// <summary>The directory already holds a run; resume it or choose another directory.</summary>
    AlreadyExists,

    /// <summary>The directory was written by a newer version, with a format this version does not understand.</summary>
    NewerFormat,

    /// <summary>The directory's run was made with a different configuration or data, so resuming would not continue it.</summary>
    DifferentConfiguration,

    /// <summary>A file of the directory cannot be read.</summary>
    Unreadable,

    /// <summary>Another process (or another session in this one) is using the directory.</summary>
    Locked,

    /// <summary>The directory exists, is not empty and holds no run: it is someone's folder, not a run's.</summary>
    NotEmpty,

    /// <summary>A file the run appends to, or the saved state itself, is damaged or missing; resuming would not continue
    /// the run, so nothing is repaired silently.</summary>
    Damaged,
}
