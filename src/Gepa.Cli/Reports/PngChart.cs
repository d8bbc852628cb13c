using System.Globalization;
using System.IO.Compression;

namespace Gepa.Cli.Reports;

/// <summary>Draws the best-score curve as a PNG with nothing but the base library: a small RGB raster, the
/// <see cref="PixelFont"/> for labels, and a PNG encoder over <see cref="ZLibStream"/>.</summary>
internal sealed class PngChart
{
    private static readonly uint[] CrcTable = BuildCrcTable();
    private readonly byte[] _rgb;

    /// <summary>Initializes a white canvas.</summary>
    /// <param name="width">The width in pixels.</param>
    /// <param name="height">The height in pixels.</param>
    public PngChart(int width, int height)
    {
        Width = width;
        Height = height;
        _rgb = new byte[width * height * 3];
        Array.Fill(_rgb, (byte)255);
    }

    /// <summary>Gets the width.</summary>
    public int Width { get; }

    /// <summary>Gets the height.</summary>
    public int Height { get; }

    /// <summary>Draws a run's best-score curve.</summary>
    /// <param name="data">The run.</param>
    /// <returns>The PNG file's bytes.</returns>
    public static byte[] ScoreCurve(RunReportData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        const int W = 960, H = 480, L = 86, R = 30, T = 84, B = 74;
        var c = new PngChart(W, H);
        var curve = data.BestCurve();
        var xMax = Math.Max(1, Math.Max(data.Budget ?? 0, data.State.Checkpoint.TotalMetricCalls));
        var (yMin, yMax) = HtmlReport.ScoreRange(data.Means);
        int X(double v) => (int)Math.Round(L + ((W - L - R) * v / xMax));
        int Y(double v) => (int)Math.Round(T + ((H - T - B) * (1 - ((v - yMin) / (yMax - yMin)))));
        (byte, byte, byte) grid = (234, 238, 244), ink = (71, 85, 105), accent = (79, 70, 229);

        c.Text("BEST VALIDATION SCORE VS ROLLOUTS", L, 22, 3, (15, 23, 42));
        foreach (var t in HtmlReport.Ticks(yMin, yMax, 5))
        {
            c.Line(L, Y(t), W - R, Y(t), 1, grid);
            var label = t.ToString("0.##", CultureInfo.InvariantCulture);
            c.Text(label, L - 10 - (label.Length * 12), Y(t) - 7, 2, ink);
        }

        foreach (var t in HtmlReport.Ticks(0, xMax, 8))
        {
            c.Line(X(t), T, X(t), H - B, 1, grid);
            var label = t.ToString("0", CultureInfo.InvariantCulture);
            c.Text(label, X(t) - (label.Length * 6), H - B + 12, 2, ink);
        }

        c.Line(L, H - B, W - R, H - B, 2, ink);
        c.Line(L, T, L, H - B, 2, ink);
        c.Text("ROLLOUTS", ((W + L - R) / 2) - 48, H - 30, 2, ink);
        foreach (var p in data.Proposals.Where(p => p.Decision != ProposalRecord.Accepted))
        {
            c.Line(X(Math.Min(p.Rollouts, xMax)), H - B + 2, X(Math.Min(p.Rollouts, xMax)), H - B + 8, 1, (248, 150, 150));
        }

        for (var i = 1; i < curve.Count; i++)
        {
            c.Line(X(curve[i - 1].Rollouts), Y(curve[i - 1].Score), X(curve[i].Rollouts), Y(curve[i - 1].Score), 3, accent);
            c.Line(X(curve[i].Rollouts), Y(curve[i - 1].Score), X(curve[i].Rollouts), Y(curve[i].Score), 3, accent);
        }

        foreach (var (x, k) in data.Discoveries())
        {
            var color = k == 0 ? ((byte)100, (byte)116, (byte)139) : data.Pool[k].Parents.Length > 1 ? ((byte)147, (byte)51, (byte)234) : accent;
            c.Disc(X(x), Y(data.Means[k]), k == data.Best ? 8 : 6, (255, 255, 255));
            c.Disc(X(x), Y(data.Means[k]), k == data.Best ? 6 : 4, k == data.Best ? ((byte)245, (byte)158, (byte)11) : color);
        }

        var best = $"BEST {data.Means[data.Best].ToString("0.###", CultureInfo.InvariantCulture)} (#{data.Best})  SEED {data.Means[0].ToString("0.###", CultureInfo.InvariantCulture)}";
        c.Text(best, L, 52, 2, (79, 70, 229));
        return c.Encode();
    }

    /// <summary>Gets a pixel.</summary>
    /// <param name="x">The column.</param>
    /// <param name="y">The row.</param>
    /// <returns>Its colour.</returns>
    public (byte R, byte G, byte B) Pixel(int x, int y)
    {
        var i = ((y * Width) + x) * 3;
        return (_rgb[i], _rgb[i + 1], _rgb[i + 2]);
    }

