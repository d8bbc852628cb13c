using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Gepa;

/// <summary>Loads <see cref="ChatExample"/>s from JSON Lines, JSON array or CSV files and splits them.</summary>
/// <remarks>
/// <para>Every row must have a non-empty input and, unless <see cref="DatasetFieldMap.AnswerRequired"/> is off, a
/// non-empty answer. A missing or empty id becomes the row's 0-based index; ids must be unique within a file. Text,
/// numbers and booleans are accepted for input, answer and id (numbers keep their JSON spelling); an empty context is
/// treated as none. Fields that are not mapped go to <see cref="ChatExample.Fields"/>.</para>
/// <para>Every problem is a <see cref="DatasetException"/> whose message names the file, the 1-based line and the field,
/// for example <c>data/train.jsonl line 7: field 'answer' is missing</c>.</para>
/// </remarks>
public static class DatasetLoader
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Reads a dataset file.</summary>
    /// <param name="path">The file; the path is quoted as given in error messages.</param>
    /// <param name="fieldMap">Which fields hold input, answer, id and context; <see cref="DatasetFieldMap.Default"/> when <see langword="null"/>.</param>
    /// <param name="format">The format, or <see cref="DatasetFormat.Auto"/> to choose it from the extension.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The examples, in file order.</returns>
    /// <exception cref="DatasetException">The file is missing, unreadable, empty or has a bad row.</exception>
    public static async Task<IReadOnlyList<ChatExample>> LoadAsync(string path, DatasetFieldMap? fieldMap = null, DatasetFormat format = DatasetFormat.Auto, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var resolved = ResolveFormat(format, path);
        byte[] bytes;
        try
        {
            if (new FileInfo(path) is { Exists: true, Length: > DatasetConstants.MaxFileBytes } big)
            {
                throw new DatasetException(path, null, null, $"the file is {big.Length / (1024 * 1024)} MB; a dataset may be at most {DatasetConstants.MaxFileBytes / (1024 * 1024)} MB (it is held in memory and its examples are written into the run's records)");
            }

            bytes = await File.ReadAllBytesAsync(path, cancellationToken);
        }
        catch (Exception ex) when ((ex is FileNotFoundException or DirectoryNotFoundException) && !Directory.Exists(path))
        {
            throw new DatasetException(path, null, null, "the file does not exist", ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // On Unix reading a directory is "access denied": say what it is instead.
            throw new DatasetException(path, null, null, Directory.Exists(path) ? "is a directory, not a file" : ex is UnauthorizedAccessException ? "the file cannot be read (permission denied)" : $"the file cannot be read ({ex.Message})", ex);
        }

        return Parse(bytes, resolved, path, fieldMap ?? DatasetFieldMap.Default);
    }

    /// <summary>Parses dataset text that is already in memory.</summary>
    /// <param name="text">The content.</param>
    /// <param name="format">The format; <see cref="DatasetFormat.Auto"/> chooses it from the extension of <paramref name="sourceName"/>.</param>
    /// <param name="sourceName">The name used in error messages, usually a file path.</param>
    /// <param name="fieldMap">Which fields hold input, answer, id and context; <see cref="DatasetFieldMap.Default"/> when <see langword="null"/>.</param>
    /// <returns>The examples, in order.</returns>
    /// <exception cref="DatasetException">The content is empty or has a bad row.</exception>
    public static IReadOnlyList<ChatExample> Parse(string text, DatasetFormat format, string sourceName, DatasetFieldMap? fieldMap = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentException.ThrowIfNullOrEmpty(sourceName);
        return Parse(Encoding.UTF8.GetBytes(text), ResolveFormat(format, sourceName), sourceName, fieldMap ?? DatasetFieldMap.Default);
    }

    /// <summary>Reads explicit training, validation and test files.</summary>
    /// <param name="trainPath">The training file.</param>
    /// <param name="validationPath">The validation file, or <see langword="null"/> for none.</param>
    /// <param name="testPath">The test file, or <see langword="null"/> for none.</param>
    /// <param name="fieldMap">The field map used for all three files.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The splits; a split without a file is empty.</returns>
    /// <exception cref="DatasetException">A file is missing, unreadable, empty or has a bad row.</exception>
    public static async Task<DatasetSplits> LoadSplitsAsync(string trainPath, string? validationPath = null, string? testPath = null, DatasetFieldMap? fieldMap = null, CancellationToken cancellationToken = default)
    {
        var train = await LoadAsync(trainPath, fieldMap, DatasetFormat.Auto, cancellationToken);
        var validation = validationPath is null ? [] : await LoadAsync(validationPath, fieldMap, DatasetFormat.Auto, cancellationToken);
        var test = testPath is null ? [] : await LoadAsync(testPath, fieldMap, DatasetFormat.Auto, cancellationToken);
        return new DatasetSplits(train, validation, test);
    }

    /// <summary>Splits one dataset at random, reproducibly from <paramref name="seed"/>.</summary>
    /// <remarks>
    /// The examples are shuffled with a Fisher–Yates shuffle driven by SplitMix64 seeded with <paramref name="seed"/>
    /// (fully specified, so a seed gives the same split on every machine and .NET version). With <c>n</c> examples and
    /// cumulative ratios <c>a = train</c>, <c>b = a + validation</c>, <c>c = b + test</c>, shuffled positions
    /// [0, round(n·a)) go to training, [round(n·a), round(n·b)) to validation and [round(n·b), round(n·c)) to test
    /// (rounding half away from zero). When the ratios sum to less than 1 the remaining examples are left out.
    /// Within each split the examples keep their original order.
    /// </remarks>
    /// <param name="examples">The examples to split.</param>
    /// <param name="trainRatio">The fraction for training, in (0, 1].</param>
    /// <param name="validationRatio">The fraction for validation, in [0, 1].</param>
    /// <param name="testRatio">The fraction for test, in [0, 1].</param>
    /// <param name="seed">The seed of the shuffle.</param>
    /// <returns>The splits.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A ratio is outside its range or the ratios sum to more than 1.</exception>
    /// <exception cref="ArgumentException">The training split would be empty.</exception>
    public static DatasetSplits Split(IReadOnlyList<ChatExample> examples, double trainRatio, double validationRatio, double testRatio, int seed)
    {
        ArgumentNullException.ThrowIfNull(examples);
        CheckRatio(trainRatio, nameof(trainRatio));
        CheckRatio(validationRatio, nameof(validationRatio));
        CheckRatio(testRatio, nameof(testRatio));
        if (trainRatio <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(trainRatio), trainRatio, "The training ratio must be greater than 0.");
        }

        var sum = trainRatio + validationRatio + testRatio;
        if (sum > 1 + DatasetConstants.RatioSumTolerance)
        {
            throw new ArgumentOutOfRangeException(nameof(testRatio), sum, $"The split ratios sum to {sum.ToString(CultureInfo.InvariantCulture)} (train {trainRatio.ToString(CultureInfo.InvariantCulture)}, validation {validationRatio.ToString(CultureInfo.InvariantCulture)}, test {testRatio.ToString(CultureInfo.InvariantCulture)}); they must sum to at most 1.");
        }

        var n = examples.Count;
        var order = Enumerable.Range(0, n).ToArray();
        new SplitMix64(unchecked((ulong)seed)).Shuffle(order);

        var trainEnd = Boundary(n, trainRatio);
        var validationEnd = Math.Max(trainEnd, Boundary(n, trainRatio + validationRatio));
        var testEnd = Math.Max(validationEnd, Boundary(n, sum));
        if (trainEnd == 0)
        {
            throw new ArgumentException($"A training ratio of {trainRatio.ToString(CultureInfo.InvariantCulture)} of {n} examples leaves no training examples.", nameof(trainRatio));
        }

        return new DatasetSplits(Take(examples, order, 0, trainEnd), Take(examples, order, trainEnd, validationEnd), Take(examples, order, validationEnd, testEnd));
    }

    private static int Boundary(int n, double cumulativeRatio) =>
        (int)Math.Min(n, Math.Round(n * Math.Min(cumulativeRatio, 1.0), MidpointRounding.AwayFromZero));

    private static ChatExample[] Take(IReadOnlyList<ChatExample> examples, int[] order, int start, int end)
    {
        var picked = order[start..end];
        Array.Sort(picked);
        return [.. picked.Select(i => examples[i])];
    }

    private static void CheckRatio(double ratio, string name)
    {
        if (!double.IsFinite(ratio) || ratio < 0 || ratio > 1)
        {
            throw new ArgumentOutOfRangeException(name, ratio, $"The ratio '{name}' must be between 0 and 1.");
        }
    }

    private static DatasetFormat ResolveFormat(DatasetFormat format, string sourceName)
    {
        if (format != DatasetFormat.Auto)
        {
            return Enum.IsDefined(format) ? format : throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown dataset format.");
        }

        var extension = Path.GetExtension(sourceName).ToUpperInvariant();
        return extension switch
        {
            ".JSONL" or ".NDJSON" => DatasetFormat.JsonLines,
            ".JSON" => DatasetFormat.JsonArray,
            ".CSV" => DatasetFormat.Csv,
            _ => throw new DatasetException(sourceName, null, null, $"cannot tell the format from the extension '{Path.GetExtension(sourceName)}'; use .jsonl, .json or .csv, or give the format explicitly"),
        };
    }

    private static ChatExample[] Parse(byte[] bytes, DatasetFormat format, string sourceName, DatasetFieldMap map)
    {
        map.Validate();
        var utf8 = bytes.AsSpan().StartsWith("\uFEFF"u8) ? bytes.AsMemory(3) : bytes.AsMemory();
        var rows = format switch
        {
            DatasetFormat.JsonLines => ReadJsonLines(Decode(utf8, sourceName), sourceName),
            DatasetFormat.JsonArray => ReadJsonArray(utf8, sourceName),
            _ => ReadCsv(Decode(utf8, sourceName), sourceName, map),
        };

        if (rows.Count == 0)
        {
            throw new DatasetException(sourceName, null, null, "the file contains no examples");
        }

        var examples = new ChatExample[rows.Count];
        var firstLineById = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < rows.Count; i++)
        {
            var example = BuildExample(sourceName, rows[i], i, map);
            if (!firstLineById.TryAdd(example.Id, rows[i].Line))
            {
                throw new DatasetException(sourceName, rows[i].Line, map.Id, $"duplicate id '{example.Id}' (already used on line {firstLineById[example.Id]})");
            }

            examples[i] = example;
        }

        return examples;
    }

    private static string Decode(ReadOnlyMemory<byte> utf8, string sourceName)
    {
        try
        {
            return StrictUtf8.GetString(utf8.Span);
        }
        catch (DecoderFallbackException ex)
        {
            var line = FirstInvalidUtf8Line(utf8.Span);
            throw new DatasetException(sourceName, line, null, "the file is not UTF-8 text (this line holds bytes that are not UTF-8; save the file as UTF-8)", ex);
        }
    }

    private static int? FirstInvalidUtf8Line(ReadOnlySpan<byte> utf8)
    {
        var line = 1;
        while (true)
        {
            var end = utf8.IndexOf((byte)'\n');
            var current = end < 0 ? utf8 : utf8[..end];
            if (!System.Text.Unicode.Utf8.IsValid(current))
            {
                return line;
            }

            if (end < 0)
            {
                return null;
            }

            utf8 = utf8[(end + 1)..];
            line++;
        }
    }

    private static List<RawRow> ReadJsonLines(string text, string sourceName)
    {
        var rows = new List<RawRow>();
        var lineNumber = 0;
        foreach (var rawLine in text.Split('\n'))
        {
            lineNumber++;
            var line = rawLine.Trim();
            if (line.Length == 0)
            {
                continue;
            }

            // Refused before it is parsed: an oversized line would cost its size several times over in memory.
            if (line.Length > DatasetConstants.MaxExampleChars)
            {
                throw TooLong(sourceName, lineNumber, null, line.Length);
            }

            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(line);
            }
            catch (JsonException ex)
            {
                throw new DatasetException(sourceName, lineNumber, null, $"not valid JSON ({Reason(ex)})", ex);
            }

            using (document)
            {
                rows.Add(ToRow(document.RootElement, lineNumber, sourceName));
            }
        }

        return rows;
    }

    private static List<RawRow> ReadJsonArray(ReadOnlyMemory<byte> utf8, string sourceName)
    {
        var rows = new List<RawRow>();
        var lineStarts = LineStarts(utf8.Span);
        var reader = new Utf8JsonReader(utf8.Span, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        try
        {
            if (!reader.Read())
            {
                return rows;
            }

            if (reader.TokenType != JsonTokenType.StartArray)
            {
                throw new DatasetException(sourceName, LineOf(lineStarts, reader.TokenStartIndex), null, $"expected a JSON array of objects, found {Describe(reader.TokenType)} (for one object per line, use a .jsonl file)");
            }

            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                var line = LineOf(lineStarts, reader.TokenStartIndex);
                using var element = JsonDocument.ParseValue(ref reader);
                rows.Add(ToRow(element.RootElement, line, sourceName));
            }

            // Reading past the array is what makes the reader reject trailing content instead of ignoring it.
            if (reader.Read())
            {
                throw new DatasetException(sourceName, LineOf(lineStarts, reader.TokenStartIndex), null, "unexpected content after the end of the JSON array");
            }
        }
        catch (JsonException ex)
        {
            throw new DatasetException(sourceName, (int)(ex.LineNumber ?? 0) + 1, null, $"not valid JSON ({Reason(ex)})", ex);
        }

        return rows;
    }

    private static List<RawRow> ReadCsv(string text, string sourceName, DatasetFieldMap map)
    {
        var records = CsvParser.Parse(text, sourceName);
        var rows = new List<RawRow>();
        if (records.Count == 0)
        {
            return rows;
        }

        var header = records[0];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in header.Cells)
        {
            if (!seen.Add(name))
            {
                throw new DatasetException(sourceName, header.Line, name, $"the header names the column '{name}' twice");
            }
        }

        // A missing column is reported once, on the header, instead of as "field missing" on every row.
        RequireColumn(map.Input);
        if (map.AnswerRequired)
        {
            RequireColumn(map.Answer);
        }

        foreach (var record in records.Skip(1))
        {
            if (record.Cells.Length != header.Cells.Length)
            {
                throw new DatasetException(sourceName, record.Line, null, $"the row has {record.Cells.Length} cells but the header has {header.Cells.Length} columns");
            }

            var values = new Dictionary<string, RawValue>(StringComparer.Ordinal);
            for (var c = 0; c < header.Cells.Length; c++)
            {
                values[header.Cells[c]] = new RawValue(record.Cells[c], null);
            }

            rows.Add(new RawRow(record.Line, values));
        }

        return rows;

        void RequireColumn(string column)
        {
            if (!seen.Contains(column))
            {
                throw new DatasetException(sourceName, header.Line, column, $"the header has no column '{column}' (columns: {string.Join(", ", header.Cells)})");
            }
        }
    }

    private static RawRow ToRow(JsonElement element, int line, string sourceName)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new DatasetException(sourceName, line, null, $"expected a JSON object, found {Describe(element.ValueKind)}");
        }

        var values = new Dictionary<string, RawValue>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            values[property.Name] = property.Value.ValueKind switch
            {
                JsonValueKind.String => new RawValue(property.Value.GetString()!, null),
                JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => new RawValue(property.Value.GetRawText(), null),
                JsonValueKind.Null => new RawValue(null, null),
                _ => new RawValue(property.Value.GetRawText(), Describe(property.Value.ValueKind)),
            };
        }

        return new RawRow(line, values);
    }

    private static ChatExample BuildExample(string sourceName, RawRow row, int index, DatasetFieldMap map)
    {
        var input = Text(map.Input, required: true, allowStructured: false)!;
        var answer = Text(map.Answer, required: map.AnswerRequired, allowStructured: false);
        var id = Text(map.Id, required: false, allowStructured: false) ?? index.ToString(CultureInfo.InvariantCulture);
        var context = Text(map.Context, required: false, allowStructured: true);

        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in row.Values)
        {
            if (value.Text is not null && name != map.Input && name != map.Answer && name != map.Id && name != map.Context)
            {
                fields[name] = value.Text;
            }
        }

        return new ChatExample(id, input, answer, context, fields);

        string? Text(string field, bool required, bool allowStructured)
        {
            if (!row.Values.TryGetValue(field, out var value) || value.Text is null)
            {
                return required ? throw new DatasetException(sourceName, row.Line, field, $"field '{field}' is missing") : null;
            }

            if (value.StructuredKind is { } kind && !allowStructured)
            {
                throw new DatasetException(sourceName, row.Line, field, $"field '{field}' must be text, a number or a boolean, not {kind}");
            }

            if (string.IsNullOrWhiteSpace(value.Text))
            {
                return required ? throw new DatasetException(sourceName, row.Line, field, $"field '{field}' is empty") : null;
            }

            return value.Text.Length > DatasetConstants.MaxExampleChars ? throw TooLong(sourceName, row.Line, field, value.Text.Length) : value.Text;
        }
    }

    private static DatasetException TooLong(string sourceName, int line, string? field, int length) => new(
        sourceName,
        line,
        field,
        $"{(field is null ? "the line" : $"field '{field}'")} is {length.ToString("N0", CultureInfo.InvariantCulture)} characters long; an example may be at most {DatasetConstants.MaxExampleChars.ToString("N0", CultureInfo.InvariantCulture)} (it is sent to the model and written into the run's records for every candidate); shorten it or leave it out");

    private static List<int> LineStarts(ReadOnlySpan<byte> utf8)
    {
        var starts = new List<int> { 0 };
        for (var i = 0; i < utf8.Length; i++)
        {
            if (utf8[i] == (byte)'\n')
            {
                starts.Add(i + 1);
            }
        }

        return starts;
    }

    private static int LineOf(List<int> lineStarts, long offset)
    {
        var i = lineStarts.BinarySearch((int)offset);
        return (i >= 0 ? i : ~i - 1) + 1;
    }

    // System.Text.Json appends "Path: … | LineNumber: … | BytePositionInLine: …", which is noise once the line is in front.
    private static string Reason(JsonException ex)
    {
        var message = ex.Message;
        foreach (var marker in new[] { " Path:", " LineNumber:" })
        {
            var cut = message.IndexOf(marker, StringComparison.Ordinal);
            if (cut > 0)
            {
                message = message[..cut];
            }
        }

        return message.Trim().TrimEnd('.');
    }

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => token.ToString(),
    };

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => kind.ToString(),
    };

    /// <summary>A field value before mapping: its text (null for JSON null) and, for objects and arrays, what it is.</summary>
    private readonly record struct RawValue(string? Text, string? StructuredKind);

    private sealed record RawRow(int Line, Dictionary<string, RawValue> Values);
}
