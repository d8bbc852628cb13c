namespace Gepa.Cli.Configuration;

/// <summary>Says what is really wrong with a path, instead of the runtime's words: a directory given where a file is
/// expected is "a directory, not a file" (not "access denied"), a path through a file names that file (not "could not
/// find a part of the path"), and a missing file is "not found".</summary>
internal static class PathProblems
{
    /// <summary>Describes why a file to be read could not be read.</summary>
    /// <param name="full">The full path of the file.</param>
    /// <param name="error">The exception reading it threw, if any.</param>
    /// <returns>One sentence fragment naming the path, without a final period.</returns>
    public static string Unreadable(string full, Exception? error = null)
    {
        if (Directory.Exists(full))
        {
            return $"{full} is a directory, not a file";
        }

        if (FileAncestor(full) is { } file)
        {
            return $"{file} is a file, not a directory, so {full} cannot exist";
        }

        if (!File.Exists(full))
        {
            return $"file not found: {full}";
        }

        return error switch
        {
            UnauthorizedAccessException => $"{full} cannot be read: permission denied",
            null => $"{full} cannot be read",
            _ => $"{full} cannot be read: {error.Message}",
        };
    }

    /// <summary>Finds why a path cannot be written as a directory (or, with <paramref name="isFile"/>, as a file), reading
    /// only: it is the other kind of thing, or one of its parents is a file.</summary>
    /// <param name="full">The full path.</param>
    /// <param name="isFile">Whether a file is wanted there.</param>
    /// <returns>The problem, without a final period; <see langword="null"/> when there is none.</returns>
    public static string? Unwritable(string full, bool isFile)
    {
        if (!isFile && File.Exists(full))
        {
            return $"{full} is a file, not a directory";
        }

        if (isFile && Directory.Exists(full))
        {
            return $"{full} is a directory, not a file";
        }

        return FileAncestor(full) is { } file ? $"{file} is a file, so {full} cannot be created inside it" : null;
    }

    /// <summary>Returns the nearest parent of <paramref name="full"/> that exists as a file, or <see langword="null"/>.</summary>
    /// <param name="full">The full path.</param>
    /// <returns>The file, or <see langword="null"/>.</returns>
    public static string? FileAncestor(string full)
    {
        for (var parent = Path.GetDirectoryName(full); parent is not null; parent = Path.GetDirectoryName(parent))
        {
            if (File.Exists(parent))
            {
                return parent;
            }

            if (Directory.Exists(parent))
            {
                return null;
            }
        }

        return null;
    }
}
