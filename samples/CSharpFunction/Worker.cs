using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Runtime.Loader;
using System.Text.Json.Nodes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CSharpFunction;

/// <summary>The child worker (<c>CSharpFunction --worker</c>): reads a candidate's source on stdin, compiles it with Roslyn,
/// runs the tests and the benchmark in a collectible load context, and prints <c>{"score", "info"}</c>. It runs in its
/// own process so that an infinite loop or unbounded allocation in a candidate is killed there (timeout, memory cap)
/// and never takes the optimizer down.</summary>
public static class Worker
{
    /// <summary>Identifiers a candidate may not use: the process boundary is the sandbox, this only keeps honest
    /// candidates from touching the machine.</summary>
    public static readonly IReadOnlySet<string> Banned = new HashSet<string>(StringComparer.Ordinal) { "File", "Directory", "Process", "Environment", "Assembly", "Marshal", "Unsafe", "AppDomain", "Socket", "HttpClient" };

    /// <summary>Evaluates a source and returns the JSON line the worker prints.</summary>
    /// <param name="source">The candidate's C# source.</param>
    /// <returns>The result.</returns>
    public static JsonObject Evaluate(string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var info = new JsonObject();
        var tree = CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest));
        var banned = tree.GetRoot().DescendantNodes().OfType<IdentifierNameSyntax>()
            .Where(i => Banned.Contains(i.Identifier.Text))
            .Select(i => $"{Position(i.GetLocation())}: error GEPA001: '{i.Identifier.Text}' is not allowed in a candidate")
            .Distinct()
            .ToList();
        var compilation = CSharpCompilation.Create(
            "candidate",
            [tree],
            References.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Release, allowUnsafe: false));
        using var image = new MemoryStream();
        var emit = compilation.Emit(image);
        var errors = emit.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)
            .Select(d => $"{Position(d.Location)}: error {d.Id}: {d.GetMessage(CultureInfo.InvariantCulture)}")
            .Concat(banned)
            .ToList();
        if (errors.Count > 0)
        {
            info["Error"] = "The candidate does not compile.";
            info["Diagnostics"] = string.Join("\n", errors.Take(10));
            return Result(0, info, correct: 0, speed: 0);
        }

        image.Position = 0;
        var context = new AssemblyLoadContext("candidate", isCollectible: true);
        try
        {
            var assembly = context.LoadFromStream(image);
            var method = assembly.GetTypes().FirstOrDefault(t => t.Name == PrimeTask.TypeName)?.GetMethod(PrimeTask.MethodName, BindingFlags.Public | BindingFlags.Static, [typeof(int)]);
            if (method is null || method.ReturnType != typeof(int))
            {
                info["Error"] = $"The candidate must declare public static class {PrimeTask.TypeName} with public static int {PrimeTask.MethodName}(int n).";
                return Result(0, info, correct: 0, speed: 0);
            }

            var count = method.CreateDelegate<Func<int, int>>();
            var failures = new JsonArray();
            var passed = 0;
            foreach (var n in PrimeTask.Inputs)
            {
                var expected = PrimeTask.Expected(n);
                try
                {
                    var actual = count(n);
                    if (actual == expected)
                    {
                        passed++;
                    }
                    else
                    {
                        failures.Add($"Count({n}) returned {actual}, expected {expected}");
                    }
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    var frame = new StackTrace(e, fNeedFileInfo: false).GetFrames().FirstOrDefault()?.GetMethod()?.Name ?? "?";
                    failures.Add($"Count({n}) threw {e.GetType().Name}: {e.Message} (in {frame})");
                }
            }

            var correct = (double)passed / PrimeTask.Inputs.Count;
            if (failures.Count > 0)
            {
                info["Failing cases"] = failures;
                info["Feedback"] = $"{passed} of {PrimeTask.Inputs.Count} test cases pass; the benchmark runs only once all pass.";
                return Result(0.8 * correct, info, correct, speed: 0);
            }

            var times = new List<double>();
            _ = count(PrimeTask.BenchmarkN);
            for (var i = 0; i < 5; i++)
            {
                var watch = Stopwatch.StartNew();
                _ = count(PrimeTask.BenchmarkN);
                times.Add(watch.Elapsed.TotalMilliseconds);
            }

            var median = times.Order().ElementAt(2);
            var speed = Math.Min(1, PrimeTask.TargetMilliseconds / Math.Max(median, 1e-3));
            info["Feedback"] = $"All {PrimeTask.Inputs.Count} test cases pass. Count({PrimeTask.BenchmarkN}) takes {median.ToString("0.##", CultureInfo.InvariantCulture)} ms (median of 5); {PrimeTask.TargetMilliseconds} ms or less earns the full speed score.";
            info["Benchmark ms"] = Math.Round(median, 3);
            return Result(0.8 + (0.2 * speed), info, correct: 1, speed);
        }
        finally
        {
            context.Unload();
        }
    }

    /// <summary>The worker's entry: source on stdin, one JSON line on stdout.</summary>
    /// <returns>The exit code.</returns>
    public static int Run()
    {
        var source = Console.In.ReadToEnd();
        JsonObject result;
        try
        {
            result = Evaluate(source);
        }
        catch (OutOfMemoryException)
        {
            // The memory cap (DOTNET_GCHeapHardLimit, set by the parent) was hit; report it rather than crash.
            result = Result(0, new JsonObject { ["Error"] = "The candidate ran out of memory: it exceeded the worker memory cap." }, correct: 0, speed: 0);
        }

        Console.Out.WriteLine(result.ToJsonString());
        return 0;
    }

    private static readonly Lazy<List<MetadataReference>> References = new(() =>
        [.. ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p) is { } f && (f.StartsWith("System.", StringComparison.Ordinal) || f is "netstandard.dll" or "mscorlib.dll"))
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))]);

    private static string Position(Location location)
    {
        var span = location.GetLineSpan().StartLinePosition;
        return $"({span.Line + 1},{span.Character + 1})";
    }

    private static JsonObject Result(double score, JsonObject info, double correct, double speed)
    {
        info["scores"] = new JsonObject { ["correct"] = correct, ["speed"] = speed };
        return new JsonObject { ["score"] = score, ["info"] = info };
    }
}
