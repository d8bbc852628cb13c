using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace Gepa.AnythingServer.Tests;

/// <summary>Drives the server over real loopback HTTP with a plain HttpClient, as an external engine would.</summary>
public sealed class EvaluationHttpServerTests
{
    private static EvaluationServer Server(int budget, int[] train, int[] val, Func<string, int, Evaluation>? score = null) =>
        EvaluationServer.Create(
            (Candidate c, int x, EvaluationContext ctx) => ValueTask.FromResult(score?.Invoke(c[OptimizeAnythingConstants.TextComponent], x)
                ?? new Evaluation(c[OptimizeAnythingConstants.TextComponent].Length * x, new SideInfo().Feedback($"x={x}"))),
            train,
            val,
            Candidate.FromText(OptimizeAnythingConstants.TextComponent, "seed"),
            new OptimizeAnythingOptions { MaxEvaluations = budget, Objective = "Be long." });

    private static async Task<(HttpStatusCode Status, JsonObject Body)> PostAsync(HttpClient http, string route, string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(new Uri(route, UriKind.Relative), content, TestContext.Current.CancellationToken);
        var body = (JsonObject)JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;
        return (response.StatusCode, body);
    }

    [Fact]
    public async Task Routes_DriveTheBudgetToA429_AndStatusSaysSo()
    {
        using var evaluation = Server(budget: 3, train: [1, 2], val: [3]);
        await using var server = new EvaluationHttpServer(evaluation);
        await server.StartAsync(TestContext.Current.CancellationToken);
        using var http = new HttpClient { BaseAddress = server.BaseAddress };

        var one = await PostAsync(http, "evaluate", """{"candidate": "abc", "example_id": "train_1"}""");
        Assert.Equal(HttpStatusCode.OK, one.Status);
        Assert.Equal(6, one.Body["score"]!.GetValue<double>());
        Assert.Equal("x=2", one.Body["info"]!["Feedback"]!.GetValue<string>());
        Assert.Equal(1, one.Body["budget"]!["used"]!.GetValue<int>());

        var refusedBatch = await PostAsync(http, "evaluate_examples", """{"candidate": "ab"}""");
        Assert.Equal((HttpStatusCode)429, refusedBatch.Status); // three needed, two left: refused whole

        var two = await PostAsync(http, "evaluate_examples", """{"candidate": "ab", "example_ids": ["val_0", "train_0"]}""");
        Assert.Equal(HttpStatusCode.OK, two.Status);
        Assert.Equal(4, two.Body["average_score"]!.GetValue<double>());
        Assert.Equal(6, two.Body["scores"]!["val_0"]!.GetValue<double>());
        Assert.Equal(2, two.Body["num_evaluated"]!.GetValue<int>());

        var spent = await PostAsync(http, "evaluate", """{"candidate": "abc", "example_id": "train_0"}""");
        Assert.Equal((HttpStatusCode)429, spent.Status);
        Assert.Contains("exhausted", spent.Body["error"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);

        var status = await http.GetFromJsonAsync<JsonObject>(new Uri("status", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.True(status!["budget"]!["exhausted"]!.GetValue<bool>());
        Assert.Equal(3, status["total_evals"]!.GetValue<int>());
        Assert.Equal(6, status["best_score"]!.GetValue<double>());
    }

    [Fact]
    public async Task Task_ShowsThePoolButNoHeldOutSplit()
    {
        using var evaluation = Server(budget: 3, train: [1, 2], val: [3]);
        await using var server = new EvaluationHttpServer(evaluation);
        await server.StartAsync(TestContext.Current.CancellationToken);
        using var http = new HttpClient { BaseAddress = server.BaseAddress };

        var task = await http.GetFromJsonAsync<JsonObject>(new Uri("task", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal("Be long.", task!["objective"]!.GetValue<string>());
        Assert.Equal("seed", task["seed_candidate"]!.GetValue<string>());
        Assert.True(task["has_dataset"]!.GetValue<bool>());
        Assert.Equal(3, task["train_size"]!.GetValue<int>());
        Assert.Equal(0, task["test_size"]!.GetValue<int>());
        Assert.Equal(0, task["val_size"]!.GetValue<int>());
    }

    [Fact]
    public async Task Evaluate_UnknownOrSealedExample_Is400AndSpendsNothing()
    {
        using var evaluation = Server(budget: 3, train: [1], val: [2]);
        await using var server = new EvaluationHttpServer(evaluation);
        await server.StartAsync(TestContext.Current.CancellationToken);
        using var http = new HttpClient { BaseAddress = server.BaseAddress };

        var sealedId = await PostAsync(http, "evaluate", """{"candidate": "a", "example_id": "test_0"}""");
        var badIds = await PostAsync(http, "evaluate_examples", """{"candidate": "a", "example_ids": ["train_0", "test_0"]}""");
        var noCandidate = await PostAsync(http, "evaluate", """{"example_id": "train_0"}""");

        Assert.Equal(HttpStatusCode.BadRequest, sealedId.Status);
        Assert.Equal(HttpStatusCode.BadRequest, badIds.Status);
        Assert.Equal(HttpStatusCode.BadRequest, noCandidate.Status);
        Assert.Equal(0, evaluation.Status.Used);
    }

    [Fact]
    public async Task Evaluate_EvaluatorThrows_IsAScoredFailureThatCounts()
    {
        using var evaluation = Server(budget: 3, train: [1], val: [], score: (_, _) => throw new InvalidDataException("no such file"));
        await using var server = new EvaluationHttpServer(evaluation);
        await server.StartAsync(TestContext.Current.CancellationToken);
        using var http = new HttpClient { BaseAddress = server.BaseAddress };

        var r = await PostAsync(http, "evaluate", """{"candidate": {"current_candidate": "a"}, "example_id": "train_0"}""");

        Assert.Equal(HttpStatusCode.OK, r.Status);
        Assert.Equal(0, r.Body["score"]!.GetValue<double>());
        Assert.StartsWith("InvalidDataException: no such file", r.Body["info"]!["Error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(1, evaluation.Status.Failures);
    }

    [Fact]
    public async Task EvaluateBothRoutes_EvaluatorFailsTooOftenInARow_Is500NamingTheFailure()
    {
        using var evaluation = EvaluationServer.Create(
            (Candidate c, int x, EvaluationContext ctx) => throw new InvalidDataException("no such file"),
            [1, 2],
            [],
            Candidate.FromText(OptimizeAnythingConstants.TextComponent, "seed"),
            new OptimizeAnythingOptions { MaxEvaluations = 5, MaxConsecutiveEvaluatorFailures = 1 });
        await using var server = new EvaluationHttpServer(evaluation);
        await server.StartAsync(TestContext.Current.CancellationToken);
        using var http = new HttpClient { BaseAddress = server.BaseAddress };

        var one = await PostAsync(http, "evaluate", """{"candidate": "a", "example_id": "train_0"}""");
        var batch = await PostAsync(http, "evaluate_examples", """{"candidate": "a", "example_ids": ["train_1"]}""");

        Assert.Equal(HttpStatusCode.InternalServerError, one.Status);
        Assert.Contains("no such file", one.Body["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.InternalServerError, batch.Status);
        Assert.Contains("no such file", batch.Body["error"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownRouteAndWrongMethod_Are404And405()
    {
        using var evaluation = Server(budget: 3, train: [1], val: []);
        await using var server = new EvaluationHttpServer(evaluation);
        await server.StartAsync(TestContext.Current.CancellationToken);
        using var http = new HttpClient { BaseAddress = server.BaseAddress };

        using var missing = await http.GetAsync(new Uri("validate", UriKind.Relative), TestContext.Current.CancellationToken);
        using var wrong = await http.GetAsync(new Uri("evaluate", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, wrong.StatusCode);
    }

    [Fact]
    public void Constructor_HostThatIsNoHostName_IsRefused()
    {
        using var evaluation = Server(budget: 1, train: [1], val: []);

        var error = Assert.Throws<ArgumentException>(() => new EvaluationHttpServer(evaluation, 0, "not a host!"));

        Assert.Contains("not a host!", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_WhileRunning_IsRefused_AndAfterAStopItListensAgain()
    {
        using var evaluation = Server(budget: 3, train: [1], val: []);
        await using var server = new EvaluationHttpServer(evaluation);
        await server.StartAsync(TestContext.Current.CancellationToken);

        await Assert.ThrowsAsync<InvalidOperationException>(() => server.StartAsync(TestContext.Current.CancellationToken));
        await server.StopAsync(TestContext.Current.CancellationToken);
        await server.StartAsync(TestContext.Current.CancellationToken);
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        var status = await http.GetFromJsonAsync<JsonObject>(new Uri("status", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(0, status!["total_evals"]!.GetValue<int>());
    }

    [Fact]
    public async Task Stop_EvaluationInFlight_IsCancelledAndAnswered503BeforeTheListenerCloses()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var cancelled = false;
        using var evaluation = EvaluationServer.Create(
            async (Candidate c, int x, EvaluationContext ctx) =>
            {
                started.TrySetResult();
                try
                {
                    await Task.Delay(Timeout.Infinite, ctx.CancellationToken);
                }
                catch (OperationCanceledException)
                {
                    cancelled = true;
                    throw;
                }

                return new Evaluation(1, new SideInfo());
            },
            [1],
            [],
            Candidate.FromText(OptimizeAnythingConstants.TextComponent, "seed"),
            new OptimizeAnythingOptions { MaxEvaluations = 3, Objective = "Wait." });
        await using var server = new EvaluationHttpServer(evaluation);
        await server.StartAsync(TestContext.Current.CancellationToken);
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        using var content = new StringContent("""{"candidate": "abc", "example_id": "train_0"}""", Encoding.UTF8, "application/json");
        var request = http.PostAsync(new Uri("evaluate", UriKind.Relative), content, TestContext.Current.CancellationToken);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        // An evaluation that would wait forever: the stop must cancel it rather than hang, and wait for it to end.
        await server.StopAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        Assert.True(cancelled);
        using var response = await request.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;
        Assert.NotNull(body["error"]);
    }
}
