using Microsoft.Extensions.AI;
using SqlTuner;

namespace Gepa.Samples.Tests.SqlTuner;

public sealed class SqlTunerTests : IDisposable
{
    private const string SyntaxError = "SELEC name FROM customers";

    private const string WrongCity = "SELECT c.name, COUNT(*) AS order_count, SUM(o.amount) AS total FROM orders o JOIN customers c ON c.id = o.customer_id WHERE c.city = 'Lima' GROUP BY c.id HAVING COUNT(*) >= 30 ORDER BY total DESC, c.name LIMIT 10";

    private readonly ShopDatabase _db = ShopDatabase.Create();

    public void Dispose() => _db.Dispose();

    [Fact]
    public void Evaluate_SeedAndReference_AreCorrectAndTheReferenceIsFaster()
    {
        var evaluator = new SqlEvaluator(_db);
        var seed = evaluator.Evaluate(TopCustomersTask.Seed);
        var fast = evaluator.Evaluate(TopCustomersTask.Reference);

        Assert.InRange(seed.Score, 1, 1.5);
        Assert.True(fast.Score > seed.Score, $"fast {fast.Score}, seed {seed.Score}");
        Assert.Contains("SCAN", (string)seed.Info!["Query plan"]!, StringComparison.Ordinal);
        Assert.Equal(1.0, fast.Info!.ObjectiveScores().Single(s => s.Key == "correct").Value);
    }

    [Fact]
    public void Evaluate_SyntaxErrorAndWrongRows_SayWhy()
    {
        var evaluator = new SqlEvaluator(_db);
        var broken = evaluator.Evaluate(SyntaxError);
        var wrong = evaluator.Evaluate(WrongCity);

        Assert.Equal(0, broken.Score);
        Assert.Contains("SQLite error 1", (string)broken.Info![SideInfoKeys.Error]!, StringComparison.Ordinal);
        Assert.Contains("near \"SELEC\"", (string)broken.Info[SideInfoKeys.Error]!, StringComparison.Ordinal);
        Assert.Equal(0, wrong.Score);
        Assert.Contains("missing (first 5):\ncustomer-", (string)wrong.Info!["Row diff"]!, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_QueryThatNeverEnds_IsInterrupted()
    {
        var evaluator = new SqlEvaluator(_db, TimeSpan.FromSeconds(1));
        var e = evaluator.Evaluate("WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r) SELECT MAX(x) FROM r");

        Assert.Equal(0, e.Score);
        Assert.Contains("interrupted", (string)e.Info![SideInfoKeys.Error]!, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Evaluate_ReadOnly_AWriteIsAnErrorAndChangesNothing()
    {
        var evaluator = new SqlEvaluator(_db);
        var e = evaluator.Evaluate("DELETE FROM orders");

        Assert.Contains("readonly", ((string)e.Info![SideInfoKeys.Error]!).Replace(" ", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase);
        Assert.True(evaluator.Evaluate(TopCustomersTask.Reference).Score >= 1);
    }

    [Fact]
    public async Task RunAsync_ScriptedCandidates_TheFastCorrectQueryWins()
    {
        // A scripted reflection model (not a model): a syntax error, wrong rows, then the fast query.
        var ladder = new Queue<string>([SyntaxError, WrongCity, TopCustomersTask.Reference]);
        using var scripted = new Scripted(() => ladder.Count > 0 ? ladder.Dequeue() : TopCustomersTask.Reference);

        var result = await SqlTunerRun.RunAsync(scripted, _db, maxEvaluations: 8, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(TopCustomersTask.Reference, result.BestText);
        Assert.Equal(0, result.EvaluationFailures); // a failing query is a score of 0 with its cause, not an evaluator crash
        Assert.True(result.BestScore > result.Gepa!.ValAggregateScores[0]);
    }

    private sealed class Scripted(Func<string> next) : IChatClient
    {
        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "```sql\n" + next() + "\n```")));

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
