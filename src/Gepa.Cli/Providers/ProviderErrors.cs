using System.Net.Sockets;
using System.Text.Json;
using Gepa.Cli.Configuration;

namespace Gepa.Cli.Providers;

/// <summary>Turns a failed model call into one line a user can act on: which role and model, what went wrong, what to check.</summary>
internal static class ProviderErrors
{
    /// <summary>Describes <paramref name="exception"/> in one line.</summary>
    /// <param name="exception">The failure, as thrown by the pipeline (after any retries).</param>
    /// <param name="model">The model whose call failed, or <see langword="null"/> when unknown.</param>
    /// <returns>The line.</returns>
    public static string Describe(Exception exception, ModelConfig? model)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var who = model is null ? "model call" : $"{model.Role} model ({model.Provider} '{model.Model}'{(model.BaseUrl is null ? "" : " at " + model.BaseUrl)})";
        var retries = model is null ? "" : $" after {model.Retries} retr{(model.Retries == 1 ? "y" : "ies")}";
        var status = TransientFailure.TryGetStatusCode(exception);
        var what = status switch
        {
            401 or 403 => $"the server refused the credentials (HTTP {status}); check the key in {model?.ApiKeyEnv ?? "the api-key-env variable"}",
            404 => "not found (HTTP 404); check base-url, model and deployment",
            429 => $"still rate limited (HTTP 429){retries}; lower max-concurrency or wait",
            >= 500 => $"the server failed (HTTP {status}){retries}",
            > 0 => $"the request was rejected (HTTP {status}): {FirstLine(exception.Message)}",
            _ => null,
        };
        what ??= Find<TimeoutException>(exception) is { } t ? $"{FirstLine(t.Message)}{retries}"
            : Find<JsonException>(exception) is not null || HasType(exception, "AnthropicInvalidDataException") ? $"the server's reply was not valid JSON{retries}"
            : Find<SocketException>(exception) is { } s ? $"cannot reach the server ({s.SocketErrorCode}){retries}; is it running, and is base-url right?"
            : Find<HttpRequestException>(exception) is { } h ? $"cannot reach the server ({FirstLine(h.Message)}){retries}; is it running, and is base-url right?"
            : FirstLine(exception.Message);
        return $"{who}: {what}";
    }

    private static T? Find<T>(Exception e)
        where T : Exception
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            if (x is T t)
            {
                return t;
            }
        }

        return null;
    }

    private static bool HasType(Exception e, string name)
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            if (x.GetType().Name == name)
            {
                return true;
            }
        }

        return false;
    }

    private static string FirstLine(string message)
    {
        var i = message.IndexOfAny(['\r', '\n']);
        return (i < 0 ? message : message[..i]).Trim();
    }
}
