using System.Collections.Concurrent;

namespace Gepa;

/// <summary>Evaluations keyed by (candidate content hash, split, example index); a hit is never paid for twice.</summary>
/// <remarks>Thread-safe. The split is <c>train</c> or <c>val</c>; when the validation set is the training set the
/// engine uses <c>train</c> for both, so that they share entries, as in the reference.</remarks>
internal sealed class EvaluationCache
{
    private readonly ConcurrentDictionary<(string Hash, string Split, int Id), CachedEvaluation> _entries = new();

    public int Count => _entries.Count;

    /// <summary>Looks up an entry; an entry without a trace is a miss when the caller needs one.</summary>
    public bool TryGet(Candidate candidate, string split, int id, bool needTrace, out CachedEvaluation entry)
    {
        if (_entries.TryGetValue((candidate.ContentHash, split, id), out entry!) && (!needTrace || entry.HasTrace))
        {
            return true;
        }

        entry = null!;
        return false;
    }

    /// <summary>Stores every example of an evaluation; an entry with a trace is never replaced by one without.</summary>
    public void Put(Candidate candidate, string split, IReadOnlyList<int> ids, EvaluationBatch batch)
    {
        var hash = candidate.ContentHash;
        for (var j = 0; j < ids.Count; j++)
        {
            var entry = new CachedEvaluation(batch.Scores[j], batch.Outputs[j], batch.ObjectiveScores?[j], batch.Traces?[j], batch.Traces is not null);
            _entries.AddOrUpdate((hash, split, ids[j]), entry, (_, old) => old.HasTrace && !entry.HasTrace ? old : entry);
        }
    }

    /// <summary>Every entry, for checkpoints.</summary>
    public IEnumerable<((string Hash, string Split, int Id) Key, CachedEvaluation Entry)> Entries() =>
        _entries.Select(kv => (kv.Key, kv.Value)).OrderBy(e => e.Key.Hash, StringComparer.Ordinal).ThenBy(e => e.Key.Split, StringComparer.Ordinal).ThenBy(e => e.Key.Id);

    /// <summary>Restores an entry from a checkpoint.</summary>
    public void Restore(string hash, string split, int id, CachedEvaluation entry) => _entries[(hash, split, id)] = entry;
}
