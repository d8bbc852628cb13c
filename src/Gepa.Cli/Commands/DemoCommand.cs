using System.CommandLine;
using System.Reflection;
using Gepa.Cli.Cli;

namespace Gepa.Cli.Commands;

/// <summary><c>gepa demo [sample]</c>: runs one of the RuleWorld samples shipped inside the tool, so an installed tool
/// shows GEPA working offline with no repository checkout, no key and no network. RuleWorld is a simulation.</summary>
internal static class DemoCommand
{
    /// <summary>The sample run when none is named.</summary>
    public const string DefaultSample = "single-module";

    private const string ResourcePrefix = "Gepa.Cli.Samples.";

    /// <summary>Gets the names of the bundled samples (the YAML files of <c>samples/rule-world</c>, without extension).</summary>
    public static IReadOnlyList<string> Samples { get; } = [.. typeof(DemoCommand).Assembly.GetManifestResourceNames()
        .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".yaml", StringComparison.Ordinal))
        .Select(n => n[ResourcePrefix.Length..^".yaml".Length])
        .Order(StringComparer.Ordinal)];

    /// <summary>Builds the command.</summary>
    /// <param name="env">The environment.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliEnvironment env)
    {
        var sample = new Argument<string>("sample") { Description = "The bundled sample to run.", DefaultValueFactory = _ => DefaultSample };
        sample.AcceptOnlyFromAmong([.. Samples]);
        var list = new Option<bool>("--list") { Description = "List the bundled samples and exit." };
        var copy = new Option<string?>("--copy") { Description = "Write the bundled samples into this folder (to read or edit them) instead of running one." };
        var set = new Option<string[]>("--set") { Description = "Override a configuration key: --set engine.max-metric-calls=500 (repeatable).", Arity = ArgumentArity.ZeroOrMore };
        var output = new Option<string?>("--out", "-o") { Description = "The run directory (default runs/<UTC time>)." };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Print only the final line." };
        var json = new Option<bool>("--json") { Description = "Print progress as JSON-lines events." };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Print stack traces with errors." };
        var command = new Command("demo", "Run a bundled offline demo in RuleWorld, a deterministic SIMULATED world (no key, no network): GEPA discovers hidden guidelines from feedback.")
        {
            sample, list, copy, set, output, quiet, json, verbose,
        };
        command.SetAction((p, ct) =>
        {
            if (p.GetValue(list))
            {
                foreach (var name in Samples)
                {
                    env.Out.WriteLine(name);
                }

                return Task.FromResult(ExitCodes.Success);
            }

            return p.GetValue(copy) is { } folder
                ? Task.FromResult(Copy(folder, p.GetValue(verbose), env))
                : RunAsync(p.GetValue(sample)!, new RunRequest(null, p.GetValue(set) ?? [], p.GetValue(output), null, p.GetValue(quiet), p.GetValue(json), p.GetValue(verbose)), env, ct);
        });
        return command;
    }

    /// <summary>Gets a bundled sample's text.</summary>
    /// <param name="name">The sample's name.</param>
    /// <returns>The YAML text.</returns>
    public static string Read(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(ResourcePrefix + name + ".yaml")
            ?? throw new ArgumentException($"There is no bundled sample '{name}'; the samples are: {string.Join(", ", Samples)}.", nameof(name));
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static async Task<int> RunAsync(string name, RunRequest request, CliEnvironment env, CancellationToken cancellationToken)
    {
        // The run reads its configuration from a file; the sample goes to a private temporary folder for the run's
        // length. The run directory keeps its own snapshot of the configuration, so resume does not need this file.
        var folder = Directory.CreateTempSubdirectory("gepa-demo-");
        try
        {
            var path = Path.Combine(folder.FullName, name + ".yaml");
            await File.WriteAllTextAsync(path, Read(name), cancellationToken);
            return await RunSession.RunAsync(request with { Config = path }, env, cancellationToken);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static int Copy(string folder, bool verbose, CliEnvironment env)
    {
        var errors = new ErrorReporter(env.Error, new SecretRedactor(), verbose);
        var target = Path.GetFullPath(Path.Combine(env.WorkingDirectory, folder));
        var existing = Samples.Select(n => Path.Combine(target, n + ".yaml")).Where(File.Exists).ToList();
        if (existing.Count > 0)
        {
            return errors.Fail($"{existing[0]} already exists; nothing was written (choose an empty folder).", null, ExitCodes.BadInput);
        }

        try
        {
            Directory.CreateDirectory(target);
            foreach (var name in Samples)
            {
                var path = Path.Combine(target, name + ".yaml");
                AtomicWrite.WriteAllBytes(path, System.Text.Encoding.UTF8.GetBytes(Read(name)));
                env.Out.WriteLine(path);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return errors.Fail($"the samples cannot be written to {target}: {e.Message}", e, ExitCodes.BadInput);
        }

        return ExitCodes.Success;
    }
}
