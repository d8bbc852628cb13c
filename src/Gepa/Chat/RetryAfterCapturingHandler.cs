namespace Gepa;

/// <summary>An HTTP handler that remembers a failed response's <c>Retry-After</c> header so that
/// <see cref="GepaRetryChatClient"/> and <see cref="GepaRetryEmbeddingGenerator"/> can honour it even when the provider SDK's exception does not expose headers.</summary>
/// <remarks>Put it in the <see cref="HttpClient"/> the provider SDK uses. It only reads headers; it never changes a request
/// or a response.</remarks>
public sealed class RetryAfterCapturingHandler : DelegatingHandler
{
    /// <summary>Initializes a new handler over the default socket handler.</summary>
    public RetryAfterCapturingHandler()
        : base(new SocketsHttpHandler())
    {
    }

    /// <summary>Initializes a new handler over <paramref name="innerHandler"/>.</summary>
    /// <param name="innerHandler">The handler that sends the requests.</param>
    public RetryAfterCapturingHandler(HttpMessageHandler innerHandler)
        : base(innerHandler)
    {
    }

    /// <inheritdoc/>
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode && RetryHint.Current is { } hint)
        {
            hint.Capture(response);
        }

        return response;
    }
}
