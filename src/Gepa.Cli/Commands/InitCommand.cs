using Gepa.Cli.Cli;
using Gepa.Cli.Output;

namespace Gepa.Cli.Commands;

/// <summary><c>gepa init [path] [--force]</c>: writes a commented starter configuration.</summary>
internal static class InitCommand
{
    /// <summary>Runs the command.</summary>
    /// <param name="path">The file to write.</param>
    /// <param name="force">Whether to overwrite an existing file.</param>
    /// <param name="env">The environment.</param>
    /// <param name="errors">The error reporter.</param>
    /// <returns>The exit code.</returns>
    public static int Run(string path, bool force, CliEnvironment env, ErrorReporter errors)
    {
        var full = Path.GetFullPath(Path.Combine(env.WorkingDirectory, path));
        if (Directory.Exists(full))
        {
            full = Path.Combine(full, "gepa.yaml");
        }

        if (File.Exists(full) && !force)
        {
            return errors.Fail($"{full} already exists; pass --force to overwrite it.", null, ExitCodes.BadInput);
        }

        var directory = Path.GetDirectoryName(full)!;
        if (File.Exists(directory) || Configuration.PathProblems.FileAncestor(directory) is not null)
        {
            // A file on the way is a file, not a missing directory.
            return errors.Fail($"{Configuration.PathProblems.Unwritable(full, isFile: true)}.", null, ExitCodes.BadInput);
        }

        if (!Directory.Exists(directory))
        {
            return errors.Fail($"the directory {directory} does not exist.", null, ExitCodes.BadInput);
        }

        try
        {
            AtomicWrite.WriteAllText(full, StarterConfig.Text);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return errors.Fail($"{full} cannot be written ({(e is UnauthorizedAccessException ? "permission denied" : e.Message)}).", e, ExitCodes.BadInput);
        }

        env.Out.WriteLine($"Wrote {full}.");
        env.Out.WriteLine("Next: put your examples in data/train.jsonl and data/val.jsonl, set OPENAI_API_KEY, then run: gepa optimize " + path);
        return ExitCodes.Success;
    }
}
