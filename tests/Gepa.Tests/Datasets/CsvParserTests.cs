using Xunit;

namespace Gepa.Tests.Datasets;

public sealed class CsvParserTests
{
    [Fact]
    public void Parse_QuotedCells_KeepCommasQuotesAndLineBreaks()
    {
        var records = CsvParser.Parse("a,\"b,c\",\"say \"\"x\"\"\"\r\n\"1\r\n2\",,\"\"\n", "f.csv");

        Assert.Equal(2, records.Count);
        Assert.Equal(["a", "b,c", "say \"x\""], records[0].Cells);
        Assert.Equal(["1\r\n2", string.Empty, string.Empty], records[1].Cells);
        Assert.Equal((1, 2), (records[0].Line, records[1].Line));
    }

    [Fact]
    public void Parse_BlankLinesAndMissingFinalNewline_AreHandled()
    {
        var records = CsvParser.Parse("\n\na,b\n\r\n\nc,d", "f.csv");

        Assert.Equal([3, 6], records.Select(r => r.Line));
        Assert.Equal(["c", "d"], records[1].Cells);
    }

    [Fact]
    public void Parse_TrailingComma_GivesAnEmptyLastCell()
    {
        var record = Assert.Single(CsvParser.Parse("a,b,", "f.csv"));

        Assert.Equal(["a", "b", string.Empty], record.Cells);
    }

    [Fact]
    public void Parse_UnclosedQuote_NamesTheLineWhereTheCellStarts()
    {
        var error = Assert.Throws<DatasetException>(() => CsvParser.Parse("h1,h2\nx,\"never\nclosed\n", "data/t.csv"));

        Assert.Equal("data/t.csv line 2: the quoted cell 2 that starts here is never closed (a '\"' is missing)", error.Message);
    }

    [Fact]
    public void Parse_QuoteInsideUnquotedCell_IsAnError()
    {
        var error = Assert.Throws<DatasetException>(() => CsvParser.Parse("h1,h2\nx,a \"b\" c\n", "data/t.csv"));

        Assert.Equal("data/t.csv line 2: a quote inside unquoted cell 2; quote the whole cell and double the inner quote (\"\")", error.Message);
    }

    [Fact]
    public void Parse_TextAfterClosingQuote_IsAnError()
    {
        var error = Assert.Throws<DatasetException>(() => CsvParser.Parse("\"a\"b,c\n", "data/t.csv"));

        Assert.StartsWith("data/t.csv line 1: unexpected text after the closing quote of cell 1", error.Message, StringComparison.Ordinal);
    }
}
