using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Gepa;

/// <summary>An optimize-anything evaluator that runs a command per evaluation, so that evaluators can be written in
/// any language. The candidate goes in on standard input or as a file; the example (if any) as a JSON file
/// (<c>GEPA_EXAMPLE_FILE</c>, <c>{example}</c>) with its id in <c>GEPA_EXAMPLE_ID</c>; the command prints
/// <c>{"score": 0.8, "info": {...}}</c> on standard output (the last line that is a JSON object counts).</summary>
/// <remarks>A non-zero exit, output that is not such JSON, a timeout (the command and its child processes are
/// killed), or a command that cannot start, is a scored failure with its cause and the end of standard error as side
/// information (<see cref="EvaluationFailedException"/>). Cancellation kills the command and propagates.</remarks>
public sealed class CommandEvaluator
{
    private readonly CommandEvaluatorOptions _options;

    /// <summary>Initializes a new evaluator.</summary>
    /// <param name="options">The command and its limits.</param>
    /// <exception cref="ArgumentException">The command is empty or a limit is out of range.</exception>
    public CommandEvaluator(CommandEvaluatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.FileName))
        {
            throw new ArgumentException($"{nameof(CommandEvaluatorOptions)}.{nameof(options.FileName)} is empty: name the evaluator command.", nameof(options));
        }

        if (options.Timeout <= TimeSpan.Zero)
        {
            throw new ArgumentException($"{nameof(CommandEvaluatorOptions)}.{nameof(options.Timeout)} must be positive; it is {options.Timeout}.", nameof(options));
        }

        if (options.MaxOutputChars < 1 || options.StderrTailChars < 0 || options.StderrTailChars > options.MaxOutputChars)
        {
            throw new ArgumentException($"{nameof(CommandEvaluatorOptions)}.{nameof(options.StderrTailChars)} must be between 0 and {nameof(options.MaxOutputChars)} ({options.MaxOutputChars}), which must be at least 1.", nameof(options));
        }

        _options = options;
    }

    /// <summary>Evaluates a candidate in single-task mode.</summary>
    /// <param name="candidate">The candidate.</param>
    /// <param name="context">The evaluation context.</param>
    /// <returns>The score and side information the command printed.</returns>
    public ValueTask<Evaluation> EvaluateAsync(Candidate candidate, EvaluationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return EvaluateAsync(candidate, null, context);
    }

    /// <summary>Evaluates a candidate on an example.</summary>
    /// <param name="candidate">The candidate.</param>
    /// <param name="example">The example; written as JSON for the command.</param>
    /// <param name="context">The evaluation context.</param>
    /// <returns>The score and side information the command printed.</returns>
    /// <exception cref="EvaluationFailedException">The command failed, timed out or printed no result.</exception>
    public async ValueTask<Evaluation> EvaluateAsync(Candidate candidate, object? example, EvaluationContext context)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(context);
        var ct = context.CancellationToken;
        var scratch = Directory.CreateTempSubdirectory("gepa-eval-");
        try
        {
            var candidateText = CandidateText(candidate);
            string? candidateFile = null, exampleFile = null;
            if (_options.CandidateInput == CommandCandidateInput.File)
            {
                candidateFile = Path.Combine(scratch.FullName, candidate.Count == 1 ? "candidate.txt" : "candidate.json");
                await File.WriteAllTextAsync(candidateFile, candidateText, ct).ConfigureAwait(false);
            }

            if (example is not null)
            {
                exampleFile = Path.Combine(scratch.FullName, "example.json");
                await File.WriteAllTextAsync(exampleFile, ExampleJson(example), ct).ConfigureAwait(false);
            }

            var start = StartInfo(candidateFile, exampleFile, context.ExampleId);
            using var process = new Process { StartInfo = start };
            try
            {
                process.Start();
            }
            catch (Win32Exception ex)
            {
                throw new EvaluationFailedException($"The evaluator command '{_options.FileName}' could not start: {ex.Message}", new SideInfo().Set("command", _options.FileName));
            }

            var stdout = ReadBoundedAsync(process.StandardOutput, _options.MaxOutputChars);
            var stderr = ReadBoundedAsync(process.StandardError, _options.MaxOutputChars);
            await WriteStdinAsync(process, _options.CandidateInput == CommandCandidateInput.Stdin ? candidateText : null, ct).ConfigureAwait(false);

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(_options.Timeout);
            var timedOut = false;
            try
            {
                await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                Kill(process);
                ct.ThrowIfCancellationRequested();
                timedOut = true;
            }

            // A grandchild that left the process tree may hold the pipes open: read what came, without waiting on it for ever.
            var output = await Drained(stdout).ConfigureAwait(false);
            var errors = await Drained(stderr).ConfigureAwait(false);
            if (timedOut)
            {
                throw Failure($"The evaluator command timed out after {_options.Timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s and was killed with its child processes.", output, errors, null);
            }

            if (process.ExitCode != 0)
            {
                throw Failure($"The evaluator command exited with code {process.ExitCode.ToString(CultureInfo.InvariantCulture)}.", output, errors, process.ExitCode);
            }

            return Parse(output) ?? throw Failure("The evaluator command printed no result: its standard output must end with a JSON object like {\"score\": 0.8, \"info\": {...}}.", output, errors, 0);
        }
        finally
        {
            try
            {
                scratch.Delete(recursive: true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    /// <summary>Reads a command's result: the whole output, or else its last line, as <c>{"score", "info"}</c>.</summary>
    internal static Evaluation? Parse(string output)
    {
        var trimmed = output.Trim();
        if (TryParse(trimmed) is { } whole)
        {
            return whole;
        }

        var lines = trimmed.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.Length == 0 ? null : TryParse(lines[^1]);
    }

    private static Evaluation? TryParse(string text)
    {
        if (!text.StartsWith('{'))
        {
            return null;
        }

        try
        {
            using var doc = JsonDocument.Parse(text);
            if (doc.RootElement.ValueKind != JsonValueKind.Object
                || !doc.RootElement.TryGetProperty("score", out var score)
                || score.ValueKind != JsonValueKind.Number
                || !double.IsFinite(score.GetDouble()))
            {
                return null;
            }

            var info = doc.RootElement.TryGetProperty("info", out var i) ? SideInfo.FromJson(i) : null;
            return new Evaluation(score.GetDouble(), info);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private EvaluationFailedException Failure(string message, string stdout, string stderr, int? exitCode)
    {
        var info = new SideInfo();
        if (exitCode is { } code)
        {
            info.Set("exit_code", code);
        }

        if (stderr.Length > 0 && _options.StderrTailChars > 0)
        {
            info.Set("stderr", Tail(stderr, _options.StderrTailChars));
        }

        if (stdout.Trim().Length > 0)
        {
            info.Set("stdout", Tail(stdout, _options.StderrTailChars));
        }

        return new EvaluationFailedException(message, info);
    }

    private static string Tail(string s, int chars) => s.Length <= chars ? s.TrimEnd() : "…" + s[^chars..].TrimEnd();

    private static string CandidateText(Candidate candidate) =>
        candidate.Count == 1 && candidate.ContainsKey(OptimizeAnythingConstants.TextComponent)
            ? candidate[OptimizeAnythingConstants.TextComponent]
            : new JsonObject([.. candidate.Select(kv => new KeyValuePair<string, JsonNode?>(kv.Key, kv.Value))]).ToJsonString();

    private static string ExampleJson(object example) => example switch
    {
        JsonNode node => node.ToJsonString(),
        JsonElement element => element.GetRawText(),
        string s => JsonSerializer.Serialize(s, GepaOptimizeAnythingJson.Default.String),
        _ => JsonSerializer.Serialize(example, example.GetType()),
    };

    private ProcessStartInfo StartInfo(string? candidateFile, string? exampleFile, string? exampleId)
    {
        var start = new ProcessStartInfo(_options.FileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            CreateNoWindow = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            WorkingDirectory = _options.WorkingDirectory ?? "",
        };
        var placed = false;
        foreach (var arg in _options.Arguments)
        {
            var a = arg;
            if (candidateFile is not null && a.Contains("{candidate}", StringComparison.Ordinal))
            {
                a = a.Replace("{candidate}", candidateFile, StringComparison.Ordinal);
                placed = true;
            }

            if (a.Contains("{example}", StringComparison.Ordinal))
            {
                a = a.Replace("{example}", exampleFile ?? "", StringComparison.Ordinal);
            }

            start.ArgumentList.Add(a);
        }

        if (candidateFile is not null && !placed)
        {
            start.ArgumentList.Add(candidateFile);
        }

        foreach (var (k, v) in _options.Environment)
        {
            start.Environment[k] = v;
        }

        if (candidateFile is not null)
        {
            start.Environment["GEPA_CANDIDATE_FILE"] = candidateFile;
        }

        if (exampleFile is not null)
        {
            start.Environment["GEPA_EXAMPLE_FILE"] = exampleFile;
        }

        if (exampleId is not null)
        {
            start.Environment["GEPA_EXAMPLE_ID"] = exampleId;
        }

        return start;
    }

    private static async Task WriteStdinAsync(Process process, string? text, CancellationToken ct)
    {
        try
        {
            if (text is not null)
            {
                await process.StandardInput.WriteAsync(text.AsMemory(), ct).ConfigureAwait(false);
            }

            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The command exited (or closed its input) without reading all of it; its exit code and output tell the rest.
        }
    }

    private static async Task<string> ReadBoundedAsync(StreamReader reader, int cap)
    {
        var sb = new StringBuilder();
        var buffer = new char[8192];
        int n;
        while ((n = await reader.ReadAsync(buffer).ConfigureAwait(false)) > 0)
        {
            var room = cap - sb.Length;
            if (room > 0)
            {
                sb.Append(buffer, 0, Math.Min(n, room));
            }
        }

        return sb.ToString();
    }

    private static async Task<string> Drained(Task<string> read)
    {
        var done = await Task.WhenAny(read, Task.Delay(TimeSpan.FromSeconds(5))).ConfigureAwait(false);
        return done == read ? await read.ConfigureAwait(false) : "";
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(5000);
        }
        catch (InvalidOperationException)
        {
            // It had already exited.
        }
        catch (Win32Exception)
        {
        }
    }
}
