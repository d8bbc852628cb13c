namespace Gepa;

/// <summary>A port of CPython's <c>random.Random</c> (MT19937 seeded with <c>init_by_array</c>), so that a run makes
/// the same random choices as the Python reference for the same seed.</summary>
/// <remarks>Not thread-safe: the engine owns one instance and uses it from one logical flow.</remarks>
public sealed class PythonRandom
{
    private const int N = 624;
    private const int M = 397;
    private readonly uint[] _mt = new uint[N];
    private int _index = N + 1;

    /// <summary>Initializes a generator exactly as <c>random.Random(seed)</c> does for an integer seed.</summary>
    /// <param name="seed">The seed; its absolute value is used, as in CPython.</param>
    public PythonRandom(long seed)
    {
        var n = seed == long.MinValue ? (ulong)long.MaxValue + 1 : (ulong)Math.Abs(seed);
        var key = new List<uint>();
        while (n != 0)
        {
            key.Add((uint)(n & 0xffffffff));
            n >>= 32;
        }

        if (key.Count == 0)
        {
            key.Add(0);
        }

        InitByArray(key);
    }

    private PythonRandom(uint[] state, int index)
    {
        state.CopyTo(_mt, 0);
        _index = index;
    }

    /// <summary>Returns the next 32 random bits.</summary>
    /// <returns>A uniformly distributed 32-bit value.</returns>
    public uint NextUInt32()
    {
        if (_index >= N)
        {
            for (var kk = 0; kk < N; kk++)
            {
                var y = (_mt[kk] & 0x80000000u) | (_mt[(kk + 1) % N] & 0x7fffffffu);
                _mt[kk] = _mt[(kk + M) % N] ^ (y >> 1) ^ ((y & 1) != 0 ? 0x9908b0dfu : 0u);
            }

            _index = 0;
        }

        var z = _mt[_index++];
        z ^= z >> 11;
        z ^= (z << 7) & 0x9d2c5680u;
        z ^= (z << 15) & 0xefc60000u;
        z ^= z >> 18;
        return z;
    }

