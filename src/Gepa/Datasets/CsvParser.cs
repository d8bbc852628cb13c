using System.Text;

namespace Gepa;

/// <summary>A strict RFC 4180 reader: quoted cells may hold commas, doubled quotes and line breaks.</summary>
/// <remarks>Strict on purpose: a quote inside an unquoted cell or text after a closing quote is almost always a
/// broken export, and guessing would silently shift columns. Completely empty lines are skipped.</remarks>
internal static class CsvParser
{
    /// <summary>One record and the 1-based line it starts on.</summary>
    internal readonly record struct Record(int Line, string[] Cells);

    public static List<Record> Parse(string text, string sourceName)
    {
        var records = new List<Record>();
        var cells = new List<string>();
        var cell = new StringBuilder();
        var i = 0;
        var line = 1;
        while (i < text.Length)
        {
            if (IsLineEnd(text, i, out var blankLength))
            {
                i += blankLength;
                line++;
                continue;
            }

            var recordLine = line;
            cells.Clear();
            while (true)
            {
                cell.Clear();
                if (i < text.Length && text[i] == '"')
                {
                    var cellLine = line;
                    i++;
                    while (true)
                    {
                        if (i >= text.Length)
                        {
                            throw new DatasetException(sourceName, cellLine, null, $"the quoted cell {cells.Count + 1} that starts here is never closed (a '\"' is missing)");
                        }

                        var c = text[i];
                        if (c == '"')
                        {
                            if (i + 1 < text.Length && text[i + 1] == '"')
                            {
                                cell.Append('"');
                                i += 2;
                                continue;
                            }

                            i++;
                            break;
                        }

                        if (c == '\n')
                        {
                            line++;
                        }

                        cell.Append(c);
                        i++;
                    }

                    if (i < text.Length && text[i] != ',' && !IsLineEnd(text, i, out _))
                    {
                        throw new DatasetException(sourceName, line, null, $"unexpected text after the closing quote of cell {cells.Count + 1}; a quote inside a quoted cell must be doubled (\"\")");
                    }
                }
                else
                {
                    while (i < text.Length && text[i] != ',' && !IsLineEnd(text, i, out _))
                    {
                        if (text[i] == '"')
                        {
                            throw new DatasetException(sourceName, line, null, $"a quote inside unquoted cell {cells.Count + 1}; quote the whole cell and double the inner quote (\"\")");
                        }

                        cell.Append(text[i]);
                        i++;
                    }
                }

                cells.Add(cell.ToString());
                if (i < text.Length && text[i] == ',')
                {
                    i++;
                    continue;
                }

                if (IsLineEnd(text, i, out var endLength))
                {
                    i += endLength;
                    line++;
                }

                break;
            }

            records.Add(new Record(recordLine, [.. cells]));
        }

        return records;
    }

    private static bool IsLineEnd(string text, int i, out int length)
    {
        length = i < text.Length && text[i] == '\n' ? 1 : i + 1 < text.Length && text[i] == '\r' && text[i + 1] == '\n' ? 2 : 0;
        return length > 0;
    }
}
