using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Gepa.Http;

namespace Gepa.Cli.Tests.TestSupport;

/// <summary>A minimal OTLP/HTTP receiver on loopback: accepts every export, answers 200, and keeps the raw protobuf bodies.</summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly HttpListenerHost _host;

    private OtlpReceiver() => _host = new HttpListenerHost("The OTLP receiver", 0, null, HandleAsync);

    public Uri Endpoint => _host.BaseAddress;

    /// <summary>Gets the bodies received, by path (/v1/traces, /v1/metrics).</summary>
    public ConcurrentDictionary<string, ConcurrentBag<byte[]>> Received { get; } = new();

    /// <summary>Starts a receiver on a free loopback port.</summary>
    public static async Task<OtlpReceiver> StartAsync()
    {
        var receiver = new OtlpReceiver();
        await receiver._host.StartAsync(CancellationToken.None);
        return receiver;
    }

    /// <summary>Returns whether any body posted to <paramref name="path"/> contains <paramref name="text"/> (protobuf keeps strings as UTF-8).</summary>
    public bool Saw(string path, string text) =>
        Received.TryGetValue(path, out var bodies) && bodies.Any(b => b.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) >= 0);

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    private async Task HandleAsync(HttpListenerContext context)
    {
        using var body = new MemoryStream();
        await context.Request.InputStream.CopyToAsync(body);
        Received.GetOrAdd(context.Request.Url!.AbsolutePath, _ => []).Add(body.ToArray());
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/x-protobuf";
        context.Response.Close();
    }
}
