using Microsoft.Extensions.AI;

namespace Gepa;

/// <summary>Seedless start: the reflection model writes the first candidate from the objective, the background and
/// sample inputs. An error or an empty reply is retried; if none is usable the run stops with a
/// <see cref="SeedGenerationException"/>.</summary>
internal static class SeedGenerator
{
    public static async Task<Candidate> GenerateAsync(IChatClient model, OptimizeAnythingOptions options, IReadOnlyList<object?>? sampleInputs, CancellationToken cancellationToken)
    {
        var prompt = OptimizeAnythingPrompts.SeedPrompt(options.Objective!, options.Background, sampleInputs, options.ReferencePrompts);
        var attempts = options.Gepa.ReflectionRetries + 1;
        string? last = null;
        Exception? lastError = null;
        for (var attempt = 1; attempt <= attempts; attempt++)
        {
            try
            {
                var response = await model.GetResponseAsync([new ChatMessage(ChatRole.User, prompt)], null, cancellationToken).ConfigureAwait(false);
                var text = ReflectionPrompt.Extract(response.Text ?? "");
                if (text.Length > 0)
                {
                    return Candidate.FromText(OptimizeAnythingConstants.TextComponent, text);
                }

                last = "the reply held no text";
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
#pragma warning disable CA1031 // A model failure is retried, then reported as the cause of the stop.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                lastError = ex;
                last = $"{ex.GetType().Name}: {ex.Message}";
            }
        }

        var message = $"Seedless start failed: the reflection model did not write a usable first candidate in {attempts} attempt{(attempts == 1 ? "" : "s")} ({last}). Give a seed, or check the reflection model.";
        throw lastError is null ? new SeedGenerationException(message) : new SeedGenerationException(message, lastError);
    }
}
