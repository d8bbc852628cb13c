using System.CommandLine;
using Gepa.Cli.Cli;

namespace Gepa.Cli.Commands;

/// <summary><c>gepa resume &lt;run-dir&gt;</c>: continues a run from its last saved state (RNG, sampler, counters, budget
/// and evaluation cache), re-evaluating nothing already evaluated.</summary>
internal static class ResumeCommand
{
    /// <summary>Builds the command.</summary>
    /// <param name="env">The environment.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliEnvironment env)
    {
        var directory = new Argument<string>("run-dir") { Description = "The run directory (made by 'gepa optimize')." };
        var config = new Option<string?>("--config") { Description = "The configuration file to resume with (default: the run directory's snapshot, config.json)." };
        var set = new Option<string[]>("--set") { Description = "Override a configuration key: --set engine.max-metric-calls=800 (settings that change the run's course are refused).", Arity = ArgumentArity.ZeroOrMore };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Print stack traces with errors." };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Print only the final line." };
        var json = new Option<bool>("--json") { Description = "Print progress as JSON-lines events." };
        var command = new Command("resume", "Continue a run from its run directory, exactly where it was saved, without re-evaluating anything.")
        {
            directory, config, set, quiet, json, verbose,
        };
        command.Validators.Add(r =>
        {
            if (r.GetValue(quiet) && r.GetValue(json))
            {
                r.AddError("--quiet and --json cannot be used together.");
            }
        });
        command.SetAction((p, ct) => RunSession.RunAsync(
            new RunRequest(p.GetValue(config), p.GetValue(set) ?? [], null, p.GetValue(directory)!, p.GetValue(quiet), p.GetValue(json), p.GetValue(verbose)), env, ct));
        return command;
    }
}
