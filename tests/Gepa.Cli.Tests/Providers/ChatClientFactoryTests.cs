using System.Diagnostics;
using System.Text.Json.Nodes;
using Gepa.Cli.Configuration;
using Gepa.Cli.Providers;
using Gepa.Cli.Tests.Loopback;
using Microsoft.Extensions.AI;
using Xunit;

namespace Gepa.Cli.Tests.Providers;

public sealed class ChatClientFactoryTests : IAsyncLifetime
{
    private const string Secret = "sk-test-SECRET-0123456789abcdef";
    private LoopbackLlmServer _server = null!;
    private ChatRuntime _runtime = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await LoopbackLlmServer.StartAsync();
        _runtime = new ChatRuntime { RetryBaseDelay = TimeSpan.FromMilliseconds(1) };
    }

    public async ValueTask DisposeAsync()
    {
        _runtime.Dispose();
        await _server.DisposeAsync();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private ModelConfig Model(string provider = "openai-compatible", string role = ChatRoles.Task, string? keyEnv = "TEST_KEY", string path = "v1") => new()
    {
        Role = role,
        Section = role + "-model",
        Provider = provider,
        Model = "test-model",
        BaseUrl = new Uri(_server.BaseUri, path),
        ApiKeyEnv = keyEnv,
        Deployment = provider == "azure-openai" ? "my-deployment" : null,
        Temperature = 0.25f,
        MaxOutputTokens = 64,
        Timeout = TimeSpan.FromSeconds(10),
        Retries = 3,
    };

    private ChatClientFactory Factory(string? key = Secret) => new(_runtime, new ApiKeyResolver(name => name == "TEST_KEY" ? key : null));

    [Fact]
    public async Task OpenAiCompatible_RoundTrip_SendsChatCompletionsWireFormat()
    {
        _server.Enqueue(FakeReply.Ok("Paris"));
        using var client = Factory().Create(Model());

        var response = await client.GetResponseAsync([new(ChatRole.System, "Answer briefly."), new(ChatRole.User, "Capital of France?")], cancellationToken: Ct);

        Assert.Equal("Paris", response.Text);
        Assert.Equal(11, response.Usage?.InputTokenCount);
        var request = Assert.Single(_server.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/v1/chat/completions", request.Path);
        var body = request.Json;
        Assert.Equal("test-model", body["model"]!.GetValue<string>());
        Assert.Equal(0.25, body["temperature"]!.GetValue<double>(), 3);
        Assert.Equal(64, body["max_completion_tokens"]!.GetValue<int>());
        Assert.Null(body["max_tokens"]);
        var messages = body["messages"]!.AsArray();
        Assert.Equal("system", messages[0]!["role"]!.GetValue<string>());
        Assert.Equal("Capital of France?", messages[1]!["content"]!.GetValue<string>());
        Assert.Equal("***", request.Headers["authorization"]);
    }

    [Fact]
    public async Task OpenAiCompatible_ExtraBodyAndSendMaxTokens_FieldsOnTheWire()
    {
        var model = Model() with { SendMaxTokens = true, ExtraBody = new JsonObject { ["top_k"] = 40, ["chat_template_kwargs"] = new JsonObject { ["enable_thinking"] = false } } };
        using var client = Factory().Create(model);

        await client.GetResponseAsync("hi", cancellationToken: Ct);

        var body = Assert.Single(_server.Requests).Json;
        Assert.Equal(40, body["top_k"]!.GetValue<int>());
        Assert.False(body["chat_template_kwargs"]!["enable_thinking"]!.GetValue<bool>());
        Assert.Equal(64, body["max_tokens"]!.GetValue<int>());
        Assert.Equal(64, body["max_completion_tokens"]!.GetValue<int>());
    }

    [Fact]
    public async Task OpenAi_429WithRetryAfter_WaitsThenSucceedsCountingOneRetry()
    {
        _server.Enqueue(FakeReply.Error(429, retryAfter: "1"), FakeReply.Ok("after the wait"));
        using var client = Factory().Create(Model());

        var clock = Stopwatch.StartNew();
        var response = await client.GetResponseAsync("hi", cancellationToken: Ct);

        Assert.Equal("after the wait", response.Text);
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(0.9), $"waited only {clock.Elapsed}");
        Assert.Equal(2, _server.Requests.Count);
        Assert.Equal(1, client.GetService<GepaRetryChatClient>()!.RetryCount);
        Assert.Equal(1, _runtime.Usage.Snapshot().For(ChatRoles.Task).Calls);
    }

    [Fact]
    public async Task OpenAi_500Twice_RetriedBySingleLayer()
    {
        _server.Enqueue(FakeReply.Error(500), FakeReply.Error(503), FakeReply.Ok("fine"));
        using var client = Factory().Create(Model());

        var response = await client.GetResponseAsync("hi", cancellationToken: Ct);

        Assert.Equal("fine", response.Text);

        // Three requests, not more: the SDK's own retry policy is off.
        Assert.Equal(3, _server.Requests.Count);
        Assert.Equal(2, client.GetService<GepaRetryChatClient>()!.RetryCount);
    }

    [Fact]
    public async Task OpenAi_PermanentError_NotRetried()
    {
        _server.Enqueue(FakeReply.Error(401));
        using var client = Factory().Create(Model());

        await Assert.ThrowsAnyAsync<Exception>(() => client.GetResponseAsync("hi", cancellationToken: Ct));

        Assert.Single(_server.Requests);
    }

    [Fact]
    public async Task OpenAi_SlowReply_TimesOutAndIsRetried()
    {
        _server.Enqueue(FakeReply.Slow(TimeSpan.FromSeconds(30)), FakeReply.Ok("quick"));
        using var client = Factory().Create(Model() with { Timeout = TimeSpan.FromMilliseconds(300) });

        var response = await client.GetResponseAsync("hi", cancellationToken: Ct);

        Assert.Equal("quick", response.Text);
        Assert.Equal(2, _server.Requests.Count);
    }

    [Fact]
    public async Task OpenAi_MalformedJsonEveryTime_ClearErrorAfterRetries()
    {
        _server.Responder = _ => FakeReply.BadJson();
        using var client = Factory().Create(Model() with { Retries = 2 });

        var e = await Assert.ThrowsAnyAsync<Exception>(() => client.GetResponseAsync("hi", cancellationToken: Ct));

        Assert.Equal(3, _server.Requests.Count);
        var line = ProviderErrors.Describe(e, Model());
        Assert.Contains("not valid JSON", line, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', line);
    }

    [Fact]
    public async Task OpenAi_TruncatedReply_ReturnedWithLengthFinishReasonNotRetried()
    {
        _server.Enqueue(FakeReply.Truncated("The answer is"));
        using var client = Factory().Create(Model());

        var response = await client.GetResponseAsync("hi", cancellationToken: Ct);

        Assert.Equal(ChatFinishReason.Length, response.FinishReason);
        Assert.Single(_server.Requests);
    }

    [Fact]
    public async Task ConcurrencyLimit_SharedByRolesOfSameModel_ObservedByServer()
    {
        _server.Responder = _ => FakeReply.Slow(TimeSpan.FromMilliseconds(50), "x");
        var task = Model() with { MaxConcurrency = 2 };
        var judge = Model(role: ChatRoles.Judge) with { MaxConcurrency = 2 };
        var factory = Factory();
        using var a = factory.Create(task);
        using var b = factory.Create(judge);

        await Task.WhenAll(Enumerable.Range(0, 10).Select(i => (i % 2 == 0 ? a : b).GetResponseAsync($"q{i}", cancellationToken: Ct)));

        Assert.Equal(10, _server.Requests.Count);
        Assert.Equal(2, _server.MaxInFlight);
    }

    [Fact]
    public async Task ResponseCache_IdenticalRequest_SecondNotSentToServer()
    {
        var dir = Path.Combine(Path.GetTempPath(), "gepa-factory-cache-" + Guid.NewGuid().ToString("N"));
        try
        {
            using var runtime = new ChatRuntime(dir);
            var factory = new ChatClientFactory(runtime, new ApiKeyResolver(_ => Secret));
            using var client = factory.Create(Model());

            var first = await client.GetResponseAsync("same", cancellationToken: Ct);
            var second = await client.GetResponseAsync("same", cancellationToken: Ct);
            await client.GetResponseAsync("different", cancellationToken: Ct);

            Assert.Equal(first.Text, second.Text);
            Assert.Equal(2, _server.Requests.Count);
            Assert.Equal(2, runtime.Usage.Snapshot().For(ChatRoles.Task).Calls);
            Assert.DoesNotContain(Directory.EnumerateFiles(dir), f => File.ReadAllText(f).Contains(Secret, StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Usage_PerRoleWithPrices_Accounted()
    {
        var factory = Factory();
        using var task = factory.Create(Model() with { Price = new ModelPrice(1m, 2m) });
        using var reflection = factory.Create(Model(role: ChatRoles.Reflection));

        await task.GetResponseAsync("a", cancellationToken: Ct);
        await task.GetResponseAsync("b", cancellationToken: Ct);
        await reflection.GetResponseAsync("c", cancellationToken: Ct);

        var usage = _runtime.Usage.Snapshot();
        Assert.Equal(2, usage.For(ChatRoles.Task).Calls);
        Assert.Equal(22, usage.For(ChatRoles.Task).InputTokens);
        Assert.Equal(14, usage.For(ChatRoles.Task).OutputTokens);
        Assert.Equal((22m * 1m + 14m * 2m) / 1_000_000m, usage.For(ChatRoles.Task).Cost);
        Assert.Equal(1, usage.For(ChatRoles.Reflection).Calls);
        Assert.Null(usage.For(ChatRoles.Reflection).Cost);
    }

    [Fact]
    public async Task AzureOpenAi_RoundTrip_UsesDeploymentRouteAndApiKeyHeader()
    {
        _server.Enqueue(FakeReply.Ok("azure says hi"));
        using var client = Factory().Create(Model("azure-openai", path: ""));

        var response = await client.GetResponseAsync("hi", cancellationToken: Ct);

        Assert.Equal("azure says hi", response.Text);
        var request = Assert.Single(_server.Requests);
        Assert.StartsWith("/openai/deployments/my-deployment/chat/completions", request.Path, StringComparison.Ordinal);
        Assert.Contains("api-version=", request.Path, StringComparison.Ordinal);
        Assert.Equal("***", request.Headers["api-key"]);
    }

    [Fact]
    public async Task Anthropic_RoundTrip_MessagesShapeAndUsage()
    {
        _server.Enqueue(FakeReply.Ok("claude says hi"));
        using var client = Factory().Create(Model("anthropic", path: ""));

        var response = await client.GetResponseAsync([new(ChatRole.System, "Be brief."), new(ChatRole.User, "hi")], cancellationToken: Ct);

        Assert.Equal("claude says hi", response.Text);
        Assert.Equal(11, response.Usage?.InputTokenCount);
        var request = Assert.Single(_server.Requests);
        Assert.Equal("/v1/messages", request.Path);
        Assert.Equal("test-model", request.Json["model"]!.GetValue<string>());
        Assert.Equal(64, request.Json["max_tokens"]!.GetValue<int>());
    }

    [Fact]
    public async Task Anthropic_429ThenOk_RetriedOnceBySingleLayer()
    {
        _server.Enqueue(FakeReply.Error(429, retryAfter: "0"), FakeReply.Ok("ok now"));
        using var client = Factory().Create(Model("anthropic", path: ""));

        var response = await client.GetResponseAsync("hi", cancellationToken: Ct);

        Assert.Equal("ok now", response.Text);
        Assert.Equal(2, _server.Requests.Count);
    }

    [Fact]
    public async Task Ollama_RoundTrip_NativeChatShape()
    {
        _server.Enqueue(FakeReply.Ok("llama says hi"));
        var model = Model("ollama", keyEnv: null, path: "") with { ExtraBody = new JsonObject { ["num_ctx"] = 8192 } };
        using var client = Factory().Create(model);

        var response = await client.GetResponseAsync("hi", cancellationToken: Ct);

        Assert.Equal("llama says hi", response.Text);
        var request = Assert.Single(_server.Requests);
        Assert.Equal("/api/chat", request.Path);
        Assert.Equal("test-model", request.Json["model"]!.GetValue<string>());
        Assert.Equal(8192, request.Json["options"]!["num_ctx"]!.GetValue<int>());
    }

    [Fact]
    public async Task Ollama_500ThenOk_Retried()
    {
        _server.Enqueue(FakeReply.Error(500), FakeReply.Ok("recovered"));
        using var client = Factory().Create(Model("ollama", keyEnv: null, path: ""));

        var response = await client.GetResponseAsync("hi", cancellationToken: Ct);

        Assert.Equal("recovered", response.Text);
        Assert.Equal(2, _server.Requests.Count);
    }

    [Fact]
    public void Create_KeyEnvVarMissing_ErrorNamesVariableAndRoleButNoSecret()
    {
        var e = Assert.Throws<ProviderException>(() => Factory(key: null).Create(Model(role: ChatRoles.Reflection)));

        Assert.Contains("TEST_KEY", e.Message, StringComparison.Ordinal);
        Assert.Contains("reflection model", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Failure_ExceptionAndDescription_NeverContainTheKey()
    {
        _server.Responder = _ => FakeReply.Error(401);
        using var client = Factory().Create(Model());

        var e = await Assert.ThrowsAnyAsync<Exception>(() => client.GetResponseAsync("hi", cancellationToken: Ct));

        Assert.DoesNotContain(Secret, e.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, ProviderErrors.Describe(e, Model()), StringComparison.Ordinal);
        Assert.DoesNotContain(_server.Requests, r => r.Headers.Values.Any(v => v.Contains(Secret, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Create_RuleWorld_AnswersAsTheSimulatedModelOfItsRoleThroughTheMiddleware()
    {
        var options = new Gepa.Simulation.RuleWorldOptions { Modules = 2, Noise = 0.2 };
        var world = new Gepa.Simulation.RuleWorld(options);
        var task = Model("rule-world") with { Model = Gepa.Simulation.RuleWorldConstants.TaskModelId, BaseUrl = null, ApiKeyEnv = null, World = options };
        var reflection = task with { Role = ChatRoles.Reflection, Section = "reflection-model", Model = Gepa.Simulation.RuleWorldConstants.ReflectionModelId };
        var factory = Factory();
        using var taskClient = factory.Create(task);
        using var reflectionClient = factory.Create(reflection);
        ChatMessage[] messages = [new(ChatRole.System, "Report every temperature in kelvin."), new(ChatRole.User, world.BuildStepUserMessage(0, world.Valset[0], null))];
        const string Prompt = "Feedback: The response did not follow this guideline: Convert volumes to litres.";

        var reply = await taskClient.GetResponseAsync(messages, cancellationToken: Ct);
        var reflected = await reflectionClient.GetResponseAsync(Prompt, cancellationToken: Ct);

        Assert.Equal(world.TaskReply(messages), reply.Text);
        Assert.Equal(world.ReflectReply(Prompt), reflected.Text);
        Assert.Equal(1, _runtime.Usage.Snapshot().For(ChatRoles.Task).Calls);
        Assert.Equal(1, _runtime.Usage.Snapshot().For(ChatRoles.Reflection).Calls);
    }

    [Fact]
    public void Create_InProcessSimulation_ComposesNoRetryLimitOrTimeoutButStillCountsUsage()
    {
        var simulated = Model("rule-world") with { Model = Gepa.Simulation.RuleWorldConstants.TaskModelId, BaseUrl = null, ApiKeyEnv = null };
        var factory = Factory();

        using var client = factory.Create(simulated);
        using var remote = factory.Create(Model());

        // An in-process simulation cannot fail transiently, be rate-limited or hang: those stages could never act.
        Assert.Null(client.GetService<GepaRetryChatClient>());
        Assert.Null(client.GetService<ConcurrencyLimitChatClient>());
        Assert.Null(client.GetService<GepaTimeoutChatClient>());
        Assert.NotNull(client.GetService<UsageAccountingChatClient>());
        Assert.NotNull(remote.GetService<GepaRetryChatClient>());
        Assert.NotNull(remote.GetService<ConcurrencyLimitChatClient>());
        Assert.NotNull(remote.GetService<GepaTimeoutChatClient>());
    }
}
