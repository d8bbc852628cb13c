using System.Buffers;
using System.Buffers.Binary;
using System.Collections;
using System.Globalization;
using System.Text.Json;

namespace Gepa;

/// <summary>Writes the parts of the engine's checkpoint that only grow (the pool with its validation scores, the
/// evaluation cache, the adaptive policy's observed training scores) as append-only journals, so that a checkpoint
/// writes what changed since the previous one, and <c>state.json</c> keeps only the small rest (counters, random state,
/// sampler and policy state) with the journals' marks.</summary>
/// <remarks>What changed is found without walking history: a candidate's validation scores only grow (the engine adds
/// scores, never replaces one), so their count says whether there is anything new. The cache and the observed scores are
/// compared entry by entry, and their journals are replayed last-wins.</remarks>
internal sealed class CheckpointJournal : IDisposable
{
    /// <summary>The pool journal's file name.</summary>
    public const string PoolFileName = "pool.jsonl";

    /// <summary>The evaluation-cache journal's file name.</summary>
    public const string CacheFileName = "cache.jsonl";

    /// <summary>The observed-training-score journal's file name.</summary>
    public const string ObservedFileName = "observed.jsonl";

    /// <summary>The property of the adaptive policy's state that <c>observed.jsonl</c> holds.</summary>
    public const string TrainScoresProperty = "TrainScores";

    private readonly Func<byte[], byte[]> _redact;
    private readonly List<BitArray> _scored = [];
    private readonly List<int> _scoredCount = [];
    private readonly List<int> _objectivesCount = [];
    private readonly Dictionary<(string Hash, string Split, int Id), (double Score, bool Trace)> _cached = [];
    private readonly Dictionary<int, Dictionary<int, double>> _observed = [];

    /// <summary>Creates the journals of a directory.</summary>
    /// <param name="directory">The run directory.</param>
    /// <param name="redact">Applied to every line before it is written (the directory's secret redaction).</param>
    public CheckpointJournal(string directory, Func<byte[], byte[]> redact)
    {
        _redact = redact;
        Pool = new JournalFile(Path.Combine(directory, PoolFileName));
        Cache = new JournalFile(Path.Combine(directory, CacheFileName));
        Observed = new JournalFile(Path.Combine(directory, ObservedFileName));
    }

    /// <summary>Gets <c>pool.jsonl</c>.</summary>
    public JournalFile Pool { get; }

    /// <summary>Gets <c>cache.jsonl</c>.</summary>
    public JournalFile Cache { get; }

    /// <summary>Gets <c>observed.jsonl</c>.</summary>
    public JournalFile Observed { get; }

    /// <summary>Gets the three journals.</summary>
    public IReadOnlyList<JournalFile> Files => [Pool, Cache, Observed];

    /// <summary>Starts from a saved state: what its journals cover counts as written. A state of the first format (the
    /// whole checkpoint in <c>state.json</c>) has written nothing to the journals, so its first save writes everything.</summary>
    /// <param name="state">The state read back (with its checkpoint rebuilt from the journals), or <see langword="null"/>.</param>
    public void Resume(RunState? state)
    {
        Pool.Reset(state?.Pool);
        Cache.Reset(state?.Pool is null ? null : state.Cache);
        Observed.Reset(state?.Pool is null ? null : state.Observed);
        if (state?.Pool is null)
        {
            return;
        }

        foreach (var c in state.Checkpoint.Candidates)
        {
            var bits = new BitArray(0);
            foreach (var id in c.ValScores.Keys)
            {
                Set(bits, id);
            }

            _scored.Add(bits);
            _scoredCount.Add(c.ValScores.Count);
            _objectivesCount.Add(c.ValObjectives?.Count ?? 0);
        }

        foreach (var e in state.Checkpoint.Cache ?? [])
        {
            _cached[(e.Hash, e.Split, e.Id)] = (e.Score, e.Trace is not null);
        }

        if (TrainScoresOf(state.Checkpoint) is { } train)
        {
            foreach (var (k, scores) in ReadTrainScores(train))
            {
                _observed[k] = scores;
            }
        }
    }

