namespace Gepa;

/// <summary>Buffers <see cref="ParetoSelection"/> reuses from one sampling list to the next, so that rebuilding the list
/// after each change of the pool allocates only the list itself.</summary>
/// <remarks>Not thread-safe: one per pool, used under the pool's own ordering.</remarks>
internal sealed class SamplingScratch
{
    private bool[] _flags = [];
    private bool[] _dominated = [];
    private int[] _counts = [];
    private int[] _survivors = [];
    private int[] _frontsOf = [];
    private int[] _fill = [];
    private int[] _frequency = [];

    /// <summary>A list of candidates in the order first seen, cleared by the caller.</summary>
    public List<int> FirstSeen { get; } = [];

    /// <summary>A list of surviving candidates in the order first seen, cleared by the caller.</summary>
    public List<int> Order { get; } = [];

    /// <summary>A cleared flag per candidate.</summary>
    public bool[] Flags(int n) => Cleared(ref _flags, n);

    /// <summary>A cleared "dominated" flag per candidate.</summary>
    public bool[] Dominated(int n) => Cleared(ref _dominated, n);

    /// <summary>A zeroed count per candidate (and one more slot).</summary>
    public int[] Counts(int n) => Cleared(ref _counts, n);

    /// <summary>A survivor count per front (every slot is written by the caller).</summary>
    public int[] Survivors(int n) => Sized(ref _survivors, n);

    /// <summary>The packed fronts of every candidate (every slot is written by the caller).</summary>
    public int[] FrontsOf(int n) => Sized(ref _frontsOf, n);

    /// <summary>A fill position per candidate (every slot is written by the caller).</summary>
    public int[] Fill(int n) => Sized(ref _fill, n);

    /// <summary>A zeroed number of keys won per candidate.</summary>
    public int[] Frequency(int n) => Cleared(ref _frequency, n);

    private int[] _members = [];

    /// <summary>A front's members for a walk that only counts: the list when there is one, else the set's members
    /// copied into a buffer that the next call overwrites.</summary>
    public ReadOnlySpan<int> Members(PythonIntSet front, List<int>? members)
    {
        if (members is not null)
        {
            return System.Runtime.InteropServices.CollectionsMarshal.AsSpan(members);
        }

        var buffer = Sized(ref _members, front.Count);
        var i = 0;
        foreach (var p in front)
        {
            buffer[i++] = p;
        }

        return buffer.AsSpan(0, i);
    }

    private static T[] Sized<T>(ref T[] buffer, int n)
    {
        if (buffer.Length < n)
        {
            buffer = new T[Math.Max(n, buffer.Length * 2)];
        }

        return buffer;
    }

    private static T[] Cleared<T>(ref T[] buffer, int n)
    {
        Sized(ref buffer, n);
        Array.Clear(buffer, 0, n);
        return buffer;
    }
}
