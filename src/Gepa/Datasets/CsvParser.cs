using System.Globalization;
using nietras.SeparatedValues;

namespace Gepa;

/// <summary>A strict RFC 4180 reader: quoted cells may hold commas, doubled quotes and line breaks.</summary>
/// <remarks>
/// <para>Sep splits the text into rows and cells: it knows quoting, and ends lines at <c>\r\n</c>, <c>\n</c> or a lone
/// <c>\r</c>. It hands each cell over raw, quotes included, and accepts any quoting (it only pairs quotes), so what stays
/// here is the strictness Sep leaves to its users: each raw cell is checked against RFC 4180 before its quotes are taken
/// off. A quote inside an unquoted cell or text after a closing quote is almost always a broken export, and guessing
/// would silently shift columns.</para>
/// <para>Every error names the line it is on, counted through the line breaks inside quoted cells. An unclosed quote
/// swallows the rest of the file into its cell, so it is reported on the line where that cell starts, not at the end of
/// the file. Completely empty lines are skipped.</para>
/// </remarks>
internal static class CsvParser
{
    private const char Quote = '"';

    /// <summary>One record and the 1-based line it starts on.</summary>
    internal readonly record struct Record(int Line, string[] Cells);

    public static List<Record> Parse(string text, string sourceName)
    {
        var records = new List<Record>();
        var line = 1;
        using var reader = Sep.New(',').Reader(o => o with { HasHeader = false, Unescape = false, DisableColCountCheck = true }).FromText(text);
        try
        {
            foreach (var row in reader)
            {
                var raw = row.Span;
                if (!raw.IsEmpty)
                {
                    var cells = new string[row.ColCount];
                    var start = 0;
                    for (var c = 0; c < cells.Length; c++)
                    {
                        var cell = row[c].Span;
                        cells[c] = Unquote(cell, raw, start, line, c + 1, sourceName);

                        // Sep trims nothing, so the cells of a row follow one another with one comma between them.
                        start += cell.Length + 1;
                    }

                    records.Add(new Record(line, cells));
                }

                line += 1 + LineBreaks(raw);
            }
        }
        catch (NotSupportedException ex)
        {
            // Sep refuses a row of more than 16 Mi characters, which is far past what an example may hold; an unclosed
            // quote in a large file is the usual way to get one.
            throw new DatasetException(sourceName, line, null, $"the row that starts here is too long to read; an example may be at most {DatasetConstants.MaxExampleChars.ToString("N0", CultureInfo.InvariantCulture)} characters (if this row should be short, a quoted cell in it is never closed)", ex);
        }

        return records;
    }

    private static string Unquote(ReadOnlySpan<char> cell, ReadOnlySpan<char> row, int start, int rowLine, int number, string sourceName)
    {
        if (cell.IsEmpty || cell[0] != Quote)
        {
            var stray = cell.IndexOf(Quote);
            return stray < 0
                ? cell.ToString()
                : throw new DatasetException(sourceName, LineAt(row, start + stray, rowLine), null, $"a quote inside unquoted cell {number}; quote the whole cell and double the inner quote (\"\")");
        }

        var close = ClosingQuote(cell);
        if (close < 0)
        {
            throw new DatasetException(sourceName, LineAt(row, start, rowLine), null, $"the quoted cell {number} that starts here is never closed (a '\"' is missing)");
        }

        if (close != cell.Length - 1)
        {
            throw new DatasetException(sourceName, LineAt(row, start + close, rowLine), null, $"unexpected text after the closing quote of cell {number}; a quote inside a quoted cell must be doubled (\"\")");
        }

        return cell[1..^1].ToString().Replace("\"\"", "\"", StringComparison.Ordinal);
    }

    /// <summary>The index of the quote that closes a quoted cell (doubled quotes are content), or -1.</summary>
    private static int ClosingQuote(ReadOnlySpan<char> cell)
    {
        for (var i = 1; i < cell.Length; i++)
        {
            if (cell[i] != Quote)
            {
                continue;
            }

            if (i + 1 < cell.Length && cell[i + 1] == Quote)
            {
                i++;
                continue;
            }

            return i;
        }

        return -1;
    }

    private static int LineAt(ReadOnlySpan<char> row, int offset, int rowLine) => rowLine + LineBreaks(row[..offset]);

    /// <summary>Counts line breaks as Sep ends rows: <c>\r\n</c>, <c>\n</c> and a lone <c>\r</c> each count once.</summary>
    private static int LineBreaks(ReadOnlySpan<char> text)
    {
        var count = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n' || (text[i] == '\r' && (i + 1 == text.Length || text[i + 1] != '\n')))
            {
                count++;
            }
        }

        return count;
    }
}
