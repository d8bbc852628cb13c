using System.Reflection;
using System.Runtime.Loader;
using Gepa.Cli.Configuration;
using Microsoft.Extensions.AI.Evaluation;

namespace Gepa.Cli.Running;

/// <summary>Loads the user's Microsoft.Extensions.AI.Evaluation <see cref="IEvaluator"/> for <c>metric.name: evaluator</c>:
/// a class with a public parameterless constructor in a .NET assembly the user built against
/// Microsoft.Extensions.AI.Evaluation (10.x).</summary>
internal static class EvaluatorLoader
{
    // The folders of the evaluators loaded so far, searched by one resolver: a process that loads many (the test suite, a
    // host preparing several runs) must not stack a resolver per load on the default context.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> Folders = new(StringComparer.Ordinal);

    static EvaluatorLoader() => AssemblyLoadContext.Default.Resolving += (context, name) =>
        Folders.Keys.Select(folder => Path.Combine(folder, name.Name + ".dll")).FirstOrDefault(File.Exists) is { } file ? context.LoadFromAssemblyPath(file) : null;

    /// <summary>Loads the assembly and creates the evaluator.</summary>
    /// <param name="configPath">The configuration file (a relative assembly path is resolved against its folder).</param>
    /// <param name="assemblyPath">The assembly's path (<c>metric.parameters.assembly</c>).</param>
    /// <param name="typeName">The evaluator's full type name (<c>metric.parameters.type</c>), or <see langword="null"/> when
    /// the assembly holds exactly one public evaluator.</param>
    /// <returns>The evaluator.</returns>
    /// <exception cref="ConfigException">The assembly or the type cannot be used, said for the key at fault.</exception>
    public static IEvaluator Load(string configPath, string? assemblyPath, string? typeName)
    {
        ConfigException Error(string key, string message) => new(new ConfigError(new SourceLocation(configPath, 0, 0), "metric.parameters." + key, message));
        if (string.IsNullOrWhiteSpace(assemblyPath))
        {
            throw Error("assembly", "the evaluator metric needs the .NET assembly that holds your IEvaluator, for example parameters: {assembly: eval/bin/Release/net10.0/MyEvaluators.dll, type: MyEvaluators.ToneEvaluator}.");
        }

        var path = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(configPath)) ?? ".", assemblyPath));
        if (!File.Exists(path))
        {
            throw Error("assembly", $"{path} does not exist; build your evaluator project first, then give the path of its .dll.");
        }

        Assembly assembly;
        try
        {
            // The default context: the evaluator's IEvaluator must be the tool's own, so it is not isolated. What the tool
            // does not have itself (the Quality evaluators, the user's other libraries) is looked for next to the assembly.
            Folders.TryAdd(Path.GetDirectoryName(path)!, true);
            assembly = AssemblyLoadContext.Default.LoadFromAssemblyPath(path);
        }
        catch (Exception e) when (e is BadImageFormatException or FileLoadException)
        {
            throw Error("assembly", $"{path} is not a .NET assembly this tool can load ({e.Message}).");
        }

        Type[] types;
        try
        {
            types = assembly.GetExportedTypes();
        }
        catch (Exception e) when (e is ReflectionTypeLoadException or FileNotFoundException or FileLoadException or TypeLoadException)
        {
            throw Error("assembly", $"{path} references something the tool does not have ({e.Message}); build it against Microsoft.Extensions.AI.Evaluation 10.x and put its other dependencies next to it.");
        }

        var evaluators = types.Where(t => typeof(IEvaluator).IsAssignableFrom(t) && t is { IsClass: true, IsAbstract: false }).ToList();
        Type type;
        if (typeName is not null)
        {
            type = types.FirstOrDefault(t => t.FullName == typeName)
                ?? throw Error("type", $"{path} has no public type '{typeName}'" + (evaluators.Count == 0 ? "." : $"; its evaluators: {string.Join(", ", evaluators.Select(t => t.FullName))}."));
            if (!evaluators.Contains(type))
            {
                throw Error("type", $"'{typeName}' does not implement Microsoft.Extensions.AI.Evaluation.IEvaluator (or is abstract).");
            }
        }
        else
        {
            type = evaluators.Count == 1
                ? evaluators[0]
                : throw Error("type", evaluators.Count == 0
                    ? $"{path} has no public IEvaluator."
                    : $"{path} has {evaluators.Count} evaluators; name one: {string.Join(", ", evaluators.Select(t => t.FullName))}.");
        }

        if (type.GetConstructor(Type.EmptyTypes) is null)
        {
            throw Error("type", $"'{type.FullName}' needs a public constructor without parameters, so that the tool can create it.");
        }

        try
        {
            return (IEvaluator)Activator.CreateInstance(type)!;
        }
        catch (TargetInvocationException e)
        {
            throw Error("type", $"creating '{type.FullName}' failed: {e.InnerException?.Message ?? e.Message}");
        }
    }
}
