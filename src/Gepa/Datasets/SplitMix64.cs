namespace Gepa;

/// <summary>A tiny, fully specified random generator (SplitMix64) so that dataset splits never change between .NET versions.</summary>
/// <remarks><see cref="Random"/> with a seed is not guaranteed to give the same sequence on every runtime; a split must
/// be reproducible forever from its seed, so the generator is spelled out here.</remarks>
internal sealed class SplitMix64(ulong seed)
{
    private ulong _state = seed;

    public ulong NextUInt64()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Returns an integer in [0, <paramref name="exclusiveMax"/>) by Lemire's multiply-high; the bias is below 2^-32 for any dataset size.</summary>
    public int NextInt(int exclusiveMax) => (int)Math.BigMul(NextUInt64(), (ulong)exclusiveMax, out _);

    /// <summary>Fisher–Yates shuffle, from the last position down, as in most references.</summary>
    public void Shuffle<T>(T[] items)
    {
        for (var i = items.Length - 1; i > 0; i--)
        {
            var j = NextInt(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}
