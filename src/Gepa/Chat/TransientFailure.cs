using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text.Json;

namespace Gepa;

/// <summary>Decides whether a model call failure is worth retrying, and reads the server's retry hint.</summary>
/// <remarks>
/// <para>Provider SDKs each throw their own exception types (<c>System.ClientModel.ClientResultException</c> with
/// <c>Status</c>, Anthropic's <c>AnthropicApiException</c> with <c>StatusCode</c>, <see cref="HttpRequestException"/> with
/// <see cref="HttpRequestException.StatusCode"/>). The engine must not depend on any vendor SDK, so the status code is
/// read from a public <c>Status</c> or <c>StatusCode</c> property of the exception or of one of its inner exceptions.</para>
/// <para>Transient: HTTP 408, 409, 429 and 5xx (including Anthropic's 529 "overloaded"); a transport failure with no status;
/// a <see cref="TimeoutException"/>; a reply that was not valid JSON (a proxy or server cut it short).</para>
/// </remarks>
public static class TransientFailure
{
    /// <summary>The <see cref="Exception.Data"/> key under which the retry stages (<see cref="GepaRetryChatClient"/>,
    /// <see cref="GepaRetryEmbeddingGenerator"/>) store the raw <c>Retry-After</c> header captured for the failed
    /// attempt.</summary>
    public const string RetryAfterDataKey = "Gepa.RetryAfter";

    /// <summary>The <see cref="Exception.Data"/> key for the raw <c>retry-after-ms</c> header.</summary>
    public const string RetryAfterMsDataKey = "Gepa.RetryAfterMs";

    /// <summary>Returns whether <paramref name="exception"/> is a transient failure worth retrying.</summary>
    /// <param name="exception">The failure.</param>
    /// <returns><see langword="true"/> for rate limits, server errors, timeouts, transport errors and malformed replies.</returns>
    public static bool IsTransient(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (exception is OperationCanceledException and not TaskCanceledException { InnerException: TimeoutException })
        {
            return false;
        }

        if (TryGetStatusCode(exception) is int status)
        {
            return status is 408 or 409 or 429 or >= 500 or 0;
        }

        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is TimeoutException or HttpRequestException or IOException or SocketException or JsonException)
            {
                return true;
            }

            // The Anthropic SDK reports transport failures and unparseable replies with its own types.
            var name = e.GetType().Name;
            if (name is "AnthropicIOException" or "AnthropicInvalidDataException" or "AnthropicSseException")
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Returns whether a failed model call failed for a reason that says nothing about what was asked: the
    /// transient failures of <see cref="IsTransient"/> (once retries are spent), and a refusal of the credentials or of the
    /// model itself (401, 403, 404, 407). A 400, 413 or 422 can be the request's own fault (a prompt too long for the
    /// context) and is not one.</summary>
    /// <param name="exception">The failure of the call.</param>
    /// <returns>Whether it must stop the run rather than be scored.</returns>
    public static bool IsTransportFailure(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return IsTransient(exception) || TryGetStatusCode(exception) is 401 or 403 or 404 or 407;
    }

    /// <summary>Reads the HTTP status code carried by <paramref name="exception"/> or one of its inner exceptions.</summary>
    /// <param name="exception">The failure.</param>
    /// <returns>The status code, or <see langword="null"/> when there is none (0 means "no response").</returns>
    public static int? TryGetStatusCode(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is HttpRequestException http)
            {
                if (http.StatusCode is HttpStatusCode code)
                {
                    return (int)code;
                }

                continue;
            }

            foreach (var name in (ReadOnlySpan<string>)["Status", "StatusCode"])
            {
                var property = e.GetType().GetProperty(name, BindingFlags.Public | BindingFlags.Instance);
                var value = property?.GetIndexParameters().Length == 0 ? property.GetValue(e) : null;
                switch (value)
                {
                    case int i when i is 0 or (>= 100 and < 600):
                        return i;
                    case HttpStatusCode c:
                        return (int)c;
                }
            }
        }

        return null;
    }

    /// <summary>Reads the server's retry hint recorded on <paramref name="exception"/> by a retry stage.</summary>
    /// <param name="exception">The failure.</param>
    /// <param name="now">The current time, for hints given as an HTTP date.</param>
    /// <returns>How long the server asked to wait, or <see langword="null"/> when it gave no hint.</returns>
    public static TimeSpan? GetRetryAfter(Exception exception, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(exception);
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e.Data[RetryAfterMsDataKey] is string ms && double.TryParse(ms, NumberStyles.Float, CultureInfo.InvariantCulture, out var millis) && millis >= 0)
            {
                return TimeSpan.FromMilliseconds(millis);
            }

            if (e.Data[RetryAfterDataKey] is string raw && ParseRetryAfter(raw, now) is TimeSpan delay)
            {
                return delay;
            }
        }

        return null;
    }

    /// <summary>Parses a <c>Retry-After</c> header value: a number of seconds or an HTTP date.</summary>
    /// <param name="value">The header value.</param>
    /// <param name="now">The current time, for an HTTP date.</param>
    /// <returns>The delay (never negative), or <see langword="null"/> when the value is neither form.</returns>
    public static TimeSpan? ParseRetryAfter(string? value, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        value = value.Trim();
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
        {
            return seconds >= 0 ? TimeSpan.FromSeconds(seconds) : null;
        }

        if (DateTimeOffset.TryParseExact(value, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date)
            || DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out date))
        {
            var delay = date - now;
            return delay > TimeSpan.Zero ? delay : TimeSpan.Zero;
        }

        return null;
    }
}