    /// <summary>Returns <paramref name="k"/> random bits, as <c>getrandbits(k)</c> for k ≤ 32.</summary>
    /// <param name="k">The number of bits, 0 to 32.</param>
    /// <returns>A value below 2^k.</returns>
    public uint GetRandBits(int k)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(k, 32);
        return k == 0 ? 0 : NextUInt32() >> (32 - k);
    }

    /// <summary>Returns a double in [0, 1), as <c>random()</c>.</summary>
    /// <returns>The next value.</returns>
    public double NextDouble()
    {
        var a = NextUInt32() >> 5;
        var b = NextUInt32() >> 6;
        return ((a * 67108864.0) + b) * (1.0 / 9007199254740992.0);
    }

    /// <summary>Returns an integer in [0, n), as <c>_randbelow(n)</c>; it consumes a draw even for n = 1.</summary>
    /// <param name="n">The exclusive upper bound, at least 1.</param>
    /// <returns>The next value.</returns>
    public int RandBelow(int n)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        var k = 32 - System.Numerics.BitOperations.LeadingZeroCount((uint)n);
        var r = GetRandBits(k);
        while (r >= (uint)n)
        {
            r = GetRandBits(k);
        }

        return (int)r;
    }

    /// <summary>Returns an integer in [a, b], as <c>randint(a, b)</c>.</summary>
    /// <param name="a">The inclusive lower bound.</param>
    /// <param name="b">The inclusive upper bound.</param>
    /// <returns>The next value.</returns>
    public int RandInt(int a, int b) => a + RandBelow(b - a + 1);

    /// <summary>Returns a random element, as <c>choice(seq)</c>.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="items">A non-empty list.</param>
    /// <returns>The chosen element.</returns>
    public T Choice<T>(IReadOnlyList<T> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        if (items.Count == 0)
        {
            throw new ArgumentException("Cannot choose from an empty list.", nameof(items));
        }

        return items[RandBelow(items.Count)];
    }

    /// <summary>Shuffles a list in place, as <c>shuffle(x)</c>.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="items">The list to shuffle.</param>
    public void Shuffle<T>(IList<T> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        for (var i = items.Count - 1; i > 0; i--)
        {
            var j = RandBelow(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    /// <summary>Returns <paramref name="k"/> distinct elements in selection order, as <c>sample(population, k)</c>.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="population">The population.</param>
    /// <param name="k">How many to take, at most the population's size.</param>
    /// <returns>The sample.</returns>
    public IReadOnlyList<T> Sample<T>(IReadOnlyList<T> population, int k)
    {
        ArgumentNullException.ThrowIfNull(population);
        var n = population.Count;
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        if (k > n)
        {
            throw new ArgumentOutOfRangeException(nameof(k), k, $"Sample larger than population ({n}).");
        }

        var setSize = 21;
        if (k > 5)
        {
            // 4 ** ceil(log(3k, 4)), computed as CPython does (through floating-point log).
            setSize += (int)Math.Pow(4, Math.Ceiling(Math.Log(k * 3) / Math.Log(4)));
        }

        var result = new T[k];
        if (n <= setSize)
        {
            var pool = population.ToArray();
            for (var i = 0; i < k; i++)
            {
                var j = RandBelow(n - i);
                result[i] = pool[j];
                pool[j] = pool[n - i - 1];
            }
        }
        else
        {
            var selected = new HashSet<int>();
            for (var i = 0; i < k; i++)
            {
                var j = RandBelow(n);
                while (!selected.Add(j))
                {
                    j = RandBelow(n);
                }

                result[i] = population[j];
            }
        }

        return result;
    }

    /// <summary>Returns <paramref name="k"/> elements chosen with replacement, as <c>choices(population, weights, k=k)</c>.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="population">The population.</param>
    /// <param name="weights">Relative weights parallel to the population, or <see langword="null"/> for uniform.</param>
    /// <param name="k">How many to take.</param>
    /// <returns>The chosen elements.</returns>
    /// <exception cref="ArgumentException">The weights do not sum to more than zero.</exception>
    public IReadOnlyList<T> Choices<T>(IReadOnlyList<T> population, IReadOnlyList<double>? weights = null, int k = 1)
    {
        ArgumentNullException.ThrowIfNull(population);
        var n = population.Count;
        var result = new T[k];
        if (weights is null)
        {
            for (var i = 0; i < k; i++)
            {
                result[i] = population[(int)Math.Floor(NextDouble() * n)];
            }

            return result;
        }

        if (weights.Count != n)
        {
            throw new ArgumentException("The number of weights does not match the population.", nameof(weights));
        }

        var cumulative = new double[n];
        var total = 0.0;
        for (var i = 0; i < n; i++)
        {
            total += weights[i];
            cumulative[i] = total;
        }

        if (!(total > 0.0))
        {
            throw new ArgumentException("Total of weights must be greater than zero.", nameof(weights));
        }

        for (var i = 0; i < k; i++)
        {
            result[i] = population[BisectRight(cumulative, NextDouble() * total, n - 1)];
        }

        return result;
    }

    /// <summary>Captures the generator's full state, so that a resumed run continues the same sequence.</summary>
    /// <returns>The 624 state words followed by the position.</returns>
    public uint[] GetState()
    {
        var state = new uint[N + 1];
        _mt.CopyTo(state, 0);
        state[N] = (uint)_index;
        return state;
    }

    /// <summary>Restores a generator from <see cref="GetState"/>.</summary>
    /// <param name="state">The captured state.</param>
    /// <returns>A generator that continues where the captured one was.</returns>
    public static PythonRandom FromState(IReadOnlyList<uint> state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Count != N + 1 || state[N] > N + 1)
        {
            throw new ArgumentException("Not a generator state: expected 625 words with a valid position.", nameof(state));
        }

        return new PythonRandom([.. state.Take(N)], (int)state[N]);
    }

    private static int BisectRight(double[] a, double x, int hi)
    {
        var lo = 0;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (x < a[mid])
            {
                hi = mid;
            }
            else
            {
                lo = mid + 1;
            }
        }

        return lo;
    }

    private void InitGenRand(uint s)
    {
        _mt[0] = s;
        for (var i = 1; i < N; i++)
        {
            _mt[i] = unchecked((1812433253u * (_mt[i - 1] ^ (_mt[i - 1] >> 30))) + (uint)i);
        }

        _index = N;
    }

    private void InitByArray(List<uint> key)
    {
        InitGenRand(19650218u);
        int i = 1, j = 0;
        for (var k = Math.Max(N, key.Count); k > 0; k--)
        {
            _mt[i] = unchecked((_mt[i] ^ ((_mt[i - 1] ^ (_mt[i - 1] >> 30)) * 1664525u)) + key[j] + (uint)j);
            i++;
            j++;
            if (i >= N)
            {
                _mt[0] = _mt[N - 1];
                i = 1;
            }

            if (j >= key.Count)
            {
                j = 0;
            }
        }

        for (var k = N - 1; k > 0; k--)
        {
            _mt[i] = unchecked((_mt[i] ^ ((_mt[i - 1] ^ (_mt[i - 1] >> 30)) * 1566083941u)) - (uint)i);
            i++;
            if (i >= N)
            {
                _mt[0] = _mt[N - 1];
                i = 1;
            }
        }

        _mt[0] = 0x80000000u;
    }
}
