using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Gepa.Simulation;

/// <summary>The multi-hop simulation's only source of chance: u(s) = the first 8 bytes of SHA-256(UTF-8 of s),
/// big-endian, shifted right by 11, over 2^53 (the same function as RuleWorld's), and a counter-based stream of draws.</summary>
internal sealed class SimHash(string seed)
{
    private long _counter;

    /// <summary>u(s), a double in [0, 1), exact in every language.</summary>
    /// <param name="s">The text to hash.</param>
    /// <returns>The value.</returns>
    public static double U(string s)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(s), hash);
        return (BinaryPrimitives.ReadUInt64BigEndian(hash) >> 11) / 9007199254740992.0;
    }

    /// <summary>The next draw in [0, n): floor(u(seed|counter) · n), the counter counting from 0.</summary>
    /// <param name="n">The range.</param>
    /// <returns>The draw.</returns>
    public int Next(int n) => (int)(U($"{seed}|{_counter++}") * n);

    /// <summary>Picks an item.</summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="items">The items.</param>
    /// <returns>One of them.</returns>
    public T Pick<T>(IReadOnlyList<T> items) => items[Next(items.Count)];
}
