using System.Collections;

namespace Gepa;

/// <summary>A set of ints that iterates exactly as a CPython (3.11+) <c>set</c> of ints does: in hash-table slot order,
/// which depends on the set's whole history (insertion order, growth, collisions, deletions and how it was made).</summary>
/// <remarks>The reference walks sets of candidate indexes and validation ids when it builds its parent-sampling list,
/// removes dominated candidates and picks merge pairs and ancestors, so a port reproduces its random draws only if it
/// walks them in the same order. Ascending order agrees only while every member is below the table size (8 for a small
/// set): <c>{4, 8}</c> iterates as <c>[8, 4]</c>. This is a transcription of <c>Objects/setobject.c</c> for int keys
/// (an int's hash is itself, except -1 which hashes to -2); each method names the CPython routine it mirrors.</remarks>
internal sealed class PythonIntSet : IReadOnlyCollection<int>
{
    private const int MinSize = 8;
    private const int LinearProbes = 9;
    private const int PerturbShift = 5;

    // Entry states: an empty slot ends a probe sequence; a dummy (a deleted entry) does not.
    private const byte Empty = 0;
    private const byte Active = 1;
    private const byte Dummy = 2;

    private int[] _keys = new int[MinSize];
    private byte[] _states = new byte[MinSize];
    private int _mask = MinSize - 1;
    private int _fill; // active + dummy slots
    private int _used; // active slots

    /// <summary>Creates an empty set (<c>set()</c>).</summary>
    public PythonIntSet()
    {
    }

    /// <summary>Creates a set by adding <paramref name="items"/> one by one, as <c>set(a_list)</c>, a set literal or a set
    /// comprehension does.</summary>
    public PythonIntSet(IEnumerable<int> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        foreach (var item in items)
        {
            Add(item);
        }
    }

    /// <summary>The number of members (<c>len(s)</c>).</summary>
    public int Count => _used;

    /// <summary>Whether <paramref name="key"/> is a member (<c>key in s</c>).</summary>
    public bool Contains(int key) => Lookup(key) >= 0;

    /// <summary>Adds <paramref name="key"/> (<c>s.add(key)</c>, CPython's <c>set_add_entry</c>).</summary>
    public void Add(int key)
    {
        var hash = Hash(key);
        var mask = (ulong)_mask;
        var i = hash & mask;
        var perturb = hash;
        var freeslot = -1;
        while (true)
        {
            var probes = i + LinearProbes <= mask ? LinearProbes : 0;
            var e = (int)i;
            while (true)
            {
                switch (_states[e])
                {
                    case Empty:
                        if (freeslot >= 0)
                        {
                            // Reuse the last dummy passed on the way (CPython overwrites freeslot at every dummy).
                            _keys[freeslot] = key;
                            _states[freeslot] = Active;
                            _used++;
                            return;
                        }

                        _keys[e] = key;
                        _states[e] = Active;
                        _fill++;
                        _used++;
                        if ((ulong)_fill * 5 >= mask * 3)
                        {
                            Resize(_used > 50000 ? _used * 2 : _used * 4);
                        }

                        return;
                    case Dummy:
                        freeslot = e;
                        break;
                    default:
                        if (_keys[e] == key)
                        {
                            return;
                        }

                        break;
                }

                if (probes-- == 0)
                {
                    break;
                }

                e++;
            }

            perturb >>= PerturbShift;
            i = ((i * 5) + 1 + perturb) & mask;
        }
    }

    /// <summary>Removes <paramref name="key"/> if present, leaving a dummy in its slot (<c>s.discard(key)</c>).</summary>
    /// <returns>Whether it was a member.</returns>
    public bool Discard(int key)
    {
        var slot = Lookup(key);
        if (slot < 0)
        {
            return false;
        }

        _states[slot] = Dummy;
        _used--;
        return true;
    }

    /// <summary>Removes every member and returns to the 8-slot table (<c>s.clear()</c>).</summary>
    public void Clear()
    {
        _keys = new int[MinSize];
        _states = new byte[MinSize];
        _mask = MinSize - 1;
        _fill = 0;
        _used = 0;
    }

    /// <summary>A new set with the same members (<c>set(s)</c> or <c>s.copy()</c>): CPython merges into an empty set,
    /// which keeps the slot layout when the table size stays the same and there are no dummies.</summary>
    public PythonIntSet Copy()
    {
        var result = new PythonIntSet();
        result.Update(this);
        return result;
    }

    /// <summary>Adds every member of <paramref name="other"/>, walked in its slot order (<c>s |= other</c>,
    /// <c>s.update(other)</c>; CPython's <c>set_merge</c>).</summary>
    public void Update(PythonIntSet other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (ReferenceEquals(other, this) || other._used == 0)
        {
            return;
        }

        // One resize up front, expecting few overlapping keys.
        if ((long)(_fill + other._used) * 5 >= (long)_mask * 3)
        {
            Resize((_used + other._used) * 2);
        }

        if (_fill == 0 && _mask == other._mask && other._fill == other._used)
        {
            // Same size, no dummies: slot-for-slot copy.
            Array.Copy(other._keys, _keys, _keys.Length);
            Array.Copy(other._states, _states, _states.Length);
            _fill = other._fill;
            _used = other._used;
            return;
        }

        if (_fill == 0)
        {
            _fill = other._used;
            _used = other._used;
            for (var k = 0; k <= other._mask; k++)
            {
                if (other._states[k] == Active)
                {
                    InsertClean(_keys, _states, _mask, other._keys[k]);
                }
            }

            return;
        }

        for (var k = 0; k <= other._mask; k++)
        {
            if (other._states[k] == Active)
            {
                Add(other._keys[k]);
            }
        }
    }

