using System.Globalization;
using Gepa.Programs;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.En;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using Lucene.Net.Util;

namespace Gepa.Retrieval.Lucene;

/// <summary>BM25 retrieval (k1 = 1.2, b = 0.75) over an in-memory Lucene.Net index of titled passages.</summary>
/// <remarks>
/// <para>Each passage is indexed as one document whose searchable text is <c>title | text</c>, analysed with Lucene's
/// English analyzer (lower-casing, stop words, Porter stemming). The index is built once and searched read-only, so
/// concurrent rollouts may share one retriever.</para>
/// <para>A query is analyzed into words that each may match, so whatever a model writes (quotes, colons, <c>AND</c>) is
/// searched as plain words and never throws. A query with no searchable word returns nothing. Ties are broken by corpus
/// order, so results are deterministic.</para>
/// </remarks>
public sealed class LuceneBm25Retriever : IRetriever, IDisposable
{
    private const LuceneVersion Version = LuceneVersion.LUCENE_48;
    private const string TitleField = "title";
    private const string BodyField = "body";
    private const string TextField = "text";
    private readonly RAMDirectory _directory = new();
    private readonly Analyzer _analyzer = new EnglishAnalyzer(Version);
    private readonly DirectoryReader _reader;
    private readonly IndexSearcher _searcher;

    /// <summary>Builds the index.</summary>
    /// <param name="corpus">The passages; titles should be unique.</param>
    public LuceneBm25Retriever(IEnumerable<Passage> corpus)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        var similarity = new BM25Similarity(1.2f, 0.75f);
        var count = 0;
        using (var writer = new IndexWriter(_directory, new IndexWriterConfig(Version, _analyzer) { Similarity = similarity }))
        {
            foreach (var passage in corpus)
            {
                writer.AddDocument(new Document
                {
                    new StringField(TitleField, passage.Title, Field.Store.YES),
                    new StoredField(TextField, passage.Text),
                    new TextField(BodyField, $"{passage.Title} | {passage.Text}", Field.Store.NO),
                });
                count++;
            }

            writer.Commit();
        }

        Count = count;
        _reader = DirectoryReader.Open(_directory);
        _searcher = new IndexSearcher(_reader) { Similarity = similarity };
    }

    /// <summary>Gets the number of passages indexed.</summary>
    public int Count { get; }

    /// <inheritdoc/>
    public Task<IReadOnlyList<Passage>> SearchAsync(string query, int k, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Search(query, k));
    }

    /// <summary>Searches synchronously.</summary>
    /// <param name="query">The query text.</param>
    /// <param name="k">How many passages at most.</param>
    /// <returns>The passages, best first.</returns>
    public IReadOnlyList<Passage> Search(string query, int k)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (string.IsNullOrWhiteSpace(query) || Count == 0)
        {
            return [];
        }

        // The query is the analyzed words of the text, each an optional clause: what the classic query parser builds from
        // escaped text with OR as its operator (under BM25 the coordination factor is 1, so nesting makes no difference),
        // without shipping the parser, and whatever a model writes (quotes, colons, AND) is searched as plain words.
        var parsed = new BooleanQuery();
        using (var tokens = _analyzer.GetTokenStream(BodyField, query))
        {
            var term = tokens.AddAttribute<ICharTermAttribute>();
            tokens.Reset();
            while (tokens.IncrementToken())
            {
                if (parsed.Clauses.Count == BooleanQuery.MaxClauseCount)
                {
                    break; // the rest of a very long query adds nothing Lucene would accept
                }

                parsed.Add(new TermQuery(new Term(BodyField, term.ToString())), Occur.SHOULD);
            }

            tokens.End();
        }

        if (parsed.Clauses.Count == 0)
        {
            return [];
        }

        var sort = new Sort(SortField.FIELD_SCORE, SortField.FIELD_DOC);
        var hits = _searcher.Search(parsed, null, Math.Min(k, Count), sort, doDocScores: true, doMaxScore: false).ScoreDocs;
        return [.. hits.Select(h =>
        {
            var doc = _searcher.Doc(h.Doc);
            return new Passage(doc.Get(TitleField, CultureInfo.InvariantCulture), doc.Get(TextField, CultureInfo.InvariantCulture), h.Score);
        })];
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _reader.Dispose();
        _analyzer.Dispose();
        _directory.Dispose();
    }
}
