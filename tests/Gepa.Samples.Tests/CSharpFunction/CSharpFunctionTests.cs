using CSharpFunction;
using Microsoft.Extensions.AI;

namespace Gepa.Samples.Tests.CSharpFunction;

public sealed class CSharpFunctionTests
{
    // One evaluation is a child `dotnet` process that starts, JIT-compiles Roslyn, compiles the candidate and runs it:
    // about 2 s of CPU, but its wall-clock time grows with the machine's load: 22 s for the seed with eight busy
    // processes on its core, past the 20 s this test once allowed (then the seed or the memory hog timed out instead of
    // being scored). The limit is generous because it bounds every evaluation; the one candidate that reaches it sleeps,
    // so the wait takes no CPU from the rest of the suite.
    private static readonly TimeSpan EvaluationTimeout = TimeSpan.FromSeconds(120);

    private const string CompileError = "public static class Primes { public static int Count(int n) { return n } }";

    private const string Wrong = "public static class Primes { public static int Count(int n) { var c = 0; for (var i = 2; i <= n; i++) { var p = true; for (var d = 2; d * d <= i; d++) if (i % d == 0) { p = false; break; } if (p) c++; } return c; } }";

    // A candidate that never returns. It waits rather than spins, so that the whole time limit is not a core taken from
    // the other tests; what the test guards, that the evaluator kills a child that does not finish, is the same.
    private const string NeverReturns = "public static class Primes { public static int Count(int n) { while (true) { System.Threading.Thread.Sleep(1000); } } }";

    private const string Hog = "public static class Primes { public static int Count(int n) { var keep = new System.Collections.Generic.List<long[]>(); while (true) keep.Add(new long[1 << 20]); } }";

    private const string Fast = """
        public static class Primes
        {
            public static int Count(int n)
            {
                if (n < 3) return 0;
                var composite = new bool[n];
                var count = 0;
                for (var i = 2; i < n; i++)
                {
                    if (composite[i]) continue;
                    count++;
                    for (long j = (long)i * i; j < n; j += i) composite[j] = true;
                }

                return count;
            }
        }
        """;

    [Fact]
    public void Evaluate_CompileErrorAndBannedApi_GiveDiagnosticsWithPositions()
    {
        var broken = Worker.Evaluate(CompileError);
        var banned = Worker.Evaluate("public static class Primes { public static int Count(int n) => System.IO.File.Exists(\"x\") ? 1 : 0; }");

        Assert.Equal(0, broken["score"]!.GetValue<double>());
        Assert.Contains("(1,72): error CS1002: ; expected", broken["info"]!["Diagnostics"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("error GEPA001: 'File' is not allowed", banned["info"]!["Diagnostics"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_WrongAndCorrect_ShowFailingCasesThenTheBenchmark()
    {
        var wrong = Worker.Evaluate(Wrong);
        var fast = Worker.Evaluate(Fast);

        Assert.Contains("Count(3) returned 2, expected 1", wrong["info"]!["Failing cases"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.True(wrong["score"]!.GetValue<double>() < 0.8);
        Assert.True(fast["score"]!.GetValue<double>() > 0.8);
        Assert.Equal(1, fast["info"]!["scores"]!["correct"]!.GetValue<double>());
    }

    [Fact]
    public async Task RunAsync_ScriptedLadder_FaultsAreScoredFailuresAndTheFastCandidateWins()
    {
        // A scripted reflection model: the ladder of candidates a model might write, in order (not a model).
        var ladder = new Queue<string>([CompileError, Wrong, NeverReturns, Hog, Fast]);
        using var scripted = new ScriptedChatClient(() => ladder.Count > 0 ? ladder.Dequeue() : Fast);
        var dir = Path.Combine(Path.GetTempPath(), "gepa-csharp-" + Guid.NewGuid().ToString("N"));
        try
        {
            var result = await CSharpFunctionRun.RunAsync(scripted, maxEvaluations: 9, runDirectory: dir, timeout: EvaluationTimeout, cancellationToken: TestContext.Current.CancellationToken);

            Assert.Equal(Fast, result.BestText);
            Assert.True(result.BestScore > result.Gepa!.ValAggregateScores[0], $"best {result.BestScore}, seed {result.Gepa.ValAggregateScores[0]}");
            var evals = Directory.GetFiles(Path.Combine(dir, "evals"), "*.json").Select(File.ReadAllText).ToList();
            Assert.Contains(evals, e => e.Contains("error CS1002", StringComparison.Ordinal));
            Assert.Contains(evals, e => e.Contains("returned 2, expected 1", StringComparison.Ordinal));
            Assert.Contains(evals, e => e.Contains($"timed out after {EvaluationTimeout.TotalSeconds} s and was killed", StringComparison.Ordinal));
            Assert.Contains(evals, e => e.Contains("ran out of memory: it exceeded the worker", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private sealed class ScriptedChatClient(Func<string> next) : IChatClient
    {
        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "```csharp\n" + next() + "\n```")));

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
