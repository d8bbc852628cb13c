using Gepa.Cli.Configuration;
using Microsoft.Extensions.AI;

namespace Gepa.Cli.Running;

/// <summary>The built model pipelines of a run, one per configured role.</summary>
/// <param name="Task">The task model's pipeline.</param>
/// <param name="Reflection">The reflection model's pipeline.</param>
/// <param name="Judge">The judge model's pipeline, when configured.</param>
internal sealed record ModelClients(IChatClient Task, IChatClient Reflection, IChatClient? Judge) : IDisposable
{
    /// <summary>Gets the embedding generator of the semantic metric (the <c>embedding-model</c> section), or
    /// <see langword="null"/> when the host built none (the hashed embedder is used then).</summary>
    public IEmbeddingGenerator<string, Embedding<float>>? Embedder { get; init; }

    /// <summary>Gets the client of <paramref name="model"/>'s role.</summary>
    /// <param name="model">The model settings.</param>
    /// <returns>The client.</returns>
    public IChatClient? For(ModelConfig model) => model.Role switch
    {
        ChatRoles.Task => Task,
        ChatRoles.Reflection => Reflection,
        _ => Judge,
    };

    /// <inheritdoc/>
    public void Dispose()
    {
        Task.Dispose();
        Reflection.Dispose();
        Judge?.Dispose();
        Embedder?.Dispose();
    }
}