    /// <summary>Appends to the journals what changed since the last save, and fills the state's marks.</summary>
    /// <param name="checkpoint">The engine's whole checkpoint.</param>
    /// <param name="state">The state being saved; its marks, round-robin pointers and random state are set.</param>
    /// <returns>Whether the pool changed (a candidate or validation scores were added).</returns>
    /// <remarks>If an append fails, every journal is cut back to where it was and nothing counts as written.</remarks>
    public bool Append(GepaCheckpoint checkpoint, RunState state)
    {
        var commits = new List<Action>();
        var pool = new ArrayBufferWriter<byte>();
        var poolLines = AppendPool(checkpoint, pool, commits);
        var cache = new ArrayBufferWriter<byte>();
        var cacheLines = checkpoint.Cache is null ? 0 : AppendCache(checkpoint.Cache, cache, commits);
        var observed = new ArrayBufferWriter<byte>();
        var observedLines = TrainScoresOf(checkpoint) is { } train ? AppendObserved(train, observed, commits) : 0;

        var before = Files.Select(f => f.Mark).ToList();
        try
        {
            Pool.Append(pool, poolLines);
            Cache.Append(cache, cacheLines);
            Observed.Append(observed, observedLines);
        }
        catch
        {
            for (var i = 0; i < before.Count; i++)
            {
                Files[i].Rollback(before[i]);
            }

            throw;
        }

        foreach (var commit in commits)
        {
            commit();
        }

        state.Pool = Pool.Mark;
        state.Cache = checkpoint.Cache is null ? null : Cache.Mark;
        state.Observed = Observed.Lines > 0 ? Observed.Mark : null;
        state.RoundRobinPointers = [.. checkpoint.Candidates.Select(c => c.RoundRobinPointer)];
        state.RandomState = EncodeRandomState(checkpoint.RandomState);
        return poolLines > 0;
    }

    /// <summary>Rebuilds the whole checkpoint of a state of the journal format from its journals.</summary>
    /// <param name="state">The state read from <c>state.json</c>.</param>
    /// <param name="pool">The pool journal's records, with their line numbers.</param>
    /// <param name="cache">The cache journal's records.</param>
    /// <param name="observed">The observed-score journal's records.</param>
    /// <param name="damaged">Makes the error for a record that does not fit (file name, line, what is wrong).</param>
    public static void Rebuild(
        RunState state,
        IEnumerable<(int Line, PoolRecord Record)> pool,
        IEnumerable<(int Line, CheckpointCacheEntry Record)>? cache,
        IEnumerable<(int Line, ObservedScoresRecord Record)>? observed,
        Func<string, int, string, Exception> damaged)
    {
        var checkpoint = state.Checkpoint;
        var candidates = new List<CheckpointCandidate>();
        var grown = new HashSet<int>();
        foreach (var (line, r) in pool)
        {
            if (r.Components is { } components)
            {
                if (r.Candidate != candidates.Count)
                {
                    throw damaged(PoolFileName, line, $"adds candidate {r.Candidate} where the pool holds {candidates.Count}");
                }

                candidates.Add(new CheckpointCandidate
                {
                    Components = components,
                    Parents = r.Parents ?? [],
                    DiscoveryEvalCount = r.DiscoveryEvalCount ?? 0,
                    ValScores = r.ValScores,
                    ValObjectives = r.ValObjectives,
                });
                continue;
            }

            if (r.Candidate < 0 || r.Candidate >= candidates.Count)
            {
                throw damaged(PoolFileName, line, $"scores candidate {r.Candidate}, which the pool does not hold");
            }

            var c = candidates[r.Candidate];
            foreach (var (id, score) in r.ValScores)
            {
                if (!c.ValScores.TryAdd(id, score))
                {
                    throw damaged(PoolFileName, line, $"scores candidate {r.Candidate} again on validation example {id}");
                }
            }

            if (r.ValObjectives is { } objectives)
            {
                c.ValObjectives ??= [];
                foreach (var (id, perObjective) in objectives)
                {
                    c.ValObjectives[id] = perObjective;
                }
            }

            grown.Add(r.Candidate);
        }

        // The engine keeps a candidate scored in several steps in example order (and one scored at once in the order it
        // was evaluated), so the rebuilt checkpoint is the one the run had.
        foreach (var k in grown)
        {
            candidates[k].ValScores = candidates[k].ValScores.OrderBy(kv => kv.Key).ToDictionary();
        }

        var pointers = state.RoundRobinPointers ?? [];
        if (pointers.Count != candidates.Count)
        {
            throw damaged(GepaRunDirectory.StateFileName, 1, $"has {pointers.Count} round-robin pointers where {PoolFileName} holds {candidates.Count} candidates");
        }

        for (var k = 0; k < candidates.Count; k++)
        {
            candidates[k].RoundRobinPointer = pointers[k];
        }

        checkpoint.Candidates = candidates;
        if (state.RandomState is { } random)
        {
            checkpoint.RandomState = DecodeRandomState(random);
        }

        if (cache is not null)
        {
            var entries = new Dictionary<(string Hash, string Split, int Id), CheckpointCacheEntry>();
            foreach (var (_, e) in cache)
            {
                entries[(e.Hash, e.Split, e.Id)] = e;
            }

            // The engine's order: by candidate hash, split and example.
            checkpoint.Cache = [.. entries.OrderBy(e => e.Key.Hash, StringComparer.Ordinal).ThenBy(e => e.Key.Split, StringComparer.Ordinal).ThenBy(e => e.Key.Id).Select(e => e.Value)];
        }

        if (observed is not null)
        {
            var train = new Dictionary<int, Dictionary<int, double>>();
            foreach (var (_, r) in observed)
            {
                if (!train.TryGetValue(r.Candidate, out var known))
                {
                    train[r.Candidate] = known = [];
                }

                foreach (var (id, score) in r.Scores)
                {
                    known[id] = score;
                }
            }

            var adaptive = checkpoint.PolicyState.TryGetValue(AdaptiveState.CheckpointKey, out var json) ? AdaptiveState.FromJson(json) : new AdaptiveState();
            adaptive.TrainScores = train;
            checkpoint.PolicyState[AdaptiveState.CheckpointKey] = adaptive.ToJson();
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var file in Files)
        {
            file.Dispose();
        }
    }

