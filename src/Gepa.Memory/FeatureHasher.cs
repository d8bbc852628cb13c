namespace Gepa;

/// <summary>The signed feature hashing both built-in embedders share: each term goes to one of <c>dimensions</c> slots by
/// its FNV-1a hash, with a sign from the hash's top bit (so collisions cancel on average), weighted 1 + ln(count), and
/// the vector is L2-normalized.</summary>
internal static class FeatureHasher
{
    /// <summary>Hashes terms into a unit vector.</summary>
    /// <param name="terms">The terms, with repeats.</param>
    /// <param name="dimensions">The vector length.</param>
    /// <returns>The unit vector (all zeros without terms).</returns>
    public static float[] Embed(IEnumerable<string> terms, int dimensions)
    {
        var counts = new Dictionary<int, int>();
        foreach (var term in terms)
        {
            var h = Fnv1a(term);
            var slot = (int)(h % (uint)dimensions);
            var sign = (h & 0x8000_0000u) == 0 ? 1 : -1;
            counts[slot * sign] = counts.GetValueOrDefault(slot * sign) + 1;
        }

        var vector = new float[dimensions];
        foreach (var (key, count) in counts)
        {
            var weight = 1 + MathF.Log(count);
            vector[Math.Abs(key)] += key < 0 ? -weight : weight;
        }

        var norm = MathF.Sqrt(vector.Sum(v => v * v));
        if (norm > 0)
        {
            for (var i = 0; i < vector.Length; i++)
            {
                vector[i] /= norm;
            }
        }

        return vector;
    }

    private static uint Fnv1a(string word)
    {
        var h = 2166136261u;
        foreach (var c in word)
        {
            h = (h ^ c) * 16777619u;
        }

        return h;
    }
}
