using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gepa.Programs;

namespace Gepa.MultiHop;

/// <summary>Reads and writes multi-hop data: the sample's JSONL files, and the HotpotQA distractor and 2WikiMultihopQA
/// JSON files a user downloads.</summary>
/// <remarks>
/// <para><b>JSONL</b> (the shipped sample): a corpus file of <c>{"title", "text"}</c> lines and example files of
/// <c>{"id", "question", "answer", "type", "gold_titles": [...], "supporting_facts": [{"title", "sentence"}]}</c> lines.</para>
/// <para><b>HotpotQA distractor / 2WikiMultihopQA</b>: one JSON array of questions with <c>_id</c>, <c>question</c>,
/// <c>answer</c>, <c>type</c>, <c>supporting_facts</c> (<c>[title, sentence index]</c> pairs) and <c>context</c>
/// (<c>[title, [sentences]]</c> pairs). The corpus is the pooled context paragraphs of every question (each title once),
/// so the distractor paragraphs of one question are hard negatives for the others.</para>
/// </remarks>
public static class MultiHopData
{
    private static readonly JsonSerializerOptions s_write = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Reads a corpus JSONL file.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The passages, in file order.</returns>
    /// <exception cref="DatasetException">A line is not a passage; the error names the file and line.</exception>
    public static IReadOnlyList<Passage> ReadCorpus(string path) =>
        [.. ReadLines(path).Select(l => new Passage(Required(l, "title"), Required(l, "text")))];

    /// <summary>Reads an examples JSONL file.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The examples, in file order.</returns>
    /// <exception cref="DatasetException">A line is not an example; the error names the file and line.</exception>
    public static IReadOnlyList<MultiHopExample> ReadExamples(string path) =>
        [.. ReadLines(path).Select(l => new MultiHopExample(
            Required(l, "id"),
            Required(l, "question"),
            Required(l, "answer"),
            Optional(l, "type") ?? string.Empty,
            [.. Array(l, "gold_titles").Select(n => n?.GetValue<string>() ?? throw l.Error("gold_titles", "a title is null"))],
            [.. Array(l, "supporting_facts").Select(n => new SupportingFact(
                n?["title"]?.GetValue<string>() ?? throw l.Error("supporting_facts", "a fact has no title"),
                n["sentence"]?.GetValue<string>() ?? throw l.Error("supporting_facts", "a fact has no sentence")))]))];

