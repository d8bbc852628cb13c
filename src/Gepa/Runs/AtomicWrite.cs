namespace Gepa;

/// <summary>Writes files so that a reader, or a process killed at any instant, never leaves a half-written one: the content
/// goes to a temporary file in the same directory, which is then renamed over the target.</summary>
public static class AtomicWrite
{
    /// <summary>The suffix of the temporary files; a leftover one (from a process killed mid-write) is ignored and removed.</summary>
    public const string TempSuffix = ".tmp";

    /// <summary>Writes <paramref name="path"/> atomically.</summary>
    /// <param name="path">The target file.</param>
    /// <param name="write">Writes the content; if it throws, the target is left as it was.</param>
    /// <param name="durable">Whether to flush the content to the disk before the rename (survives a power cut, not only a
    /// killed process).</param>
    /// <param name="wrap">Wraps the stream before <paramref name="write"/> gets it (tests inject failures here).</param>
    public static void Write(string path, Action<Stream> write, bool durable = false, Func<Stream, Stream>? wrap = null)
    {
        var temp = path + "." + Guid.NewGuid().ToString("N")[..8] + TempSuffix;
        try
        {
            using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024))
            {
                var target = wrap is null ? file : wrap(file);
                write(target);
                target.Flush();
                file.Flush(durable);
            }

            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/> atomically.</summary>
    /// <param name="path">The target file.</param>
    /// <param name="bytes">The content.</param>
    public static void WriteAllBytes(string path, byte[] bytes) => Write(path, s => s.Write(bytes));

    /// <summary>Writes <paramref name="text"/> (UTF-8, no byte order mark) to <paramref name="path"/> atomically.</summary>
    /// <param name="path">The target file.</param>
    /// <param name="text">The content.</param>
    public static void WriteAllText(string path, string text) => WriteAllBytes(path, System.Text.Encoding.UTF8.GetBytes(text));

    /// <summary>Removes temporary files a killed writer left in <paramref name="directory"/>.</summary>
    /// <param name="directory">The directory.</param>
    public static void RemoveLeftovers(string directory)
    {
        foreach (var file in Directory.EnumerateFiles(directory, "*" + TempSuffix))
        {
            TryDelete(file);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
