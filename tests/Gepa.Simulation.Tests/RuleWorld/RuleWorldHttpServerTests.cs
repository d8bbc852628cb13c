using System.ClientModel;
using System.Net;
using System.Text;
using System.Text.Json;
using Gepa.Simulation;
using Microsoft.Extensions.AI;
using OpenAI;
using Xunit;
using World = Gepa.Simulation.RuleWorld;

namespace Gepa.Tests.Simulation;

public class RuleWorldHttpServerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task OpenAIConnector_TaskAndReflectVectors_RoundTripByteForByte()
    {
        foreach (var group in RuleWorldVectors.All.Where(v => v.Kind is "task" or "reflect").GroupBy(v => v.WorldKey))
        {
            await using var server = new RuleWorldHttpServer(RuleWorldVectors.WorldFor(group.First()));
            await server.StartAsync(Ct);
            using var task = OpenAIChatClient(server, RuleWorldConstants.TaskModelId);
            using var reflect = OpenAIChatClient(server, RuleWorldConstants.ReflectionModelId);
            foreach (var vector in group)
            {
                var response = vector.Kind == "task"
                    ? await task.GetResponseAsync(RuleWorldVectors.Messages(vector.Line), cancellationToken: Ct)
                    : await reflect.GetResponseAsync(vector.Str("prompt"), cancellationToken: Ct);
                Assert.True(vector.Str("reply") == response.Text, $"{vector.Where}: expected {JsonSerializer.Serialize(vector.Str("reply"))}, got {JsonSerializer.Serialize(response.Text)}");
                Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
            }
        }
    }

    [Fact]
    public async Task OpenAIConnector_Usage_IsTheInProcessEstimate()
    {
        var world = new World();
        await using var server = await StartedServer(world);
        using var remote = OpenAIChatClient(server, RuleWorldConstants.TaskModelId);
        using var local = new RuleWorldTaskChatClient(world);
        ChatMessage[] messages = [new(ChatRole.System, World.BaseInstruction + " Use kelvin."), new(ChatRole.User, world.Valset[0].Input)];

        var viaHttp = await remote.GetResponseAsync(messages, cancellationToken: Ct);
        var inProcess = await local.GetResponseAsync(messages, cancellationToken: Ct);

        Assert.Equal(inProcess.Text, viaHttp.Text);
        Assert.Equal(RuleWorldConstants.TaskModelId, viaHttp.ModelId);
        Assert.Equal(inProcess.Usage!.InputTokenCount, viaHttp.Usage!.InputTokenCount);
        Assert.Equal(inProcess.Usage.OutputTokenCount, viaHttp.Usage.OutputTokenCount);
        Assert.Equal(inProcess.Usage.TotalTokenCount, viaHttp.Usage.TotalTokenCount);
    }

    [Fact]
    public async Task OpenAIConnector_Streaming_ReassemblesTheReply()
    {
        var vector = RuleWorldVectors.OfKind("task").First(v => v.WorldKey.Contains("modules=3", StringComparison.Ordinal));
        await using var server = await StartedServer(RuleWorldVectors.WorldFor(vector));
        using var client = OpenAIChatClient(server, RuleWorldConstants.TaskModelId);
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in client.GetStreamingResponseAsync(RuleWorldVectors.Messages(vector.Line), cancellationToken: Ct))
        {
            updates.Add(update);
        }

        var response = updates.ToChatResponse();
        Assert.Equal(vector.Str("reply"), response.Text);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
    }

    [Fact]
    public async Task StartAsync_ExplicitLoopbackHost_ServesThere()
    {
        await using var server = new RuleWorldHttpServer(new World(), host: "127.0.0.1");
        await server.StartAsync(Ct);
        using var client = OpenAIChatClient(server, RuleWorldConstants.TaskModelId);

        var response = await client.GetResponseAsync("no case here", cancellationToken: Ct);

        Assert.Equal("127.0.0.1", server.BaseAddress.Host);
        Assert.Equal(World.UnknownReply, response.Text);
    }

    [Fact]
    public async Task Latency_Set_DelaysEveryCompletionAndRunsCallsSideBySide()
    {
        // The server's clock is a fake one: the test sees each latency begin, and ends them itself. Timing four calls on
        // the wall clock (under 1.9 s for one 500 ms latency, not four) failed whenever a busy machine slowed the calls.
        var latency = TimeSpan.FromSeconds(5);
        var time = new TimerCountingTimeProvider(4);
        await using var server = new RuleWorldHttpServer(new World(), timeProvider: time) { Latency = latency };
        await server.StartAsync(Ct);
        using var client = OpenAIChatClient(server, RuleWorldConstants.TaskModelId);

        var calls = Enumerable.Range(0, 4).Select(_ => client.GetResponseAsync("no case here", cancellationToken: Ct)).ToList();

        // Calls answered one after the other would start the second latency only once the first had ended, which no
        // one ends: the four must all be waiting at once. The bound only ends a broken test.
        await time.Reached.WaitAsync(TimeSpan.FromSeconds(60), Ct);
        Assert.Equal([latency, latency, latency, latency], time.DueTimes);
        Assert.DoesNotContain(calls, c => c.IsCompleted);
        time.Advance(latency);
        var replies = await Task.WhenAll(calls).WaitAsync(TimeSpan.FromSeconds(60), Ct);

        Assert.All(replies, r => Assert.Equal(World.UnknownReply, r.Text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a host")]
    [InlineData("http://x")]
    public void Constructor_BadHost_Throws(string host) =>
        Assert.Throws<ArgumentException>(() => new RuleWorldHttpServer(new World(), host: host));

    [Fact]
    public async Task OpenAIConnector_UnknownModel_Fails()
    {
        await using var server = await StartedServer(new World());
        using var client = OpenAIChatClient(server, "gpt-4o");
        var ex = await Assert.ThrowsAsync<ClientResultException>(() => client.GetResponseAsync("hello", cancellationToken: Ct));
        Assert.Equal(404, ex.Status);
    }

    [Fact]
    public async Task ChatCompletions_RawRequest_HasOpenAIShape()
    {
        var world = new World();
        await using var server = await StartedServer(world);
        using var http = new HttpClient();
        var example = world.Valset[2];
        var body = JsonSerializer.Serialize(new
        {
            model = "rule-world-task",
            messages = new object[]
            {
                new { role = "developer", content = new object[] { new { type = "text", text = "Use " }, new { type = "text", text = "kelvin." } } },
                new { role = "user", content = example.Input },
            },
        });

        using var response = await http.PostAsync(new Uri(server.BaseAddress, "v1/chat/completions"), new StringContent(body, Encoding.UTF8, "application/json"), Ct);
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("chat.completion", json.GetProperty("object").GetString());
        Assert.Equal("rule-world-task", json.GetProperty("model").GetString());
        Assert.StartsWith("chatcmpl-", json.GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.True(json.GetProperty("created").GetInt64() > 1_600_000_000);
        var choice = Assert.Single(json.GetProperty("choices").EnumerateArray().ToList());
        Assert.Equal(0, choice.GetProperty("index").GetInt32());
        Assert.Equal("stop", choice.GetProperty("finish_reason").GetString());
        Assert.Equal("assistant", choice.GetProperty("message").GetProperty("role").GetString());
        Assert.Equal(world.TaskReply("Use kelvin.", example.Input), choice.GetProperty("message").GetProperty("content").GetString());
        var usage = json.GetProperty("usage");
        Assert.Equal(usage.GetProperty("prompt_tokens").GetInt64() + usage.GetProperty("completion_tokens").GetInt64(), usage.GetProperty("total_tokens").GetInt64());
    }

    [Fact]
    public async Task ChatCompletions_RawStreamingRequest_SendsChunksThenDone()
    {
        var world = new World();
        await using var server = await StartedServer(world);
        using var http = new HttpClient();
        var body = """{"model":"rule-world-reflect","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"kelvin"}]}""";

        using var response = await http.PostAsync(new Uri(server.BaseAddress, "v1/chat/completions"), new StringContent(body, Encoding.UTF8, "application/json"), Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var events = text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.All(events, e => Assert.StartsWith("data: ", e, StringComparison.Ordinal));
        Assert.Equal("data: [DONE]", events[^1]);
        var chunks = events[..^1].Select(e => JsonDocument.Parse(e["data: ".Length..]).RootElement).ToList();
        Assert.All(chunks, c => Assert.Equal("chat.completion.chunk", c.GetProperty("object").GetString()));
        var content = string.Concat(chunks.SelectMany(c => c.GetProperty("choices").EnumerateArray())
            .Select(c => c.GetProperty("delta").TryGetProperty("content", out var part) ? part.GetString() : ""));
        Assert.Equal(world.ReflectReply("kelvin"), content);
        Assert.Contains(chunks, c => c.GetProperty("choices").EnumerateArray().Any(ch => ch.GetProperty("finish_reason").ValueKind == JsonValueKind.String));
        Assert.True(chunks[^1].GetProperty("usage").GetProperty("total_tokens").GetInt64() > 0);
    }

    [Theory]
    [InlineData("POST", "v1/chat/completions", """{"model":"gpt-4o","messages":[]}""", 404, "model_not_found")]
    [InlineData("POST", "v1/chat/completions", "{not json", 400, "invalid_json")]
    [InlineData("POST", "v1/chat/completions", """{"model":"rule-world-task"}""", 400, "invalid_request")]
    [InlineData("POST", "v1/chat/completions", """{"model":"rule-world-task","messages":[{"content":"x"}]}""", 400, "invalid_request")]
    [InlineData("POST", "v1/chat/completions", """{"model":"rule-world-task","messages":[{"role":"user","content":5}]}""", 400, "invalid_request")]
    [InlineData("POST", "v1/chat/completions", "[]", 400, "invalid_request")]
    [InlineData("GET", "v1/chat/completions", null, 405, "method_not_allowed")]
    [InlineData("GET", "v1/elsewhere", null, 404, "not_found")]
    [InlineData("GET", "v1/models/gpt-4o", null, 404, "model_not_found")]
    public async Task Request_Bad_AnswersWithOpenAIErrorShape(string method, string path, string? body, int status, string code)
    {
        await using var server = await StartedServer(new World());
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(server.BaseAddress, path));
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        using var response = await http.SendAsync(request, Ct);
        var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("error");

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(code, error.GetProperty("code").GetString());
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()));
        Assert.Equal(JsonValueKind.String, error.GetProperty("type").ValueKind);
    }

    [Fact]
    public async Task Models_Get_ListsBothSimulatedModels()
    {
        await using var server = await StartedServer(new World());
        using var http = new HttpClient();
        var list = JsonDocument.Parse(await http.GetStringAsync(new Uri(server.BaseAddress, "v1/models"), Ct)).RootElement;
        Assert.Equal("list", list.GetProperty("object").GetString());
        Assert.Equal(["rule-world-task", "rule-world-reflect"], list.GetProperty("data").EnumerateArray().Select(m => m.GetProperty("id").GetString()));
        Assert.All(list.GetProperty("data").EnumerateArray(), m => Assert.Contains("simulated", m.GetProperty("owned_by").GetString(), StringComparison.Ordinal));
        var one = JsonDocument.Parse(await http.GetStringAsync(new Uri(server.BaseAddress, "v1/models/rule-world-reflect"), Ct)).RootElement;
        Assert.Equal("rule-world-reflect", one.GetProperty("id").GetString());
    }

    [Fact]
    public async Task ChatCompletions_ConcurrentRequests_AllAnsweredCorrectly()
    {
        var world = new World();
        await using var server = await StartedServer(world);
        using var client = OpenAIChatClient(server, RuleWorldConstants.TaskModelId);
        var system = World.BaseInstruction + " " + string.Join(" ", World.RuleTexts.Take(12));
        var replies = await Task.WhenAll(world.Valset.Select(e =>
            client.GetResponseAsync([new ChatMessage(ChatRole.System, system), new ChatMessage(ChatRole.User, e.Input)], cancellationToken: Ct)));
        Assert.Equal(world.Valset.Select(e => world.TaskReply(system, e.Input)), replies.Select(r => r.Text));
    }

    [Fact]
    public async Task Lifecycle_PortZero_PicksALoopbackPortAndStops()
    {
        var server = new RuleWorldHttpServer(new World());
        Assert.Throws<InvalidOperationException>(() => server.BaseAddress);
        Assert.False(server.IsRunning);

        await server.StartAsync(Ct);
        Assert.True(server.IsRunning);
        Assert.True(server.BaseAddress.IsLoopback);
        Assert.NotEqual(0, server.BaseAddress.Port);
        await Assert.ThrowsAsync<InvalidOperationException>(() => server.StartAsync(Ct));

        using var http = new HttpClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri(server.BaseAddress, "v1/models"), Ct)).StatusCode);

        await server.StopAsync(Ct);
        Assert.False(server.IsRunning);
        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync(new Uri(server.BaseAddress, "v1/models"), Ct));
        await server.DisposeAsync();
        await server.DisposeAsync();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => server.StartAsync(Ct));
    }

    [Fact]
    public async Task Start_PortInUse_ThrowsClearly()
    {
        await using var first = await StartedServer(new World());
        await using var second = new RuleWorldHttpServer(new World(), first.BaseAddress.Port);
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => second.StartAsync(Ct));
        Assert.Contains(first.BaseAddress.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), ex.Message, StringComparison.Ordinal);
    }

    private static async Task<RuleWorldHttpServer> StartedServer(World world)
    {
        var server = new RuleWorldHttpServer(world);
        await server.StartAsync(Ct);
        return server;
    }

    private static IChatClient OpenAIChatClient(RuleWorldHttpServer server, string model) =>
        new OpenAIClient(new ApiKeyCredential("unused"), new OpenAIClientOptions { Endpoint = new Uri(server.BaseAddress + "v1") })
            .GetChatClient(model)
            .AsIChatClient();

    /// <summary>A fake clock that records the timers created on it (a <see cref="Task.Delay(TimeSpan, TimeProvider, CancellationToken)"/>
    /// creates one) and says when a given number exist.</summary>
    private sealed class TimerCountingTimeProvider(int expected) : TimeProvider
    {
        private readonly Microsoft.Extensions.Time.Testing.FakeTimeProvider _clock = new();
        private readonly List<TimeSpan> _dueTimes = [];
        private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Reached => _reached.Task;

        public IReadOnlyList<TimeSpan> DueTimes
        {
            get
            {
                lock (_dueTimes)
                {
                    return [.. _dueTimes];
                }
            }
        }

        public override long TimestampFrequency => _clock.TimestampFrequency;

        public void Advance(TimeSpan delta) => _clock.Advance(delta);

        public override DateTimeOffset GetUtcNow() => _clock.GetUtcNow();

        public override long GetTimestamp() => _clock.GetTimestamp();

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            lock (_dueTimes)
            {
                _dueTimes.Add(dueTime);
                if (_dueTimes.Count >= expected)
                {
                    _reached.TrySetResult();
                }
            }

            return _clock.CreateTimer(callback, state, dueTime, period);
        }
    }
}