    /// <summary>A new set with the members of both (<c>s | other</c>): a copy of this set, then <see cref="Update"/>.</summary>
    public PythonIntSet Union(PythonIntSet other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var result = Copy();
        if (!ReferenceEquals(other, this))
        {
            result.Update(other);
        }

        return result;
    }

    /// <summary>A new set with the members in both (<c>s &amp; other</c>, CPython's <c>set_intersection</c>): walks the
    /// smaller set (the right operand when they are the same size) and adds its members found in the other.</summary>
    public PythonIntSet Intersect(PythonIntSet other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (ReferenceEquals(other, this))
        {
            return Copy();
        }

        var (big, small) = other._used > _used ? (other, this) : (this, other);
        var result = new PythonIntSet();
        foreach (var key in small)
        {
            if (big.Contains(key))
            {
                result.Add(key);
            }
        }

        return result;
    }

    /// <summary>A new set with the members not in <paramref name="other"/> (<c>s - other</c>, CPython's
    /// <c>set_difference</c>): filters this set into a new one, or, when this set is more than four times larger,
    /// copies it and discards the other's members.</summary>
    public PythonIntSet Except(PythonIntSet other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if ((_used >> 2) > other._used)
        {
            var copy = Copy();
            copy.ExceptWith(other);
            return copy;
        }

        var result = new PythonIntSet();
        foreach (var key in this)
        {
            if (!other.Contains(key))
            {
                result.Add(key);
            }
        }

        return result;
    }

    /// <summary>Removes the members of <paramref name="other"/> (<c>s -= other</c>, CPython's
    /// <c>set_difference_update_internal</c>), then rebuilds the table if more than a quarter of it is dummies.</summary>
    public void ExceptWith(PythonIntSet other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (ReferenceEquals(other, this))
        {
            Clear();
            return;
        }

        // When the other set is more than 8 times larger, CPython walks the intersection instead.
        var walk = (other._used >> 3) > _used ? Intersect(other) : other;
        foreach (var key in walk)
        {
            Discard(key);
        }

        if (_fill - _used > _mask / 4)
        {
            Resize(_used > 50000 ? _used * 2 : _used * 4);
        }
    }

    /// <summary>Walks the members in slot order, as CPython iterates a set.</summary>
    public IEnumerator<int> GetEnumerator()
    {
        var keys = _keys;
        var states = _states;
        for (var k = 0; k < states.Length; k++)
        {
            if (states[k] == Active)
            {
                yield return keys[k];
            }
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>CPython's int hash for a small int: the int itself, except that -1 is reserved and becomes -2.</summary>
    private static ulong Hash(int key) => unchecked((ulong)(long)(key == -1 ? -2 : key));

    /// <summary>The slot holding <paramref name="key"/>, or -1 (CPython's <c>set_lookkey</c>; dummies never match).</summary>
    private int Lookup(int key)
    {
        var hash = Hash(key);
        var mask = (ulong)_mask;
        var i = hash & mask;
        var perturb = hash;
        while (true)
        {
            var probes = i + LinearProbes <= mask ? LinearProbes : 0;
            var e = (int)i;
            while (true)
            {
                if (_states[e] == Empty)
                {
                    return -1;
                }

                if (_states[e] == Active && _keys[e] == key)
                {
                    return e;
                }

                if (probes-- == 0)
                {
                    break;
                }

                e++;
            }

            perturb >>= PerturbShift;
            i = ((i * 5) + 1 + perturb) & mask;
        }
    }

    /// <summary>CPython's <c>set_table_resize</c>: a table of the smallest power of two above
    /// <paramref name="minUsed"/> (at least 8), refilled by walking the old table in slot order.</summary>
    private void Resize(int minUsed)
    {
        var newSize = MinSize;
        while (newSize <= minUsed)
        {
            newSize <<= 1;
        }

        if (newSize == MinSize && _keys.Length == MinSize && _fill == _used)
        {
            return; // a small table without dummies is left as it is
        }

        var keys = new int[newSize];
        var states = new byte[newSize];
        for (var k = 0; k < _states.Length; k++)
        {
            if (_states[k] == Active)
            {
                InsertClean(keys, states, newSize - 1, _keys[k]);
            }
        }

        _keys = keys;
        _states = states;
        _mask = newSize - 1;
        _fill = _used;
    }

    /// <summary>CPython's <c>set_insert_clean</c>: places a key known to be absent into a table without dummies.</summary>
    private static void InsertClean(int[] keys, byte[] states, int tableMask, int key)
    {
        var hash = Hash(key);
        var mask = (ulong)tableMask;
        var i = hash & mask;
        var perturb = hash;
        while (true)
        {
            if (states[i] == Empty)
            {
                keys[i] = key;
                states[i] = Active;
                return;
            }

            if (i + LinearProbes <= mask)
            {
                for (var j = 1; j <= LinearProbes; j++)
                {
                    if (states[i + (ulong)j] == Empty)
                    {
                        keys[i + (ulong)j] = key;
                        states[i + (ulong)j] = Active;
                        return;
                    }
                }
            }

            perturb >>= PerturbShift;
            i = ((i * 5) + 1 + perturb) & mask;
        }
    }
}
