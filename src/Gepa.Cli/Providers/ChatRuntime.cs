using Gepa.Cli.Configuration;

namespace Gepa.Cli.Providers;

/// <summary>What every model pipeline of one run shares: usage counts, per-model concurrency limits, the clock, the
/// HTTP connection pool and the response cache directory.</summary>
internal sealed class ChatRuntime : IDisposable
{
    private readonly RetryAfterCapturingHandler _handler;

    /// <summary>Initializes the shared services.</summary>
    /// <param name="responseCacheDirectory">The response cache directory, or <see langword="null"/> for no cache.</param>
    /// <param name="timeProvider">The clock, or <see langword="null"/> for the system clock.</param>
    public ChatRuntime(string? responseCacheDirectory = null, TimeProvider? timeProvider = null)
    {
        ResponseCacheDirectory = responseCacheDirectory;
        TimeProvider = timeProvider ?? TimeProvider.System;

        // One HttpClient for every provider SDK: one connection pool, and the handler that captures Retry-After. Its own
        // timeout is off because the timeout stage governs each call.
        _handler = new RetryAfterCapturingHandler();
        HttpClient = CreateHttpClient(null);
    }

    /// <summary>Gets the usage counts of every role.</summary>
    public ChatUsageTracker Usage { get; } = new();

    /// <summary>Gets the per-model concurrency limits.</summary>
    public ConcurrencyLimiterRegistry Limits { get; } = new();

    /// <summary>Gets the clock used by retries and timeouts.</summary>
    public TimeProvider TimeProvider { get; }

    /// <summary>Gets the shared HTTP client.</summary>
    public HttpClient HttpClient { get; }

    /// <summary>Gets the response cache directory, or <see langword="null"/>.</summary>
    public string? ResponseCacheDirectory { get; }

    /// <summary>Gets or sets the test of whether a text holds a secret; a reply that does is never written to the response
    /// cache.</summary>
    public Func<string, bool>? ContainsSecret { get; set; }

    /// <summary>How many base delays the longest backoff between two retries may last, for chat and embedding calls alike
    /// (30 s with the default 1 s base).</summary>
    public const int RetryDelayCapFactor = 30;

    /// <summary>Gets or sets the base delay of retry backoff; tests shorten it.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets or sets whether model calls record OpenTelemetry spans and metrics (under
    /// <see cref="Telemetry.CliTelemetry.ChatSourceName"/>); set when the OTEL_* variables ask for telemetry.</summary>
    public bool RecordTelemetry { get; set; }

    /// <summary>Gets or sets the longest wait a server's Retry-After may impose.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Registers the concurrency limit of every model of <paramref name="config"/>, taking the smallest limit
    /// when several roles use the same model.</summary>
    /// <param name="config">The run configuration.</param>
    public void RegisterLimits(GepaRunConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        foreach (var group in config.Models.GroupBy(m => m.ModelKey))
        {
            Limits.GetOrCreate(group.Key, group.Min(m => m.MaxConcurrency));
        }
    }

    /// <summary>Creates an HTTP client over the shared connection pool, for SDKs that need a base address of their own.</summary>
    /// <param name="baseAddress">The base address, or <see langword="null"/>.</param>
    /// <returns>The client; disposing it leaves the pool open.</returns>
    public HttpClient CreateHttpClient(Uri? baseAddress) =>
        new(_handler, disposeHandler: false) { BaseAddress = baseAddress, Timeout = System.Threading.Timeout.InfiniteTimeSpan };

    /// <inheritdoc/>
    public void Dispose()
    {
        HttpClient.Dispose();
        _handler.Dispose();
    }
}
