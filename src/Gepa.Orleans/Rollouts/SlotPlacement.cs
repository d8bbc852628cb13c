namespace Gepa.Orleans;

/// <summary>Chooses the slot grain for each batch of one run so that batches spread over the silos. Slots are placed at
/// random when first called, so the executor learns which silo each slot is on from the results (each says which silo
/// ran it) and sends the next batch to a slot on the silo with the fewest of this run's batches in flight; while a
/// silo is busy and some slots have never been called, it tries one of those, which is how new silos are found.</summary>
/// <remarks>Thread-safe. A wrong guess (a slot that moved) costs nothing but balance: the result is the same wherever a
/// batch runs.</remarks>
internal sealed class SlotPlacement
{
    private readonly object _gate = new();
    private readonly int _slots;
    private readonly Dictionary<long, string> _siloOf = [];
    private readonly Dictionary<string, List<long>> _slotsOn = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _load = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _turn = new(StringComparer.Ordinal);
    private long _nextUnknown;

    /// <param name="slots">How many slot grains there are (keys 0 to <paramref name="slots"/> − 1).</param>
    public SlotPlacement(int slots)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(slots, 1);
        _slots = slots;
    }

    /// <summary>Gets how many silos have run this run's batches (at least 1): how many pieces a request is cut into at
    /// least, so that it spreads over all of them.</summary>
    public int KnownSilos
    {
        get
        {
            lock (_gate)
            {
                return Math.Max(1, _slotsOn.Count);
            }
        }
    }

    /// <summary>Picks a slot for a batch about to be sent.</summary>
    /// <returns>The slot, and the silo it is thought to be on (<see langword="null"/> for a slot never called).</returns>
    public (long Slot, string? Silo) Pick()
    {
        lock (_gate)
        {
            string? best = null;
            foreach (var (silo, _) in _slotsOn)
            {
                if (best is null || _load[silo] < _load[best] || (_load[silo] == _load[best] && string.CompareOrdinal(silo, best) < 0))
                {
                    best = silo;
                }
            }

            if ((best is null || _load[best] > 0) && NextUnknown() is { } unknown)
            {
                return (unknown, null);
            }

            if (best is null)
            {
                // Every slot was called and every silo it was on was forgotten (all lost): start again anywhere.
                return (_nextUnknown++ % _slots, null);
            }

            var on = _slotsOn[best];
            var turn = _turn[best] = (_turn[best] + 1) % on.Count;
            _load[best]++;
            return (on[turn], best);
        }
    }

    /// <summary>Records where a batch ran, and that it is no longer in flight.</summary>
    /// <param name="slot">The slot it was sent to.</param>
    /// <param name="guessed">The silo <see cref="Pick"/> thought the slot was on.</param>
    /// <param name="ran">The silo that ran it.</param>
    public void Done(long slot, string? guessed, string ran)
    {
        lock (_gate)
        {
            Release(guessed);
            if (_siloOf.TryGetValue(slot, out var was) && was == ran)
            {
                return;
            }

            Unmap(slot);
            _siloOf[slot] = ran;
            if (!_slotsOn.TryGetValue(ran, out var list))
            {
                _slotsOn[ran] = list = [];
                _load[ran] = 0;
                _turn[ran] = -1;
            }

            list.Add(slot);
        }
    }

    /// <summary>Records that a batch was lost (its silo may be gone): the silo it was thought to be on is forgotten with
    /// all its slots, which are found again where they re-activate.</summary>
    /// <param name="slot">The slot it was sent to.</param>
    /// <param name="guessed">The silo <see cref="Pick"/> thought the slot was on.</param>
    public void Lost(long slot, string? guessed)
    {
        lock (_gate)
        {
            Release(guessed);
            var silo = guessed ?? _siloOf.GetValueOrDefault(slot);
            if (silo is not null && _slotsOn.Remove(silo, out var slots))
            {
                foreach (var s in slots)
                {
                    _siloOf.Remove(s);
                }

                _load.Remove(silo);
                _turn.Remove(silo);
            }
            else
            {
                Unmap(slot);
            }
        }
    }

    private void Release(string? silo)
    {
        if (silo is not null && _load.TryGetValue(silo, out var load))
        {
            _load[silo] = Math.Max(0, load - 1);
        }
    }

    private void Unmap(long slot)
    {
        if (_siloOf.Remove(slot, out var silo) && _slotsOn.TryGetValue(silo, out var list))
        {
            list.Remove(slot);
            if (list.Count == 0)
            {
                _slotsOn.Remove(silo);
                _load.Remove(silo);
                _turn.Remove(silo);
            }
        }
    }

    private long? NextUnknown()
    {
        for (var i = 0; i < _slots; i++)
        {
            var slot = (_nextUnknown + i) % _slots;
            if (!_siloOf.ContainsKey(slot))
            {
                _nextUnknown = slot + 1;
                return slot;
            }
        }

        return null;
    }
}
