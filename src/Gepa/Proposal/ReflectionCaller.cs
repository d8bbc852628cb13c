using Microsoft.Extensions.AI;

namespace Gepa;

/// <summary>The reflection call: renders nothing itself, asks the reflection model for a new text, and retries errors
/// and unusable replies (truncated, empty, no fenced text) with exponential backoff.</summary>
/// <typeparam name="TExample">The type of one task example.</typeparam>
/// <param name="run">The run.</param>
internal sealed class ReflectionCaller<TExample>(RunContext<TExample> run)
{
    private readonly RunContext<TExample> _run = run;
    private readonly GepaOptions _o = run.Options;

    /// <summary>The reflection template for a component: its own, else the run's, else the default.</summary>
    public string TemplateFor(string component) =>
        _o.ComponentReflectionPromptTemplates.TryGetValue(component, out var t) ? t : _o.ReflectionPromptTemplate ?? ReflectionPrompt.DefaultTemplate;

    /// <summary>Asks the reflection model for a new text, retrying errors and unusable replies with backoff.</summary>
    public async Task<(string? Text, string? Reply, string? Failure, Exception? Exception)> ProposeAsync(string prompt, int number)
    {
        string failure = "";
        Exception? last = null;
        for (var attempt = 0; attempt <= _o.ReflectionRetries; attempt++)
        {
            if (attempt > 0 && _o.ReflectionRetryDelay > TimeSpan.Zero)
            {
                await Task.Delay(_o.ReflectionRetryDelay * Math.Pow(2, attempt - 1), _o.TimeProvider, _run.CancellationToken);
            }

            try
            {
                _run.Counters.AddReflection(1, 0, 0);
                var response = await _run.ReflectionClient.GetResponseAsync([new ChatMessage(ChatRole.User, prompt)], null, _run.CancellationToken);
                _run.Counters.AddReflection(0, response.Usage?.InputTokenCount ?? 0, response.Usage?.OutputTokenCount ?? 0);
                GepaTelemetry.ReflectionTokens.Add(response.Usage?.InputTokenCount ?? 0, new KeyValuePair<string, object?>("direction", "input"));
                GepaTelemetry.ReflectionTokens.Add(response.Usage?.OutputTokenCount ?? 0, new KeyValuePair<string, object?>("direction", "output"));
                var reply = response.Text ?? "";
                if (response.FinishReason == ChatFinishReason.Length)
                {
                    failure = "the reflection reply was truncated (finish reason: length); raise the reflection model's max output tokens";
                }
                else if (string.IsNullOrWhiteSpace(reply))
                {
                    failure = "the reflection model returned an empty reply";
                }
                else if (ReflectionPrompt.Extract(reply) is { Length: > 0 } text)
                {
                    return (text, reply, null, null);
                }
                else
                {
                    failure = "the reflection reply's fenced block was empty";
                }

                last = null;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !_run.CancellationToken.IsCancellationRequested)
            {
                failure = $"the reflection model threw {ex.GetType().Name}: {ex.Message}";
                last = ex;
            }

            Log.ReflectionRetry(_run.Logger, number, attempt + 1, failure, last);
        }

        return (null, null, $"{failure} (after {_o.ReflectionRetries + 1} attempts)", last);
    }
}
