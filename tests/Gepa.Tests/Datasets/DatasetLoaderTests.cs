using System.Text;
using Xunit;

namespace Gepa.Tests.Datasets;

public sealed class DatasetLoaderTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("gepa-datasets-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string WriteFile(string name, string content, bool bom = false)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, content, new UTF8Encoding(bom));
        return path;
    }

    private static DatasetException ParseError(string text, DatasetFormat format, string source = "data/train.jsonl", DatasetFieldMap? map = null) =>
        Assert.Throws<DatasetException>(() => DatasetLoader.Parse(text, format, source, map));

    // ---- JSON Lines ----

    [Fact]
    public async Task LoadAsync_JsonLines_MapsFieldsAndKeepsExtrasAsText()
    {
        var path = WriteFile("train.jsonl",
            """
            {"id": "q1", "input": "What is 2+2?", "answer": "4", "context": "arithmetic", "label": "easy", "required": ["R01", "R02"], "weight": 1.5, "note": null}

            {"input": "Capital of France?", "answer": "Paris"}
            """,
            bom: true);

        var examples = await DatasetLoader.LoadAsync(path, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(2, examples.Count);
        var first = examples[0];
        Assert.Equal(("q1", "What is 2+2?", "4", "arithmetic"), (first.Id, first.Input, first.Answer, first.Context));
        Assert.Equal("easy", first.Fields["label"]);
        Assert.Equal("""["R01", "R02"]""", first.Fields["required"]);
        Assert.Equal("1.5", first.Fields["weight"]);
        Assert.False(first.Fields.ContainsKey("note"));
        Assert.False(first.Fields.ContainsKey("input"));
        // The second data row (index 1) has no id, so its index becomes the id.
        Assert.Equal("1", examples[1].Id);
        Assert.Null(examples[1].Context);
    }

    [Fact]
    public void Parse_JsonLinesWithCrLfAndNumericValues_ReadsNumbersAsTheirJsonText()
    {
        var examples = DatasetLoader.Parse("{\"id\": 7, \"input\": \"n?\", \"answer\": 42}\r\n{\"id\": 8, \"input\": true, \"answer\": -1.50}\r\n", DatasetFormat.JsonLines, "d.jsonl");

        Assert.Equal(["7", "8"], examples.Select(e => e.Id));
        Assert.Equal("42", examples[0].Answer);
        Assert.Equal("true", examples[1].Input);
        Assert.Equal("-1.50", examples[1].Answer);
    }

    [Fact]
    public void Parse_JsonLinesMissingAnswer_NamesFileLineAndField()
    {
        var lines = string.Join('\n', Enumerable.Range(1, 6).Select(i => $$"""{"id": "{{i}}", "input": "x", "answer": "y"}""")) + "\n{\"id\": \"7\", \"input\": \"x\"}\n";

        var error = ParseError(lines, DatasetFormat.JsonLines);

        Assert.Equal("data/train.jsonl line 7: field 'answer' is missing", error.Message);
        Assert.Equal("data/train.jsonl", error.SourceName);
        Assert.Equal(7, error.LineNumber);
        Assert.Equal("answer", error.FieldName);
    }

    [Fact]
    public void Parse_JsonLinesNullAnswer_IsMissing()
    {
        var error = ParseError("""{"input": "x", "answer": null}""", DatasetFormat.JsonLines);

        Assert.Equal("data/train.jsonl line 1: field 'answer' is missing", error.Message);
    }

    [Fact]
    public void Parse_JsonLinesInvalidJson_NamesLineAndReason()
    {
        var error = ParseError("{\"input\": \"a\", \"answer\": \"b\"}\n\n{\"input\": \"a\", \"answer\": }\n", DatasetFormat.JsonLines);

        Assert.StartsWith("data/train.jsonl line 3: not valid JSON (", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("LineNumber", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, error.LineNumber);
    }

    [Fact]
    public void Parse_JsonLinesLineIsNotAnObject_SaysWhatItFound()
    {
        var error = ParseError("[1, 2]\n", DatasetFormat.JsonLines);

        Assert.Equal("data/train.jsonl line 1: expected a JSON object, found an array", error.Message);
    }

    [Fact]
    public void Parse_EmptyInput_IsAnError()
    {
        var error = ParseError("""{"input": "  ", "answer": "b"}""", DatasetFormat.JsonLines);

        Assert.Equal("data/train.jsonl line 1: field 'input' is empty", error.Message);
        Assert.Equal("input", error.FieldName);
    }

    [Fact]
    public void Parse_ObjectAsAnswer_IsAnError()
    {
        var error = ParseError("""{"input": "a", "answer": {"x": 1}}""", DatasetFormat.JsonLines);

        Assert.Equal("data/train.jsonl line 1: field 'answer' must be text, a number or a boolean, not an object", error.Message);
    }

    [Fact]
    public void Parse_ObjectAsContext_IsKeptAsJsonText()
    {
        var examples = DatasetLoader.Parse("""{"input": "a", "answer": "b", "context": {"doc": "d"}}""", DatasetFormat.JsonLines, "d.jsonl");

        Assert.Equal("""{"doc": "d"}""", examples[0].Context);
    }

    [Fact]
    public void Parse_AnswerNotRequired_AllowsRowsWithoutAnswer()
    {
        var map = new DatasetFieldMap { AnswerRequired = false };

        var examples = DatasetLoader.Parse("""{"input": "judge me"}""", DatasetFormat.JsonLines, "d.jsonl", map);

        Assert.Null(Assert.Single(examples).Answer);
    }

    [Fact]
    public void Parse_CustomFieldMap_ReadsMappedFieldsAndKeepsDefaultNamesAsExtras()
    {
        var map = new DatasetFieldMap { Input = "question", Answer = "label", Id = "qid", Context = "passage" };

        var example = Assert.Single(DatasetLoader.Parse("""{"qid": "x9", "question": "Q", "label": "L", "passage": "P", "input": "ignored"}""", DatasetFormat.JsonLines, "d.jsonl", map));

        Assert.Equal(("x9", "Q", "L", "P"), (example.Id, example.Input, example.Answer, example.Context));
        Assert.Equal("ignored", example.Fields["input"]);
    }

    [Fact]
    public void Parse_FieldMapWithSharedField_IsRejected()
    {
        var map = new DatasetFieldMap { Answer = "input" };

        var error = Assert.Throws<ArgumentException>(() => DatasetLoader.Parse("""{"input": "a"}""", DatasetFormat.JsonLines, "d.jsonl", map));

        Assert.Contains("DatasetFieldMap.Input and DatasetFieldMap.Answer both name the field 'input'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_DuplicateIds_NamesBothLines()
    {
        var error = ParseError("{\"id\": \"a\", \"input\": \"1\", \"answer\": \"1\"}\n{\"id\": \"b\", \"input\": \"2\", \"answer\": \"2\"}\n\n{\"id\": \"a\", \"input\": \"3\", \"answer\": \"3\"}\n", DatasetFormat.JsonLines);

        Assert.Equal("data/train.jsonl line 4: duplicate id 'a' (already used on line 1)", error.Message);
        Assert.Equal("id", error.FieldName);
    }

    [Fact]
    public void Parse_ExplicitIdCollidingWithRowIndex_IsADuplicate()
    {
        // Row 0 has no id and becomes "0"; row 1 says "0" explicitly.
        var error = ParseError("{\"input\": \"1\", \"answer\": \"1\"}\n{\"id\": \"0\", \"input\": \"2\", \"answer\": \"2\"}\n", DatasetFormat.JsonLines);

        Assert.Equal("data/train.jsonl line 2: duplicate id '0' (already used on line 1)", error.Message);
    }

    [Fact]
    public void Parse_EmptyContent_IsAnError()
    {
        var error = ParseError("\n\n", DatasetFormat.JsonLines);

        Assert.Equal("data/train.jsonl: the file contains no examples", error.Message);
        Assert.Null(error.LineNumber);
    }

    // ---- JSON array ----

    [Fact]
    public void Parse_JsonArray_ReadsObjectsSpanningLines()
    {
        var examples = DatasetLoader.Parse(
            """
            [
              {"id": "a", "input": "one", "answer": "1"},
              {
                "id": "b",
                "input": "two",
                "answer": "2"
              },
            ]
            """,
            DatasetFormat.JsonArray,
            "d.json");

        Assert.Equal(["a", "b"], examples.Select(e => e.Id));
        Assert.Equal("two", examples[1].Input);
    }

    [Fact]
    public void Parse_JsonArrayRowError_NamesTheLineWhereTheObjectStarts()
    {
        var error = ParseError(
            """
            [
              {"input": "one", "answer": "1"},
              {
                "input": "two"
              }
            ]
            """,
            DatasetFormat.JsonArray,
            "data/dev.json");

        Assert.Equal("data/dev.json line 3: field 'answer' is missing", error.Message);
    }

    [Fact]
    public void Parse_JsonArraySyntaxError_NamesTheLine()
    {
        var error = ParseError("[\n  {\"input\": \"one\", \"answer\": \"1\"},\n  {\"input\": \"two\" \"answer\": \"2\"}\n]", DatasetFormat.JsonArray, "data/dev.json");

        Assert.StartsWith("data/dev.json line 3: not valid JSON (", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_JsonArrayOfNonObjects_IsAnError()
    {
        var error = ParseError("[\n\"just text\"\n]", DatasetFormat.JsonArray, "data/dev.json");

        Assert.Equal("data/dev.json line 2: expected a JSON object, found a string", error.Message);
    }

    [Fact]
    public void Parse_JsonFileThatIsNotAnArray_SuggestsJsonLines()
    {
        var error = ParseError("{\"input\": \"a\", \"answer\": \"b\"}", DatasetFormat.JsonArray, "data/dev.json");

        Assert.Equal("data/dev.json line 1: expected a JSON array of objects, found an object (for one object per line, use a .jsonl file)", error.Message);
    }

    [Fact]
    public void Parse_JsonArrayWithTrailingContent_IsAnError()
    {
        var error = ParseError("[{\"input\": \"a\", \"answer\": \"b\"}]\n[]", DatasetFormat.JsonArray, "data/dev.json");

        Assert.StartsWith("data/dev.json line 2: not valid JSON ('[' is invalid after a single JSON value", error.Message, StringComparison.Ordinal);
    }

    // ---- CSV ----

    [Fact]
    public void Parse_Csv_HandlesQuotesCommasAndNewlines()
    {
        var csv = "id,input,answer,topic\r\n"
            + "1,\"Hello, world\",\"He said \"\"hi\"\"\",greeting\r\n"
            + "b,\"line one\nline two\",two,\r\n"
            + ",plain,3,misc\r\n";

        var examples = DatasetLoader.Parse(csv, DatasetFormat.Csv, "data/train.csv");

        Assert.Equal(3, examples.Count);
        Assert.Equal("Hello, world", examples[0].Input);
        Assert.Equal("He said \"hi\"", examples[0].Answer);
        Assert.Equal("greeting", examples[0].Fields["topic"]);
        Assert.Equal("line one\nline two", examples[1].Input);
        Assert.Equal(string.Empty, examples[1].Fields["topic"]);
        // An empty id cell falls back to the row index.
        Assert.Equal("2", examples[2].Id);
    }

    [Fact]
    public void Parse_CsvRowError_CountsLinesInsideQuotedCells()
    {
        // The record on line 2 spans lines 2–3, so the bad record starts on line 4.
        var csv = "input,answer\n\"multi\nline\",a\nonly-input,\n";

        var error = ParseError(csv, DatasetFormat.Csv, "data/train.csv");

        Assert.Equal("data/train.csv line 4: field 'answer' is empty", error.Message);
        Assert.Equal("answer", error.FieldName);
    }

    [Fact]
    public void Parse_CsvHeaderWithoutAnswerColumn_ReportsTheHeaderLine()
    {
        var error = ParseError("input,label\nq,a\n", DatasetFormat.Csv, "data/train.csv");

        Assert.Equal("data/train.csv line 1: the header has no column 'answer' (columns: input, label)", error.Message);
        Assert.Equal("answer", error.FieldName);
    }

    [Fact]
    public void Parse_CsvRowWithWrongCellCount_IsAnError()
    {
        var error = ParseError("input,answer\nq,a\nq,a,extra\n", DatasetFormat.Csv, "data/train.csv");

        Assert.Equal("data/train.csv line 3: the row has 3 cells but the header has 2 columns", error.Message);
    }

    [Fact]
    public void Parse_CsvDuplicateHeader_IsAnError()
    {
        var error = ParseError("input,answer,input\nq,a,b\n", DatasetFormat.Csv, "data/train.csv");

        Assert.Equal("data/train.csv line 1: the header names the column 'input' twice", error.Message);
    }

    [Fact]
    public void Parse_CsvDuplicateIds_NamesBothLines()
    {
        var error = ParseError("id,input,answer\nx,q,a\ny,q,a\nx,q,a\n", DatasetFormat.Csv, "data/train.csv");

        Assert.Equal("data/train.csv line 4: duplicate id 'x' (already used on line 2)", error.Message);
    }

    [Fact]
    public async Task LoadAsync_CsvWithByteOrderMark_ReadsTheFirstColumnName()
    {
        var path = WriteFile("train.csv", "input,answer\nq,a\n", bom: true);

        var example = Assert.Single(await DatasetLoader.LoadAsync(path, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(("q", "a"), (example.Input, example.Answer));
    }

    [Fact]
    public async Task LoadAsync_CsvNotUtf8_NamesTheLine()
    {
        var path = Path.Combine(_directory, "bad.csv");
        await File.WriteAllBytesAsync(path, [.. "input,answer\nq,a\n\"multi\nline\",caf"u8, 0xE9, (byte)'\n'], TestContext.Current.CancellationToken);

        var error = await Assert.ThrowsAsync<DatasetException>(() => DatasetLoader.LoadAsync(path, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(4, error.LineNumber);
        Assert.StartsWith($"{path} line 4: the file is not UTF-8 text", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_CsvOversizedCell_NamesTheLineAndTheField()
    {
        var csv = "input,answer\nq,a\n\"multi\nline\"," + new string('x', 1_000_001) + "\n";

        var error = ParseError(csv, DatasetFormat.Csv, "data/train.csv");

        Assert.Equal(3, error.LineNumber);
        Assert.Equal("answer", error.FieldName);
        Assert.StartsWith("data/train.csv line 3: field 'answer' is 1,000,001 characters long", error.Message, StringComparison.Ordinal);
    }

    // ---- files, formats, splits ----

    [Theory]
    [InlineData("train.jsonl", "{\"input\": \"q\", \"answer\": \"a\"}\n")]
    [InlineData("train.ndjson", "{\"input\": \"q\", \"answer\": \"a\"}\n")]
    [InlineData("train.json", "[{\"input\": \"q\", \"answer\": \"a\"}]")]
    [InlineData("train.CSV", "input,answer\nq,a\n")]
    public async Task LoadAsync_ChoosesTheFormatFromTheExtension(string name, string content)
    {
        var examples = await DatasetLoader.LoadAsync(WriteFile(name, content), cancellationToken: TestContext.Current.CancellationToken);

        var example = Assert.Single(examples);
        Assert.Equal(("0", "q", "a"), (example.Id, example.Input, example.Answer));
    }

    [Fact]
    public async Task LoadAsync_ExplicitFormat_OverridesTheExtension()
    {
        var path = WriteFile("data.txt", "input,answer\nq,a\n");

        var examples = await DatasetLoader.LoadAsync(path, format: DatasetFormat.Csv, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Single(examples);
    }

    [Fact]
    public async Task LoadAsync_UnknownExtension_AsksForAFormat()
    {
        var path = WriteFile("data.txt", "x");

        var error = await Assert.ThrowsAsync<DatasetException>(() => DatasetLoader.LoadAsync(path, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal($"{path}: cannot tell the format from the extension '.txt'; use .jsonl, .json or .csv, or give the format explicitly", error.Message);
    }

    [Fact]
    public async Task LoadAsync_MissingFile_NamesTheFile()
    {
        var path = Path.Combine(_directory, "nope.jsonl");

        var error = await Assert.ThrowsAsync<DatasetException>(() => DatasetLoader.LoadAsync(path, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal($"{path}: the file does not exist", error.Message);
    }

    [Fact]
    public async Task LoadAsync_InvalidUtf8_IsAnError()
    {
        var path = Path.Combine(_directory, "bad.jsonl");
        await File.WriteAllBytesAsync(path, [(byte)'{', 0xC3, 0x28, (byte)'}'], TestContext.Current.CancellationToken);

        var error = await Assert.ThrowsAsync<DatasetException>(() => DatasetLoader.LoadAsync(path, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(1, error.LineNumber);
        Assert.StartsWith($"{path} line 1: the file is not UTF-8 text", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoadAsync_InvalidUtf8OnALaterLine_NamesThatLine()
    {
        var path = Path.Combine(_directory, "bad.jsonl");
        byte[] bytes = [.. "{\"input\": \"a\", \"answer\": \"b\"}\n"u8, .. "{\"input\": \""u8, 0xE9, .. "\", \"answer\": \"b\"}\n"u8];
        await File.WriteAllBytesAsync(path, bytes, TestContext.Current.CancellationToken);

        var error = await Assert.ThrowsAsync<DatasetException>(() => DatasetLoader.LoadAsync(path, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(2, error.LineNumber);
    }

    [Fact]
    public async Task LoadAsync_OversizedLine_RefusedNamingTheLine()
    {
        var path = Path.Combine(_directory, "big.jsonl");
        await File.WriteAllTextAsync(path, "{\"input\": \"a\", \"answer\": \"b\"}\n{\"input\": \"" + new string('x', 1_200_000) + "\", \"answer\": \"b\"}\n", TestContext.Current.CancellationToken);

        var error = await Assert.ThrowsAsync<DatasetException>(() => DatasetLoader.LoadAsync(path, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(2, error.LineNumber);
        Assert.Contains("an example may be at most 1,000,000", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoadAsync_Directory_SaysItIsADirectory()
    {
        var folder = Path.Combine(_directory, "sub.jsonl");
        Directory.CreateDirectory(folder);

        var error = await Assert.ThrowsAsync<DatasetException>(() => DatasetLoader.LoadAsync(folder, cancellationToken: TestContext.Current.CancellationToken));

        Assert.EndsWith("is a directory, not a file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoadSplitsAsync_ReadsEachFileAndLeavesAbsentSplitsEmpty()
    {
        var train = WriteFile("train.jsonl", "{\"id\": \"t1\", \"input\": \"q\", \"answer\": \"a\"}\n{\"id\": \"t2\", \"input\": \"q\", \"answer\": \"a\"}\n");
        var validation = WriteFile("val.csv", "id,input,answer\nv1,q,a\n");

        var splits = await DatasetLoader.LoadSplitsAsync(train, validation, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(["t1", "t2"], splits.Train.Select(e => e.Id));
        Assert.Equal(["v1"], splits.Validation.Select(e => e.Id));
        Assert.Empty(splits.Test);
    }

    [Fact]
    public async Task LoadSplitsAsync_BadTestFile_NamesThatFile()
    {
        var train = WriteFile("train.jsonl", "{\"input\": \"q\", \"answer\": \"a\"}\n");
        var test = WriteFile("test.jsonl", "{\"input\": \"q\"}\n");

        var error = await Assert.ThrowsAsync<DatasetException>(() => DatasetLoader.LoadSplitsAsync(train, testPath: test, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal($"{test} line 1: field 'answer' is missing", error.Message);
    }

    private static ChatExample[] Numbered(int count) =>
        [.. Enumerable.Range(0, count).Select(i => new ChatExample($"e{i}", $"input {i}", $"{i}"))];

    [Fact]
    public void Split_SameSeed_GivesTheSameSplit()
    {
        var examples = Numbered(50);

        var a = DatasetLoader.Split(examples, 0.6, 0.2, 0.2, seed: 7);
        var b = DatasetLoader.Split(examples, 0.6, 0.2, 0.2, seed: 7);

        Assert.Equal(a.Train.Select(e => e.Id), b.Train.Select(e => e.Id));
        Assert.Equal(a.Validation.Select(e => e.Id), b.Validation.Select(e => e.Id));
        Assert.Equal(a.Test.Select(e => e.Id), b.Test.Select(e => e.Id));
    }

    [Fact]
    public void Split_DifferentSeeds_GiveDifferentSplits()
    {
        var examples = Numbered(50);

        var a = DatasetLoader.Split(examples, 0.5, 0.5, 0, seed: 1);
        var b = DatasetLoader.Split(examples, 0.5, 0.5, 0, seed: 2);

        Assert.NotEqual(a.Train.Select(e => e.Id), b.Train.Select(e => e.Id));
    }

    [Fact]
    public void Split_Seed42_MatchesThePinnedSplitMix64Shuffle()
    {
        // Computed independently (Python SplitMix64, Lemire multiply-high, Fisher–Yates from the end): the shuffled
        // order is [8, 3, 6, 5, 4, 0, 9, 2, 1, 7]. This pins the algorithm so a seed means the same split forever.
        var splits = DatasetLoader.Split(Numbered(10), 0.6, 0.2, 0.2, seed: 42);

        Assert.Equal(["e0", "e3", "e4", "e5", "e6", "e8"], splits.Train.Select(e => e.Id));
        Assert.Equal(["e2", "e9"], splits.Validation.Select(e => e.Id));
        Assert.Equal(["e1", "e7"], splits.Test.Select(e => e.Id));
    }

    [Fact]
    public void Split_PartitionsWithoutOverlapAndKeepsFileOrder()
    {
        var examples = Numbered(23);

        var splits = DatasetLoader.Split(examples, 0.7, 0.2, 0.1, seed: 3);

        // Cumulative rounding: round(16.1) = 16, round(20.7) = 21, round(23) = 23.
        Assert.Equal((16, 5, 2), (splits.Train.Count, splits.Validation.Count, splits.Test.Count));
        var all = splits.Train.Concat(splits.Validation).Concat(splits.Test).Select(e => e.Id).ToList();
        Assert.Equal(examples.Select(e => e.Id).Order(), all.Order());
        foreach (var split in new[] { splits.Train, splits.Validation, splits.Test })
        {
            var indices = split.Select(e => int.Parse(e.Id[1..], System.Globalization.CultureInfo.InvariantCulture)).ToList();
            Assert.Equal(indices.Order(), indices);
        }
    }

    [Fact]
    public void Split_RatiosBelowOne_LeaveTheRestOut()
    {
        var splits = DatasetLoader.Split(Numbered(10), 0.3, 0.2, 0, seed: 0);

        Assert.Equal((3, 2, 0), (splits.Train.Count, splits.Validation.Count, splits.Test.Count));
    }

    [Fact]
    public void Split_RatiosAboveOne_AreRejected()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => DatasetLoader.Split(Numbered(10), 0.7, 0.2, 0.2, seed: 0));

        Assert.Contains("they must sum to at most 1", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-0.1, 0.2, 0.2, "trainRatio")]
    [InlineData(0.0, 0.2, 0.2, "trainRatio")]
    [InlineData(0.5, 1.5, 0.0, "validationRatio")]
    [InlineData(0.5, 0.2, double.NaN, "testRatio")]
    public void Split_RatioOutOfRange_NamesTheRatio(double train, double validation, double test, string name)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => DatasetLoader.Split(Numbered(10), train, validation, test, seed: 0));

        Assert.Equal(name, error.ParamName);
    }

    [Fact]
    public void Split_TrainingSplitWouldBeEmpty_IsAnError()
    {
        var error = Assert.Throws<ArgumentException>(() => DatasetLoader.Split(Numbered(3), 0.1, 0.9, 0, seed: 0));

        Assert.Contains("leaves no training examples", error.Message, StringComparison.Ordinal);
    }
}
