using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Gepa.Http;

/// <summary>The lifecycle of a small <see cref="HttpListener"/> server: listening (on a free port when asked for port 0),
/// accepting requests concurrently, and stopping only after the requests in flight have been answered.</summary>
/// <remarks>A shared source file, compiled into each assembly that serves HTTP (the RuleWorld simulation, the
/// optimize-anything evaluation server), so the core library ships no HTTP server and none of them a web framework.
/// The owner handles each request and closes its response.</remarks>
internal sealed class HttpListenerHost : IAsyncDisposable
{
    private const int PortAttempts = 10;

    private readonly string _serverName;
    private readonly int _port;
    private readonly string _host;
    private readonly Func<HttpListenerContext, Task> _handle;
    private readonly Func<Task>? _onStopping;
    private readonly ConcurrentDictionary<Task, byte> _inFlight = new();
    private readonly SemaphoreSlim _lifecycle = new(1, 1);
    private HttpListener? _listener;
    private Task? _acceptLoop;
    private Uri? _baseAddress;
    private volatile bool _draining;
    private bool _disposed;

    /// <summary>Initializes a host; it listens once <see cref="StartAsync"/> is called.</summary>
    /// <param name="serverName">The server's name in error messages, such as "The RuleWorld server".</param>
    /// <param name="port">The TCP port, or 0 to pick a free one.</param>
    /// <param name="host">The address to listen on: <see langword="null"/> for loopback, an IP address or host name, or
    /// <c>*</c> (also <c>0.0.0.0</c> or <c>+</c>) for every interface.</param>
    /// <param name="handle">Answers one request; called concurrently.</param>
    /// <param name="onStopping">Called when a stop begins, before the listener closes (to cancel work in flight).</param>
    /// <exception cref="ArgumentException"><paramref name="host"/> is empty or contains a character a URL host cannot.</exception>
    public HttpListenerHost(string serverName, int port, string? host, Func<HttpListenerContext, Task> handle, Func<Task>? onStopping = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, IPEndPoint.MaxPort);
        _serverName = serverName;
        _port = port;
        _host = NormalizeHost(host);
        _handle = handle;
        _onStopping = onStopping;
    }

    /// <summary>Gets the address the server listens on, such as <c>http://127.0.0.1:5100/</c>.</summary>
    /// <exception cref="InvalidOperationException">The server has not been started.</exception>
    public Uri BaseAddress => _baseAddress ?? throw new InvalidOperationException($"{_serverName} has not been started.");

    /// <summary>Gets whether the server is listening.</summary>
    public bool IsRunning => _listener?.IsListening == true;

    // On Windows HttpListener runs on http.sys, which lets a non-administrator listen on "localhost" only; elsewhere the
    // managed listener binds the address given, and 127.0.0.1 keeps it on IPv4 loopback.
    private static string LoopbackHost => OperatingSystem.IsWindows() ? "localhost" : "127.0.0.1";

    /// <summary>Starts listening.</summary>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>A task that completes once requests are accepted.</returns>
    /// <exception cref="InvalidOperationException">It is already running, or the port cannot be used.</exception>
    /// <exception cref="ObjectDisposedException">The host has been disposed.</exception>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _lifecycle.WaitAsync(cancellationToken);
        try
        {
            if (_listener is not null)
            {
                throw new InvalidOperationException($"{_serverName} is already running.");
            }

            // HttpListener cannot listen on port 0 itself, so a free port is found first; another process may take it in
            // between, hence the retries.
            var attempts = _port == 0 ? PortAttempts : 1;
            for (var attempt = 1; ; attempt++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var port = _port == 0 ? FindFreePort(_host) : _port;
                var prefix = string.Create(CultureInfo.InvariantCulture, $"http://{_host}:{port}/");
                var listener = new HttpListener();
                listener.Prefixes.Add(prefix);
                try
                {
                    listener.Start();
                }
                catch (HttpListenerException ex)
                {
                    listener.Close();
                    if (attempt < attempts)
                    {
                        continue;
                    }

                    throw new InvalidOperationException($"{_serverName} could not listen on {prefix}: {ex.Message}", ex);
                }

                _listener = listener;

                // A wildcard prefix is no address to call; clients on this machine reach it through loopback.
                _baseAddress = new Uri(_host == "*" ? string.Create(CultureInfo.InvariantCulture, $"http://{LoopbackHost}:{port}/") : prefix);
                _acceptLoop = Task.Run(() => AcceptLoopAsync(listener), CancellationToken.None);
                return;
            }
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>Stops listening and waits for the requests being handled.</summary>
    /// <param name="cancellationToken">Stops the waiting, not the stop.</param>
    /// <returns>A task that completes when the server has stopped.</returns>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_disposed)
        {
            return;
        }

        await _lifecycle.WaitAsync(cancellationToken);
        try
        {
            var listener = _listener;
            if (listener is null)
            {
                return;
            }

            // Requests in flight are answered before the listener stops (stopping it drops their connections); requests
            // that arrive meanwhile are turned away with a 503.
            _listener = null;
            _draining = true;
            if (_onStopping is not null)
            {
                await _onStopping();
            }

            await Task.WhenAll(_inFlight.Keys).WaitAsync(cancellationToken);
            listener.Stop();
            if (_acceptLoop is not null)
            {
                await _acceptLoop.WaitAsync(cancellationToken);
            }

            await Task.WhenAll(_inFlight.Keys).WaitAsync(cancellationToken);
            listener.Close();
            _acceptLoop = null;
            _draining = false;
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>Stops the server; calling it again does nothing.</summary>
    /// <returns>A task that completes when the server has stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        await StopAsync(CancellationToken.None);
        _disposed = true;
        _lifecycle.Dispose();
    }

    private static void TurnAway(HttpListenerContext context)
    {
        try
        {
            context.Response.StatusCode = 503;
            context.Response.Close();
        }
        catch (Exception ex) when (ex is HttpListenerException or IOException or ObjectDisposedException or InvalidOperationException)
        {
            // The client went away.
        }
    }

    private static string NormalizeHost(string? host)
    {
        if (host is null)
        {
            return LoopbackHost;
        }

        host = host.Trim();
        if (host is "*" or "+" or "0.0.0.0")
        {
            return "*";
        }

        if (host is "localhost" or "127.0.0.1")
        {
            return LoopbackHost;
        }

        if (IPAddress.TryParse(host.Trim('[', ']'), out var address))
        {
            return address.AddressFamily == AddressFamily.InterNetworkV6 ? "[" + address + "]" : address.ToString();
        }

        if (host.Length == 0 || Uri.CheckHostName(host) != UriHostNameType.Dns)
        {
            throw new ArgumentException($"'{host}' is not a host name or IP address to listen on.", nameof(host));
        }

        return host;
    }

    private static int FindFreePort(string host)
    {
        var address = host == "*" ? IPAddress.Any
            : IPAddress.TryParse(host.Trim('[', ']'), out var ip) ? ip
            : IPAddress.Loopback;
        var probe = new TcpListener(address, 0);
        probe.Start();
        try
        {
            return ((IPEndPoint)probe.LocalEndpoint).Port;
        }
        finally
        {
            probe.Stop();
        }
    }

    private async Task AcceptLoopAsync(HttpListener listener)
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                // Stop() makes the pending accept fail; anything else while listening is a broken connection.
                if (!listener.IsListening)
                {
                    return;
                }

                continue;
            }

            var task = _draining ? Task.Run(() => TurnAway(context), CancellationToken.None) : Task.Run(() => _handle(context), CancellationToken.None);
            _inFlight.TryAdd(task, 0);
            _ = task.ContinueWith(t => _inFlight.TryRemove(t, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }
}
