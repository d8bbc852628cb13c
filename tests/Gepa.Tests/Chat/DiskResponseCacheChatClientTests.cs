using Microsoft.Extensions.AI;
using Xunit;

namespace Gepa.Tests.Chat;

public sealed class DiskResponseCacheChatClientTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "gepa-cache-test-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    private IChatClient Build(IChatClient inner, string identity = "openai|http://x/v1|m1") =>
        new ChatClientBuilder(inner).UseDiskResponseCache(_dir, identity).Build();

    [Fact]
    public async Task GetResponseAsync_IdenticalRequestTwice_SecondServedFromDisk()
    {
        var inner = new ScriptedChatClient { OnCall = (n, _, _, _) => Task.FromResult(ScriptedChatClient.Reply($"answer {n}")) };
        using var first = Build(inner);
        var options = new ChatOptions { Temperature = 0 };

        var a = await first.GetResponseAsync("same question", options, TestContext.Current.CancellationToken);

        // A new pipeline over the same directory (a later run) still hits.
        using var second = Build(inner);
        var b = await second.GetResponseAsync("same question", options, TestContext.Current.CancellationToken);

        Assert.Equal("answer 0", a.Text);
        Assert.Equal("answer 0", b.Text);
        Assert.Equal(1, inner.Calls);
        Assert.Equal(1, second.GetService<DiskResponseCacheChatClient>()!.Hits);
        Assert.Single(Directory.GetFiles(_dir));
        Assert.Empty(Directory.GetFiles(_dir, "*.tmp"));
    }

    [Fact]
    public async Task GetResponseAsync_ReplyHoldsASecret_AnsweredButNeverWrittenToDisk()
    {
        const string Secret = "sk-test-0123456789abcdef";
        var inner = new ScriptedChatClient { OnCall = (n, _, _, _) => Task.FromResult(ScriptedChatClient.Reply($"your key is {Secret}")) };
        using var sut = new ChatClientBuilder(inner).UseDiskResponseCache(_dir, "openai|http://x/v1|m1", text => text.Contains(Secret, StringComparison.Ordinal)).Build();

        var reply = await sut.GetResponseAsync("what is my key?", new ChatOptions { Temperature = 0 }, TestContext.Current.CancellationToken);

        Assert.Contains(Secret, reply.Text, StringComparison.Ordinal);
        Assert.True(!Directory.Exists(_dir) || Directory.GetFiles(_dir).Length == 0, "a reply holding the secret was cached");
    }

    [Fact]
    public async Task GetResponseAsync_DifferentMessagesOptionsOrModel_AreDifferentKeys()
    {
        var inner = new ScriptedChatClient();
        using var sut = Build(inner);
        using var otherModel = Build(inner, "openai|http://x/v1|m2");
        var ct = TestContext.Current.CancellationToken;

        await sut.GetResponseAsync("q1", new ChatOptions { Temperature = 0 }, ct);
        await sut.GetResponseAsync("q2", new ChatOptions { Temperature = 0 }, ct);
        await sut.GetResponseAsync("q1", new ChatOptions { Temperature = 1 }, ct);
        await otherModel.GetResponseAsync("q1", new ChatOptions { Temperature = 0 }, ct);

        Assert.Equal(4, inner.Calls);
    }

    [Fact]
    public async Task GetResponseAsync_TruncatedReply_NotCached()
    {
        var inner = new ScriptedChatClient { OnCall = (_, _, _, _) => Task.FromResult(ScriptedChatClient.Reply("cut sho", finish: ChatFinishReason.Length)) };
        using var sut = Build(inner);

        await sut.GetResponseAsync("q", cancellationToken: TestContext.Current.CancellationToken);
        await sut.GetResponseAsync("q", cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(2, inner.Calls);
    }

    [Fact]
    public async Task FileDistributedCache_SetThenGet_RoundTripsAndRemoves()
    {
        var cache = new FileDistributedCache(_dir);
        var ct = TestContext.Current.CancellationToken;

        Assert.Null(await cache.GetAsync("k", ct));
        await cache.SetAsync("k", [1, 2, 3], new(), ct);
        Assert.Equal([1, 2, 3], await cache.GetAsync("k", ct));
        Assert.Equal([1, 2, 3], cache.Get("k"));
        await cache.RemoveAsync("k", ct);
        Assert.Null(cache.Get("k"));
    }
}
