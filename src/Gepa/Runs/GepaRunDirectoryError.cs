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
}