    private static void Set(BitArray bits, int id)
    {
        if (id >= bits.Length)
        {
            bits.Length = Math.Max(id + 1, bits.Length * 2);
        }

        bits[id] = true;
    }

    private static bool Has(BitArray bits, int id) => id < bits.Length && bits[id];

    private static JsonElement? TrainScoresOf(GepaCheckpoint checkpoint) =>
        checkpoint.PolicyState.TryGetValue(AdaptiveState.CheckpointKey, out var adaptive)
        && adaptive.ValueKind == JsonValueKind.Object
        && adaptive.TryGetProperty(TrainScoresProperty, out var train)
        && train.ValueKind == JsonValueKind.Object
            ? train
            : null;

    private static IEnumerable<(int Candidate, Dictionary<int, double> Scores)> ReadTrainScores(JsonElement train)
    {
        foreach (var c in train.EnumerateObject())
        {
            var scores = new Dictionary<int, double>();
            foreach (var e in c.Value.EnumerateObject())
            {
                scores[int.Parse(e.Name, CultureInfo.InvariantCulture)] = e.Value.GetDouble();
            }

            yield return (int.Parse(c.Name, CultureInfo.InvariantCulture), scores);
        }
    }

    private static string EncodeRandomState(uint[] state)
    {
        var bytes = new byte[state.Length * sizeof(uint)];
        for (var i = 0; i < state.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(i * sizeof(uint)), state[i]);
        }

