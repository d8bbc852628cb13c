using System.Net.Http.Headers;

namespace Gepa;

/// <summary>The retry hint of the current attempt, shared between the retry stages (whose
/// <see cref="GepaRetryPipeline{TResult}"/> opens a scope per attempt) and <see cref="RetryAfterCapturingHandler"/> (which
/// fills it deep inside the provider SDK).</summary>
/// <remarks>An <see cref="AsyncLocal{T}"/> flows down into the SDK call but not back up, so the scope holds a mutable box
/// that the handler writes and the retry stage reads after the attempt fails.</remarks>
internal sealed class RetryHint
{
    private static readonly AsyncLocal<RetryHint?> CurrentHint = new();

    public static RetryHint? Current => CurrentHint.Value;

    public string? RetryAfter { get; private set; }

    public string? RetryAfterMs { get; private set; }

    public static RetryHint Begin()
    {
        var hint = new RetryHint();
        CurrentHint.Value = hint;
        return hint;
    }

    public void Capture(HttpResponseMessage response)
    {
        if (response.Headers.RetryAfter is RetryConditionHeaderValue value)
        {
            RetryAfter = value.ToString();
        }

        // OpenAI and Azure also send the hint in milliseconds.
        if (response.Headers.TryGetValues("retry-after-ms", out var ms))
        {
            RetryAfterMs = ms.FirstOrDefault();
        }
    }
}