    /// <summary>Sets a pixel (ignored outside the canvas).</summary>
    /// <param name="x">The column.</param>
    /// <param name="y">The row.</param>
    /// <param name="color">The colour.</param>
    public void Set(int x, int y, (byte R, byte G, byte B) color)
    {
        if (x < 0 || y < 0 || x >= Width || y >= Height)
        {
            return;
        }

        var i = ((y * Width) + x) * 3;
        (_rgb[i], _rgb[i + 1], _rgb[i + 2]) = color;
    }

    /// <summary>Draws a straight line of a thickness (Bresenham, with a square brush).</summary>
    /// <param name="x0">The start column.</param>
    /// <param name="y0">The start row.</param>
    /// <param name="x1">The end column.</param>
    /// <param name="y1">The end row.</param>
    /// <param name="thickness">The thickness in pixels.</param>
    /// <param name="color">The colour.</param>
    public void Line(int x0, int y0, int x1, int y1, int thickness, (byte, byte, byte) color)
    {
        int dx = Math.Abs(x1 - x0), dy = -Math.Abs(y1 - y0), sx = x0 < x1 ? 1 : -1, sy = y0 < y1 ? 1 : -1, err = dx + dy;
        var lo = -(thickness - 1) / 2;
        while (true)
        {
            for (var a = lo; a < lo + thickness; a++)
            {
                for (var b = lo; b < lo + thickness; b++)
                {
                    Set(x0 + a, y0 + b, color);
                }
            }

            if (x0 == x1 && y0 == y1)
            {
                return;
            }

            var e2 = 2 * err;
            if (e2 >= dy)
            {
                err += dy;
                x0 += sx;
            }

            if (e2 <= dx)
            {
                err += dx;
                y0 += sy;
            }
        }
    }

    /// <summary>Fills a disc.</summary>
    /// <param name="cx">The centre column.</param>
    /// <param name="cy">The centre row.</param>
    /// <param name="r">The radius.</param>
    /// <param name="color">The colour.</param>
    public void Disc(int cx, int cy, int r, (byte, byte, byte) color)
    {
        for (var y = -r; y <= r; y++)
        {
            for (var x = -r; x <= r; x++)
            {
                if ((x * x) + (y * y) <= (r * r) + r)
                {
                    Set(cx + x, cy + y, color);
                }
            }
        }
    }

    /// <summary>Writes text with the pixel font.</summary>
    /// <param name="text">The text.</param>
    /// <param name="x">The left edge.</param>
    /// <param name="y">The top edge.</param>
    /// <param name="scale">The pixel size (a glyph is 5×7 of them, 6 wide with its spacing).</param>
    /// <param name="color">The colour.</param>
    public void Text(string text, int x, int y, int scale, (byte, byte, byte) color)
    {
        ArgumentNullException.ThrowIfNull(text);
        for (var i = 0; i < text.Length; i++)
        {
            for (var gy = 0; gy < PixelFont.Height; gy++)
            {
                for (var gx = 0; gx < PixelFont.Width; gx++)
                {
                    if (!PixelFont.IsSet(text[i], gx, gy))
                    {
                        continue;
                    }

                    for (var a = 0; a < scale; a++)
                    {
                        for (var b = 0; b < scale; b++)
                        {
                            Set(x + (((i * (PixelFont.Width + 1)) + gx) * scale) + a, y + (gy * scale) + b, color);
                        }
                    }
                }
            }
        }
    }

    /// <summary>Encodes the canvas as a PNG (8-bit RGB, no filtering, zlib-compressed).</summary>
    /// <returns>The file's bytes.</returns>
    public byte[] Encode()
    {
        using var png = new MemoryStream();
        png.Write([137, 80, 78, 71, 13, 10, 26, 10]);
        var header = new byte[13];
        WriteBigEndian(header, 0, (uint)Width);
        WriteBigEndian(header, 4, (uint)Height);
        header[8] = 8; // bit depth
        header[9] = 2; // colour type: RGB
        Chunk(png, "IHDR", header);
        using (var raw = new MemoryStream())
        {
            using (var z = new ZLibStream(raw, CompressionLevel.Optimal, leaveOpen: true))
            {
                for (var y = 0; y < Height; y++)
                {
                    z.WriteByte(0); // filter: none
                    z.Write(_rgb, y * Width * 3, Width * 3);
                }
            }

            Chunk(png, "IDAT", raw.ToArray());
        }

        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    /// <summary>Computes the CRC-32 PNG chunks carry.</summary>
    /// <param name="data">The bytes.</param>
    /// <returns>The CRC.</returns>
    public static uint Crc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return crc ^ 0xFFFFFFFFu;
    }

    private static void Chunk(Stream png, string type, byte[] data)
    {
        var length = new byte[4];
        WriteBigEndian(length, 0, (uint)data.Length);
        png.Write(length);
        var body = new byte[4 + data.Length];
        System.Text.Encoding.ASCII.GetBytes(type, body);
        data.CopyTo(body, 4);
        png.Write(body);
        var crc = new byte[4];
        WriteBigEndian(crc, 0, Crc32(body));
        png.Write(crc);
    }

    private static void WriteBigEndian(byte[] buffer, int offset, uint value) =>
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(offset), value);

    private static uint[] BuildCrcTable()
    {
        var table = new uint[256];
        for (var n = 0u; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }
}
