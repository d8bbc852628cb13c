using Gepa.Simulation;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gepa.Hosting.Tests;

public sealed class GepaServiceCollectionExtensionsTests
{
    private static HostApplicationBuilder Builder(params (string Key, string Value)[] settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)));
        builder.Services.AddGepa(builder.Configuration.GetSection("Gepa"));
        return builder;
    }

    [Fact]
    public void AddGepa_Configuration_BindsTheOptions()
    {
        using var host = Builder(("Gepa:MaxMetricCalls", "450"), ("Gepa:MinibatchSize", "4"), ("Gepa:UseMerge", "true"), ("Gepa:CandidateSelection", "CurrentBest")).Build();

        var options = host.Services.GetRequiredService<GepaOptimizerFactory>().CreateOptions();

        Assert.Equal(450, options.MaxMetricCalls);
        Assert.Equal(4, options.MinibatchSize);
        Assert.True(options.UseMerge);
        Assert.Equal(CandidateSelection.CurrentBest, options.CandidateSelection);
    }

    [Fact]
    public void AddGepa_ConfigurationWithoutAPolicyKey_BindsTheAdaptivePolicy()
    {
        using var host = Builder(("Gepa:MaxMetricCalls", "450")).Build();

        var options = host.Services.GetRequiredService<GepaOptimizerFactory>().CreateOptions();

        Assert.Equal(BudgetPolicy.Adaptive, options.BudgetPolicy);
    }

    [Fact]
    public void AddGepa_ConfigurationWithTheFixedPolicy_BindsTheReferenceAllocation()
    {
        using var host = Builder(("Gepa:MaxMetricCalls", "450"), ("Gepa:BudgetPolicy", "Fixed")).Build();

        var options = host.Services.GetRequiredService<GepaOptimizerFactory>().CreateOptions();

        Assert.Equal(BudgetPolicy.Fixed, options.BudgetPolicy);
    }

    [Fact]
    public async Task AddGepa_InvalidOption_TheHostRefusesToStartNamingTheOption()
    {
        using var host = Builder(("Gepa:MaxMetricCalls", "450"), ("Gepa:Epsilon", "2")).Build();

        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains("Epsilon is 2; it must be between 0 and 1", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddGepa_NoBudgetAndNoStopCondition_TheHostRefusesToStart()
    {
        using var host = Builder().Build();

        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains("MaxMetricCalls", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddGepa_CodeConfiguration_AppliesAndValidates()
    {
        var services = new ServiceCollection();
        services.AddGepa(o => o.MaxMetricCalls = 123);
        using var provider = services.BuildServiceProvider();

        Assert.Equal(123, provider.GetRequiredService<IOptions<GepaOptions>>().Value.MaxMetricCalls);
    }

    [Fact]
    public void CreateOptions_EachCall_IsAFreshInstance()
    {
        using var host = Builder(("Gepa:MaxMetricCalls", "450")).Build();
        var factory = host.Services.GetRequiredService<GepaOptimizerFactory>();

        var first = factory.CreateOptions();
        first.Callbacks.OnIterationStart.Subscribe(_ => ValueTask.CompletedTask);

        Assert.NotSame(first, factory.CreateOptions());
        Assert.False(factory.CreateOptions().Callbacks.OnIterationStart.HasSubscribers);
    }

    [Fact]
    public void GetModels_KeyedClients_ResolvesEachRole()
    {
        var builder = Builder(("Gepa:MaxMetricCalls", "450"));
        using var task = new FakeChatClient("task");
        using var reflection = new FakeChatClient("reflection");
        builder.Services.AddKeyedChatClient(GepaChatClientKeys.Task, task);
        builder.Services.AddKeyedChatClient(GepaChatClientKeys.Reflection, reflection);
        using var host = builder.Build();

        var models = host.Services.GetRequiredService<GepaOptimizerFactory>().GetModels();

        Assert.Equal("task", Assert.IsType<FakeChatClient>(models.Task!.GetService(typeof(FakeChatClient))).Name);
        Assert.Equal("reflection", Assert.IsType<FakeChatClient>(models.Reflection.GetService(typeof(FakeChatClient))).Name);
        Assert.Null(models.Judge);
    }

    [Fact]
    public void GetModels_NoReflectionModel_ThrowsNamingTheKey()
    {
        using var host = Builder(("Gepa:MaxMetricCalls", "450")).Build();

        var e = Assert.Throws<InvalidOperationException>(() => host.Services.GetRequiredService<GepaOptimizerFactory>().GetModels());

        Assert.Contains(GepaChatClientKeys.Reflection, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_RuleWorld_StreamsProgressThenTheResult()
    {
        var world = new RuleWorld(new RuleWorldOptions { Modules = 1 });
        var builder = Builder(("Gepa:MaxMetricCalls", "400"), ("Gepa:Seed", "0"));
        builder.Services.AddKeyedChatClient(GepaChatClientKeys.Task, new RuleWorldTaskChatClient(world));
        builder.Services.AddKeyedChatClient(GepaChatClientKeys.Reflection, new RuleWorldReflectionChatClient(world));
        using var host = builder.Build();
        var gepa = host.Services.GetRequiredService<GepaOptimizerFactory>();

        var events = new List<GepaRunEvent>();
        await foreach (var e in gepa.RunAsync(new RuleWorldAdapter(world, gepa.GetModels().Task!), world.SeedCandidate(), world.Trainset, world.Valset, TestContext.Current.CancellationToken))
        {
            events.Add(e);
        }

        var result = Assert.IsType<GepaResult>(events[^1].Result);
        Assert.Equal(GepaRunEventKind.Completed, events[^1].Kind);
        Assert.Equal(GepaRunEventKind.OptimizationStarted, events[0].Kind);
        Assert.Equal(result.Candidates.Count - 1, events.Count(e => e.Kind == GepaRunEventKind.CandidateAccepted));
        Assert.Equal(result.TotalMetricCalls, events.Select(e => e.Arguments).OfType<BudgetUpdatedArgs>().Last().Used);
    }

    private sealed class FakeChatClient(string name) : IChatClient
    {
        public string Name { get; } = name;

        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, Name)));

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) => serviceType.IsInstanceOfType(this) ? this : null;

        public void Dispose()
        {
        }
    }
}