    /// <summary>Writes a corpus JSONL file (LF line ends, UTF-8 without BOM).</summary>
    /// <param name="path">The file.</param>
    /// <param name="corpus">The passages.</param>
    public static void WriteCorpus(string path, IEnumerable<Passage> corpus)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        Write(path, corpus.Select(p => new JsonObject { ["title"] = p.Title, ["text"] = p.Text }));
    }

    /// <summary>Writes an examples JSONL file (LF line ends, UTF-8 without BOM).</summary>
    /// <param name="path">The file.</param>
    /// <param name="examples">The examples.</param>
    public static void WriteExamples(string path, IEnumerable<MultiHopExample> examples)
    {
        ArgumentNullException.ThrowIfNull(examples);
        Write(path, examples.Select(e => new JsonObject
        {
            ["id"] = e.Id,
            ["question"] = e.Question,
            ["answer"] = e.Answer,
            ["type"] = e.Type,
            ["gold_titles"] = new JsonArray([.. e.GoldTitles.Select(t => (JsonNode?)t)]),
            ["supporting_facts"] = new JsonArray([.. e.SupportingFacts.Select(f => (JsonNode?)new JsonObject { ["title"] = f.Title, ["sentence"] = f.Sentence })]),
        }));
    }

    /// <summary>Reads a HotpotQA distractor file or a 2WikiMultihopQA file (the same layout): the questions, and the
    /// corpus pooled from their context paragraphs.</summary>
    /// <param name="path">The JSON file.</param>
    /// <param name="maxQuestions">The most questions to read, in file order; <see langword="null"/> for all.</param>
    /// <returns>The examples and the pooled corpus.</returns>
    /// <exception cref="DatasetException">The file is not in that layout; the error names the file, the question and the field.</exception>
    public static (IReadOnlyList<MultiHopExample> Examples, IReadOnlyList<Passage> Corpus) ReadHotpotFormat(string path, int? maxQuestions = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        JsonNode? root;
        try
        {
            using var stream = File.OpenRead(path);
            root = JsonNode.Parse(stream);
        }
        catch (JsonException ex)
        {
            throw new DatasetException(path, (int?)ex.LineNumber + 1, null, $"is not valid JSON: {ex.Message}", ex);
        }

        if (root is not JsonArray questions)
        {
            throw new DatasetException(path, null, null, "must be a JSON array of questions (the HotpotQA / 2WikiMultihopQA layout)");
        }

        var examples = new List<MultiHopExample>();
        var corpus = new List<Passage>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (node, index) in questions.Select((n, i) => (n, i)))
        {
            if (maxQuestions is { } max && examples.Count >= max)
            {
                break;
            }

            var where = $"question {index}";
            DatasetException Bad(string field, string detail) => new(path, null, field, field.Length == 0 ? $"{where} {detail}" : $"{where}: '{field}' {detail}");
            var q = node as JsonObject ?? throw Bad("", "is not an object");
            var id = (q["_id"] ?? q["id"])?.ToString() ?? throw Bad("_id", "is missing");
            where = $"question '{id}'";
            var paragraphs = new Dictionary<string, string[]>(StringComparer.Ordinal);
            foreach (var pair in q["context"] as JsonArray ?? throw Bad("context", "must be a list of [title, [sentences]]"))
            {
                if (pair is not JsonArray { Count: 2 } p || p[0]?.GetValue<string>() is not { } title || p[1] is not JsonArray sentences)
                {
                    throw Bad("context", "has an entry that is not [title, [sentences]]");
                }

                var texts = sentences.Select(s => s?.GetValue<string>() ?? string.Empty).ToArray();
                paragraphs[title] = texts;
                if (seen.Add(title))
                {
                    corpus.Add(new Passage(title, Collapse(string.Concat(texts.Select(t => t.StartsWith(' ') ? t : " " + t)))));
                }
            }

            var facts = new List<SupportingFact>();
            foreach (var pair in q["supporting_facts"] as JsonArray ?? throw Bad("supporting_facts", "must be a list of [title, sentence index]"))
            {
                if (pair is not JsonArray { Count: 2 } p || p[0]?.GetValue<string>() is not { } title || p[1]?.GetValue<int>() is not { } sentence)
                {
                    throw Bad("supporting_facts", "has an entry that is not [title, sentence index]");
                }

                // Both datasets have a few facts that point past the end of their paragraph; they carry no sentence.
                if (paragraphs.TryGetValue(title, out var texts) && sentence >= 0 && sentence < texts.Length)
                {
                    facts.Add(new SupportingFact(title, Collapse(texts[sentence])));
                }
            }

            examples.Add(new MultiHopExample(
                id,
                q["question"]?.GetValue<string>() ?? throw Bad("question", "is missing"),
                q["answer"]?.GetValue<string>() ?? throw Bad("answer", "is missing"),
                q["type"]?.GetValue<string>() ?? string.Empty,
                [.. facts.Select(f => f.Title).Distinct(StringComparer.Ordinal)],
                facts));
        }

        return (examples, corpus);
    }

    private static string Collapse(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private static void Write(string path, IEnumerable<JsonObject> lines)
    {
        var sb = new StringBuilder();
        foreach (var line in lines)
        {
            sb.Append(line.ToJsonString(s_write)).Append('\n');
        }

        File.WriteAllText(path, sb.ToString(), new UTF8Encoding(false));
    }

    private static IEnumerable<Line> ReadLines(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var number = 0;
        foreach (var text in File.ReadLines(path))
        {
            number++;
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            JsonObject obj;
            try
            {
                obj = JsonNode.Parse(text) as JsonObject ?? throw new DatasetException(path, number, null, "is not a JSON object");
            }
            catch (JsonException ex)
            {
                throw new DatasetException(path, number, null, $"is not valid JSON: {ex.Message}", ex);
            }

            yield return new Line(path, number, obj);
        }
    }

    private static string Required(Line line, string field) =>
        Optional(line, field) ?? throw line.Error(field, "is missing");

    private static string? Optional(Line line, string field) => line.Object[field] switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => throw line.Error(field, "must be a string"),
    };

    private static JsonArray Array(Line line, string field) =>
        line.Object[field] as JsonArray ?? throw line.Error(field, "must be a list");

    private sealed record Line(string Path, int Number, JsonObject Object)
    {
        public DatasetException Error(string field, string detail) => new(Path, Number, field, $"'{field}' {detail}");

        public JsonNode? this[string field] => Object[field];
    }
}
