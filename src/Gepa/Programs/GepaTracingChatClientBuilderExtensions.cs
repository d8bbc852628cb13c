using Microsoft.Extensions.AI;

namespace Gepa;

/// <summary>Adds <see cref="GepaTracingChatClient"/> to a chat pipeline.</summary>
public static class GepaTracingChatClientBuilderExtensions
{
    /// <summary>Records the pipeline's calls into the ambient GEPA rollout (<see cref="GepaTrace"/>), so a program
    /// optimized through a <see cref="ProgramAdapter{TExample, TOutput}"/> gets traces from code that cannot take a
    /// <see cref="StepContext"/>.</summary>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    public static ChatClientBuilder UseGepaTracing(this ChatClientBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Use(inner => new GepaTracingChatClient(inner));
    }
}
