using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Gepa.Cli.Tests.TestSupport;

/// <summary>A minimal OTLP/HTTP receiver on loopback: accepts every export, answers 200, and keeps the raw protobuf bodies.</summary>
public sealed class OtlpReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;

    public OtlpReceiver()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Endpoint = new Uri($"http://127.0.0.1:{port}/");
        _listener.Prefixes.Add(Endpoint.ToString());
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public Uri Endpoint { get; }

    /// <summary>Gets the bodies received, by path (/v1/traces, /v1/metrics).</summary>
    public ConcurrentDictionary<string, ConcurrentBag<byte[]>> Received { get; } = new();

    /// <summary>Returns whether any body posted to <paramref name="path"/> contains <paramref name="text"/> (protobuf keeps strings as UTF-8).</summary>
    public bool Saw(string path, string text) =>
        Received.TryGetValue(path, out var bodies) && bodies.Any(b => b.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) >= 0);

    public void Dispose()
    {
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            Received.GetOrAdd(context.Request.Url!.AbsolutePath, _ => []).Add(body.ToArray());
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/x-protobuf";
            context.Response.Close();
        }
    }
}
