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

    [Fact]
    public void Parse_CrLfLineEndings_GiveTheSameCellsAndLinesAsLf()
    {
        var crlf = CsvParser.Parse("h1,h2\r\nx,\"a\r\nb\"\r\ny,z\r\n", "f.csv");

        Assert.Equal([1, 2, 4], crlf.Select(r => r.Line));
        Assert.Equal(["x", "a\r\nb"], crlf[1].Cells);
        Assert.Equal(["y", "z"], crlf[2].Cells);
    }

    [Fact]
    public void Parse_WhitespaceOnlyLine_IsARecordOfOneCell()
    {
        var records = CsvParser.Parse("a,b\n \nc,d\n", "f.csv");

        Assert.Equal([1, 2, 3], records.Select(r => r.Line));
        Assert.Equal([" "], records[1].Cells);
    }

    [Fact]
    public void Parse_EmptyOrBlankText_GivesNoRecords()
    {
        Assert.Empty(CsvParser.Parse(string.Empty, "f.csv"));
        Assert.Empty(CsvParser.Parse("\n\r\n\n", "f.csv"));
    }

    [Fact]
    public void Parse_RecordAfterAMultiLineCell_StartsOnTheLineAfterTheCell()
    {
        var records = CsvParser.Parse("h\n\"a\nb\nc\"\nnext\n", "f.csv");

        Assert.Equal([1, 2, 5], records.Select(r => r.Line));
        Assert.Equal(["a\nb\nc"], records[1].Cells);
    }

    [Fact]
    public void Parse_UnclosedQuoteAfterAMultiLineCell_NamesTheLineWhereItsCellStarts()
    {
        var error = Assert.Throws<DatasetException>(() => CsvParser.Parse("h1,h2,h3\nx,\"a\nb\",\"never\nclosed", "data/t.csv"));

        Assert.Equal("data/t.csv line 3: the quoted cell 3 that starts here is never closed (a '\"' is missing)", error.Message);
        Assert.Equal(3, error.LineNumber);
    }

    [Fact]
    public void Parse_DoubledQuoteAtTheEndOfAnOpenCell_LeavesItUnclosed()
    {
        var error = Assert.Throws<DatasetException>(() => CsvParser.Parse("h\n\"abc\"\"\n", "data/t.csv"));

        Assert.Equal("data/t.csv line 2: the quoted cell 1 that starts here is never closed (a '\"' is missing)", error.Message);
    }

    [Fact]
    public void Parse_QuoteInsideUnquotedCellAfterAMultiLineCell_NamesTheLineOfTheQuote()
    {
        var error = Assert.Throws<DatasetException>(() => CsvParser.Parse("h1,h2,h3\nx,\"a\nb\",c\"d\n", "data/t.csv"));

        Assert.Equal("data/t.csv line 3: a quote inside unquoted cell 3; quote the whole cell and double the inner quote (\"\")", error.Message);
    }

    [Fact]
    public void Parse_SpaceBeforeAnOpeningQuote_IsAQuoteInsideAnUnquotedCell()
    {
        var error = Assert.Throws<DatasetException>(() => CsvParser.Parse("h1,h2\n \"a\",b\n", "data/t.csv"));

        Assert.Equal("data/t.csv line 2: a quote inside unquoted cell 1; quote the whole cell and double the inner quote (\"\")", error.Message);
    }

    [Fact]
    public void Parse_SpaceAfterAClosingQuote_IsTextAfterTheQuote()
    {
        var error = Assert.Throws<DatasetException>(() => CsvParser.Parse("h1,h2\nx,\"a\" \n", "data/t.csv"));

        Assert.Equal("data/t.csv line 2: unexpected text after the closing quote of cell 2; a quote inside a quoted cell must be doubled (\"\")", error.Message);
    }

    [Fact]
    public void Parse_TextAfterTheClosingQuoteOfAMultiLineCell_NamesTheLineOfTheQuote()
    {
        var error = Assert.Throws<DatasetException>(() => CsvParser.Parse("h1,h2\nx,\"a\nb\"c,d\n", "data/t.csv"));

        Assert.StartsWith("data/t.csv line 3: unexpected text after the closing quote of cell 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ErrorInALaterRow_ComesAfterTheRowsBeforeIt()
    {
        // The first error in the text is the one reported, so a user fixes the file top to bottom.
        var error = Assert.Throws<DatasetException>(() => CsvParser.Parse("h1,h2\na\"b,c\n\"open,d\n", "data/t.csv"));

        Assert.StartsWith("data/t.csv line 2: a quote inside unquoted cell 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_LoneCarriageReturn_EndsALineAsInOldMacExports()
    {
        var records = CsvParser.Parse("h1,h2\rx,\"a\rb\"\ry,z", "f.csv");

        Assert.Equal([1, 2, 4], records.Select(r => r.Line));
        Assert.Equal(["x", "a\rb"], records[1].Cells);
    }

    [Fact]
    public void Parse_RowPastTheReadersLimit_IsRefusedOnTheLineWhereItStarts()
    {
        // An unclosed quote early in a big file makes the rest of the file one row.
        var text = "h1,h2\nx,y\n\"open," + new string('x', 17 * 1024 * 1024) + "\n";

        var error = Assert.Throws<DatasetException>(() => CsvParser.Parse(text, "data/t.csv"));

        Assert.Equal("data/t.csv line 3: the row that starts here is too long to read; an example may be at most 1,000,000 characters (if this row should be short, a quoted cell in it is never closed)", error.Message);
    }
}
