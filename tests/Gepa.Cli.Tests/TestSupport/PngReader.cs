using System.Buffers.Binary;
using System.IO.Compression;

namespace Gepa.Cli.Tests.TestSupport;

/// <summary>Decodes 8-bit RGB or RGBA, non-interlaced PNG files (ours and Chromium's screenshots), checking every chunk's
/// CRC, so that tests can look at pixels.</summary>
public sealed class PngReader
{
    private readonly byte[] _pixels;
    private readonly int _channels;

    private PngReader(int width, int height, int channels, byte[] pixels)
    {
        Width = width;
        Height = height;
        _channels = channels;
        _pixels = pixels;
    }

    public int Width { get; }

    public int Height { get; }

    public static PngReader Read(byte[] png)
    {
        byte[] signature = [137, 80, 78, 71, 13, 10, 26, 10];
        if (!png.AsSpan(0, 8).SequenceEqual(signature))
        {
            throw new InvalidDataException("not a PNG");
        }

        int width = 0, height = 0, channels = 0;
        using var idat = new MemoryStream();
        for (var at = 8; at < png.Length;)
        {
            var length = (int)BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(at));
            var type = System.Text.Encoding.ASCII.GetString(png, at + 4, 4);
            var crc = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(at + 8 + length));
            if (crc != Crc32(png.AsSpan(at + 4, length + 4)))
            {
                throw new InvalidDataException($"bad CRC in {type}");
            }

            var data = png.AsSpan(at + 8, length);
            if (type == "IHDR")
            {
                width = (int)BinaryPrimitives.ReadUInt32BigEndian(data);
                height = (int)BinaryPrimitives.ReadUInt32BigEndian(data[4..]);
                if (data[8] != 8 || data[12] != 0)
                {
                    throw new InvalidDataException("only 8-bit, non-interlaced images");
                }

                channels = data[9] switch { 2 => 3, 6 => 4, _ => throw new InvalidDataException($"colour type {data[9]}") };
            }
            else if (type == "IDAT")
            {
                idat.Write(data);
            }

            at += 12 + length;
        }

        idat.Position = 0;
        using var z = new ZLibStream(idat, CompressionMode.Decompress);
        using var raw = new MemoryStream();
        z.CopyTo(raw);
        var bytes = raw.ToArray();
        var stride = width * channels;
        var pixels = new byte[height * stride];
        for (var y = 0; y < height; y++)
        {
            var filter = bytes[y * (stride + 1)];
            for (var x = 0; x < stride; x++)
            {
                var v = bytes[(y * (stride + 1)) + 1 + x];
                int a = x >= channels ? pixels[(y * stride) + x - channels] : 0;
                int b = y > 0 ? pixels[((y - 1) * stride) + x] : 0;
                int c = x >= channels && y > 0 ? pixels[((y - 1) * stride) + x - channels] : 0;
                pixels[(y * stride) + x] = (byte)(filter switch
                {
                    0 => v,
                    1 => v + a,
                    2 => v + b,
                    3 => v + ((a + b) / 2),
                    4 => v + Paeth(a, b, c),
                    _ => throw new InvalidDataException($"filter {filter}"),
                });
            }
        }

        return new PngReader(width, height, channels, pixels);
    }

    public (byte R, byte G, byte B) Pixel(int x, int y)
    {
        var i = ((y * Width) + x) * _channels;
        return (_pixels[i], _pixels[i + 1], _pixels[i + 2]);
    }

    /// <summary>Counts the pixels within <paramref name="tolerance"/> of a colour.</summary>
    public int Count((byte R, byte G, byte B) color, int tolerance = 12)
    {
        var n = 0;
        for (var y = 0; y < Height; y++)
        {
            for (var x = 0; x < Width; x++)
            {
                var (r, g, b) = Pixel(x, y);
                if (Math.Abs(r - color.R) <= tolerance && Math.Abs(g - color.G) <= tolerance && Math.Abs(b - color.B) <= tolerance)
                {
                    n++;
                }
            }
        }

        return n;
    }

    private static int Paeth(int a, int b, int c)
    {
        var p = a + b - c;
        int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    /// <summary>The CRC-32 PNG chunks carry (ISO 3309), bit by bit: a test decoder needs no speed.</summary>
    private static uint Crc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var i = 0; i < 8; i++)
            {
                crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
            }
        }

        return crc ^ 0xFFFFFFFFu;
    }
}
