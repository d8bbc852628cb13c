using Microsoft.Extensions.AI;

namespace Gepa.Memory.Tests;

/// <summary>Embeds a text as counts of a few known words, one dimension each, and counts the calls and disposals.</summary>
internal sealed class FakeEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    private static readonly string[] Words = ["paris", "capital", "france", "rome", "italy", "weather"];

    public int Calls { get; private set; }

    public int Disposals { get; private set; }

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var result = new GeneratedEmbeddings<Embedding<float>>();
        foreach (var value in values)
        {
            Calls++;
            var low = value.ToLowerInvariant();
            result.Add(new Embedding<float>(Words.Select(w => (float)CountOf(low, w)).ToArray()));
        }

        return Task.FromResult(result);
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose() => Disposals++;

    private static int CountOf(string text, string word)
    {
        var n = 0;
        for (var i = text.IndexOf(word, StringComparison.Ordinal); i >= 0; i = text.IndexOf(word, i + 1, StringComparison.Ordinal))
        {
            n++;
        }

        return n;
    }
}
