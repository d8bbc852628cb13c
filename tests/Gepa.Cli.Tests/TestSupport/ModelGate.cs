using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gepa.Cli.Tests.TestSupport;

/// <summary>A loopback reverse proxy in front of a model server that can hold requests: once armed, every request past
/// a given count waits until it is released (or until its client gives up). A test that must act while a child run is
/// in the middle of its work (send Ctrl+C, say) waits for <see cref="Held"/> instead of polling for progress and hoping
/// the child has not finished meanwhile: a held run cannot move, however slow the test's own thread is.</summary>
public sealed class ModelGate : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _upstream;
    private readonly Lock _lock = new();
    private int _requests;
    private int _holdAfter = int.MaxValue;
    private TaskCompletionSource _held = NewSignal();
    private TaskCompletionSource _release = NewSignal();

    private ModelGate(WebApplication app, Uri upstream)
    {
        _app = app;
        _upstream = new HttpClient { BaseAddress = upstream, Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>Gets the address clients use instead of the upstream's (same paths).</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Gets the number of requests received so far.</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Gets a task that completes when the first request is held after <see cref="HoldAfter"/>.</summary>
    public Task Held
    {
        get
        {
            lock (_lock)
            {
                return _held.Task;
            }
        }
    }

    /// <summary>Starts the proxy on 127.0.0.1 and a free port.</summary>
    /// <param name="upstream">The model server's base address.</param>
    /// <returns>The running proxy, open (nothing held).</returns>
    public static async Task<ModelGate> StartAsync(Uri upstream)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var gate = new ModelGate(app, upstream);
        app.Run(gate.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        gate.BaseAddress = new Uri(address.TrimEnd('/') + "/");
        return gate;
    }

    /// <summary>Lets <paramref name="more"/> further requests through, then holds every later one until <see cref="Release"/>.</summary>
    /// <param name="more">How many more requests pass.</param>
    public void HoldAfter(int more)
    {
        lock (_lock)
        {
            _holdAfter = _requests + more;
            _held = NewSignal();
            _release = NewSignal();
        }
    }

    /// <summary>Lets the held requests through and holds no more.</summary>
    public void Release()
    {
        lock (_lock)
        {
            _holdAfter = int.MaxValue;
            _release.TrySetResult();
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        Release();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _upstream.Dispose();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private async Task HandleAsync(HttpContext ctx)
    {
        Task? release = null;
        lock (_lock)
        {
            if (++_requests > _holdAfter)
            {
                release = _release.Task;
                _held.TrySetResult();
            }
        }

        try
        {
            if (release is not null)
            {
                await release.WaitAsync(ctx.RequestAborted);
            }

            using var body = new MemoryStream();
            await ctx.Request.Body.CopyToAsync(body, ctx.RequestAborted);
            using var request = new HttpRequestMessage(new HttpMethod(ctx.Request.Method), ctx.Request.Path.Value!.TrimStart('/') + ctx.Request.QueryString);
            if (body.Length > 0 || ctx.Request.ContentType is not null)
            {
                request.Content = new ByteArrayContent(body.ToArray());
                if (ctx.Request.ContentType is { } type)
                {
                    request.Content.Headers.TryAddWithoutValidation("Content-Type", type);
                }
            }

            using var response = await _upstream.SendAsync(request, ctx.RequestAborted);
            var bytes = await response.Content.ReadAsByteArrayAsync(ctx.RequestAborted);
            ctx.Response.StatusCode = (int)response.StatusCode;
            if (response.Content.Headers.ContentType is { } contentType)
            {
                ctx.Response.ContentType = contentType.ToString();
            }

            await ctx.Response.Body.WriteAsync(bytes, ctx.RequestAborted);
        }
        catch (OperationCanceledException) when (ctx.RequestAborted.IsCancellationRequested)
        {
            // The client gave up (a cancelled run closes its connections): there is no one to answer.
        }
    }
}