        return Convert.ToBase64String(bytes);
    }

    private static uint[] DecodeRandomState(string base64)
    {
        var bytes = Convert.FromBase64String(base64);
        var state = new uint[bytes.Length / sizeof(uint)];
        for (var i = 0; i < state.Length; i++)
        {
            state[i] = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(i * sizeof(uint)));
        }

        return state;
    }

    private int AppendPool(GepaCheckpoint checkpoint, ArrayBufferWriter<byte> buffer, List<Action> commits)
    {
        var lines = 0;
        var known = _scoredCount.Count;
        for (var k = 0; k < checkpoint.Candidates.Count; k++)
        {
            var c = checkpoint.Candidates[k];
            var objectives = c.ValObjectives?.Count ?? 0;
            if (k >= known)
            {
                Write(buffer, new PoolRecord
                {
                    Candidate = k,
                    Components = c.Components,
                    Parents = c.Parents,
                    DiscoveryEvalCount = c.DiscoveryEvalCount,
                    ValScores = c.ValScores,
                    ValObjectives = c.ValObjectives,
                }, RunJsonWriter.Write);
                lines++;
                commits.Add(() =>
                {
                    var bits = new BitArray(0);
                    foreach (var id in c.ValScores.Keys)
                    {
                        Set(bits, id);
                    }

                    _scored.Add(bits);
                    _scoredCount.Add(c.ValScores.Count);
                    _objectivesCount.Add(objectives);
                });
                continue;
            }

            if (c.ValScores.Count == _scoredCount[k] && objectives == _objectivesCount[k])
            {
                continue;
            }

            var bitsOfK = _scored[k];
            var added = c.ValScores.Where(kv => !Has(bitsOfK, kv.Key)).ToDictionary();

            // Objective scores arrive with their examples and are kept in arrival order: the new ones are the tail.
            var addedObjectives = objectives > _objectivesCount[k]
                ? c.ValObjectives!.Skip(_objectivesCount[k]).ToDictionary(kv => kv.Key, kv => kv.Value)
                : null;
            Write(buffer, new PoolRecord { Candidate = k, ValScores = added, ValObjectives = addedObjectives }, RunJsonWriter.Write);
            lines++;
            var count = c.ValScores.Count;
            var index = k;
            commits.Add(() =>
            {
                foreach (var id in added.Keys)
                {
                    Set(bitsOfK, id);
                }

                _scoredCount[index] = count;
                _objectivesCount[index] = objectives;
            });
        }

        return lines;
    }

    private int AppendCache(List<CheckpointCacheEntry> entries, ArrayBufferWriter<byte> buffer, List<Action> commits)
    {
        var lines = 0;
        foreach (var e in entries)
        {
            var key = (e.Hash, e.Split, e.Id);
            var now = (e.Score, e.Trace is not null);
            if (_cached.TryGetValue(key, out var written) && written.Score.Equals(now.Score) && written.Item2 == now.Item2)
            {
                continue;
            }

            Write(buffer, e, RunJsonWriter.Write);
            lines++;
            commits.Add(() => _cached[key] = now);
        }

        return lines;
    }

    private int AppendObserved(JsonElement train, ArrayBufferWriter<byte> buffer, List<Action> commits)
    {
        var lines = 0;
        foreach (var c in train.EnumerateObject())
        {
            var k = int.Parse(c.Name, CultureInfo.InvariantCulture);
            _observed.TryGetValue(k, out var known);
            Dictionary<int, double>? changed = null;
            foreach (var e in c.Value.EnumerateObject())
            {
                var id = int.Parse(e.Name, CultureInfo.InvariantCulture);
                var score = e.Value.GetDouble();
                if (known is null || !known.TryGetValue(id, out var old) || !old.Equals(score))
                {
                    (changed ??= [])[id] = score;
                }
            }

            // A candidate first seen with no scores is written too, so that the rebuilt state has it.
            if (changed is null && known is null)
            {
                changed = [];
            }
            else if (changed is null)
            {
                continue;
            }

            Write(buffer, new ObservedScoresRecord { Candidate = k, Scores = changed }, RunJsonWriter.Write);
            lines++;
            commits.Add(() =>
            {
                if (!_observed.TryGetValue(k, out var mirror))
                {
                    _observed[k] = mirror = [];
                }

                foreach (var (id, score) in changed)
                {
                    mirror[id] = score;
                }
            });
        }

        return lines;
    }

    private void Write<T>(ArrayBufferWriter<byte> buffer, T record, Action<Utf8JsonWriter, T> write)
    {
        var bytes = _redact(RunJsonWriter.ToUtf8Bytes(record, write, indented: false));
        buffer.Write(bytes);
        buffer.Write("\n"u8);
    }
}
