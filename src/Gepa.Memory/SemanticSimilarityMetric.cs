using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;

namespace Gepa;

/// <summary>A metric for users who have a reference answer but no feedback function: the score is the cosine similarity of
/// the response's and the reference's embeddings (negative similarity scores 0), and the feedback quotes where the response
/// drifts: the reference sentences it covers least, and the response sentences that match nothing in the reference.</summary>
/// <remarks>With <see cref="HashedEmbeddingGenerator"/> (what the <c>gepa</c> tool uses) similarity is shared words, not
/// meaning; a host can pass real embeddings (the Gepa.Memory.MiniLM package, or any
/// <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/>). Embeddings of the same text are computed once per metric.</remarks>
public sealed partial class SemanticSimilarityMetric : IChatMetric
{
    /// <summary>The sentence similarity below which a reference sentence counts as not covered, by default.</summary>
    public const double DefaultSentenceThreshold = 0.5;

    private const int MaxQuoted = 3;
    private const int MaxQuoteLength = 160;

    private readonly IEmbeddingGenerator<string, Embedding<float>> _embedder;
    private readonly double _threshold;
    private readonly Dictionary<string, Task<float[]>> _cache = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>Initializes a new instance.</summary>
    /// <param name="embedder">The embedding generator.</param>
    /// <param name="sentenceThreshold">Sentence similarity below which a sentence counts as drifting (0 to 1).</param>
    public SemanticSimilarityMetric(IEmbeddingGenerator<string, Embedding<float>> embedder, double sentenceThreshold = DefaultSentenceThreshold)
    {
        ArgumentNullException.ThrowIfNull(embedder);
        if (sentenceThreshold is < 0 or > 1 || double.IsNaN(sentenceThreshold))
        {
            throw new ArgumentOutOfRangeException(nameof(sentenceThreshold), sentenceThreshold, $"The sentence threshold must be 0 to 1; it is {sentenceThreshold}.");
        }

        _embedder = embedder;
        _threshold = sentenceThreshold;
    }

    /// <inheritdoc/>
    public async ValueTask<MetricResult> ScoreAsync(ChatExample example, string response, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(example);
        ArgumentNullException.ThrowIfNull(response);
        var reference = example.Answer ?? throw new ArgumentException($"Example '{example.Id}' has no answer; the semantic metric compares the response with a reference answer.", nameof(example));
        if (response.Trim().Length == 0)
        {
            return new MetricResult(0, $"The response is empty; the reference answer is {Quote(reference)}.");
        }

        var responseVector = await EmbedAsync(response, cancellationToken);
        var referenceVector = await EmbedAsync(reference, cancellationToken);
        var score = Math.Clamp(VectorMath.Cosine(responseVector, referenceVector), 0, 1);
        var feedback = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"Semantic similarity to the reference answer is {score:0.###}."));
        var referenceSentences = Sentences(reference);
        var responseSentences = Sentences(response);
        var referenceVectors = await Task.WhenAll(referenceSentences.Select(s => EmbedAsync(s, cancellationToken)));
        var responseVectors = await Task.WhenAll(responseSentences.Select(s => EmbedAsync(s, cancellationToken)));
        double Best(float[] v, float[][] others) => others.Length == 0 ? 0 : others.Max(o => VectorMath.Cosine(v, o));

        var uncovered = referenceSentences.Select((s, i) => (Text: s, Similarity: Best(referenceVectors[i], responseVectors)))
            .Where(p => p.Similarity < _threshold).OrderBy(p => p.Similarity).Take(MaxQuoted).ToList();
        var unsupported = responseSentences.Select((s, i) => (Text: s, Similarity: Best(responseVectors[i], referenceVectors)))
            .Where(p => p.Similarity < _threshold).OrderBy(p => p.Similarity).Take(MaxQuoted).ToList();
        if (uncovered.Count > 0)
        {
            feedback.Append(" The response does not convey: ").Append(string.Join("; ", uncovered.Select(p => Quote(p.Text)))).Append('.');
        }

        if (unsupported.Count > 0)
        {
            feedback.Append(" It says what the reference does not: ").Append(string.Join("; ", unsupported.Select(p => Quote(p.Text)))).Append('.');
        }

        if (uncovered.Count == 0 && unsupported.Count == 0 && score < 1)
        {
            feedback.Append(" Every sentence has a counterpart; the wording differs from ").Append(Quote(reference)).Append('.');
        }

        return new MetricResult(score, feedback.ToString());
    }

    private Task<float[]> EmbedAsync(string text, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_cache.TryGetValue(text, out var task) || task.IsFaulted || task.IsCanceled)
            {
                task = Embed(text, cancellationToken);
                _cache[text] = task;
            }

            return task;
        }
    }

    private async Task<float[]> Embed(string text, CancellationToken cancellationToken) =>
        (await _embedder.GenerateAsync([text], cancellationToken: cancellationToken))[0].Vector.ToArray();

    private static string[] Sentences(string text) =>
        [.. SentenceEnd().Split(text).Select(s => s.Trim()).Where(s => s.Length > 0)];

    private static string Quote(string text) => "\"" + (text.Length > MaxQuoteLength ? text[..MaxQuoteLength] + "…" : text) + "\"";

    [GeneratedRegex(@"(?<=[.!?])\s+|\n+")]
    private static partial Regex SentenceEnd();
}
