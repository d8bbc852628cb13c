using Gepa.Cli.Cli;
using Gepa.Cli.Providers;

namespace Gepa.Cli.Commands;

/// <summary><c>gepa providers</c>: lists the providers and what each needs.</summary>
internal static class ProvidersCommand
{
    /// <summary>Runs the command.</summary>
    /// <param name="env">The environment.</param>
    /// <returns>The exit code.</returns>
    public static int Run(CliEnvironment env)
    {
        var o = env.Out;
        o.WriteLine("Providers (the 'provider' key of task-model, reflection-model and judge-model):");
        foreach (var p in ProviderInfo.All)
        {
            o.WriteLine();
            o.WriteLine($"  {p.Name}");
            o.WriteLine($"    {p.Description}");
            o.WriteLine($"    required: {p.Required}");
            o.WriteLine($"    api key : {p.DefaultKeyEnv}");
            o.WriteLine("    example :");
            foreach (var line in p.Example.Split('\n'))
            {
                o.WriteLine("      " + line);
            }
        }

        o.WriteLine();
        o.WriteLine("Every provider also takes: temperature, max-output-tokens, reasoning-effort, extra-body, timeout, max-concurrency, retries, price.");
        o.WriteLine("API keys are read only from the environment variable named by api-key-env; a key written in the config is rejected.");
        return ExitCodes.Success;
    }
}
