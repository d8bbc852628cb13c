using Gepa.Cli.Cli;

namespace Gepa.Cli.Commands;

/// <summary><c>gepa optimize &lt;config&gt;</c>: validates everything, creates the run directory, estimates what the budget
/// allows, runs GEPA with live progress, then writes <c>result.json</c> and prints a summary.</summary>
internal static class OptimizeCommand
{
    /// <summary>Runs the command.</summary>
    /// <param name="args">The parsed arguments.</param>
    /// <param name="env">The environment.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests (Ctrl+C).</param>
    /// <returns>The exit code.</returns>
    public static Task<int> RunAsync(OptimizeArguments args, CliEnvironment env, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(env);
        if (args.Cluster is { } connection)
        {
            // Orleans and the PostgreSQL driver live in the gepa-cluster tool, not in this one: the run is forwarded.
            List<string> forwarded = ["run", "--connection", connection, "--config", Path.GetFullPath(args.Config, env.WorkingDirectory)];
            foreach (var o in args.Overrides)
            {
                forwarded.AddRange(["--set", o]);
            }

            if (args.Out is { } output)
            {
                forwarded.AddRange(["--out", Path.GetFullPath(output, env.WorkingDirectory)]);
            }

            if (args.Verbose)
            {
                forwarded.Add("--verbose");
            }

            return ClusterCommand.RunAsync(forwarded, env, cancellationToken);
        }

        return RunSession.RunAsync(new RunRequest(args.Config, args.Overrides, args.Out, null, args.Quiet, args.Json, args.Verbose), env, cancellationToken);
    }
}
