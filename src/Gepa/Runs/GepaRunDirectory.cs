using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Gepa;

/// <summary>A run directory: everything a GEPA run leaves on disk, written as it goes, so that a run killed at any instant
/// can be resumed exactly and every proposal it made can be read back.</summary>
/// <remarks>
/// <para>Files: <c>run.json</c> (<see cref="RunManifest"/>: format version and configuration fingerprint),
/// <c>config.json</c> (the configuration snapshot), <c>state.json</c> (<see cref="RunState"/>: the engine's checkpoint,
/// replaced atomically at the first iteration boundary of a session, then at most once per
/// <see cref="GepaRunDirectoryOptions.CheckpointInterval"/>, and at the session's end), <c>candidates.jsonl</c> (one <see cref="ProposalRecord"/> per line),
/// <c>events.jsonl</c> (every engine event), <c>best_candidate.json</c>, <c>pareto_front.json</c>
/// (<see cref="ParetoFrontDocument"/>) and <c>summary.json</c> (<see cref="RunSummary"/>).</para>
/// <para>Use: <see cref="Create"/> or <see cref="Open"/>, <see cref="Attach"/> the engine options (after the stop conditions
/// are added: those that implement <see cref="IStatefulStopCondition"/> are saved and restored), register any part of the
/// run outside the engine that decides from what it has seen with <see cref="AddExtension"/>, build the optimizer from
/// those options, then <see cref="RunAsync{TExample}"/>, which starts the run
/// or continues it from the saved state.</para>
/// <para>A directory is used by one process at a time: <see cref="Create"/> and <see cref="Open"/> hold
/// <c>run.lock</c> open exclusively (an operating-system lock, released when the process ends, however it ends) until
/// <see cref="Dispose"/>; a second user is refused with <see cref="GepaRunDirectoryError.Locked"/>. A new run goes only
/// into a missing or empty directory, and a resume first checks, changing nothing, every file it will append to.</para>
/// </remarks>
public sealed partial class GepaRunDirectory : IDisposable
{
    /// <summary>The current format version; a directory with a higher version is refused.</summary>
    /// <remarks>Version 2 keeps the pool, the evaluation cache and the observed training scores in append-only journals
    /// (<c>pool.jsonl</c>, <c>cache.jsonl</c>, <c>observed.jsonl</c>) instead of in <c>state.json</c>; a version-1
    /// directory is still resumed, and continues in version 2.</remarks>
    public const int CurrentFormatVersion = 2;

    /// <summary>The manifest file name.</summary>
    public const string ManifestFileName = "run.json";

    /// <summary>The configuration snapshot file name.</summary>
    public const string ConfigFileName = "config.json";

    /// <summary>The state (checkpoint) file name.</summary>
    public const string StateFileName = "state.json";

    /// <summary>The proposal journal file name.</summary>
    public const string CandidatesFileName = "candidates.jsonl";

    /// <summary>The event journal file name.</summary>
    public const string EventsFileName = "events.jsonl";

    /// <summary>The best candidate file name (a JSON object of component name to text).</summary>
    public const string BestCandidateFileName = "best_candidate.json";

    /// <summary>The Pareto front file name.</summary>
    public const string ParetoFrontFileName = "pareto_front.json";

    /// <summary>The summary file name.</summary>
    public const string SummaryFileName = "summary.json";

    /// <summary>The lock file name: held open, exclusively, by the process using the directory.</summary>
    public const string LockFileName = "run.lock";

    private readonly Lock _lock = new();
    private readonly GepaRunDirectoryOptions _options;
    private readonly List<ProposalRecord> _pending = [];
    private readonly ArrayBufferWriter<byte> _eventLine = new(512);
    private readonly CheckpointJournal _journal;
    private readonly JournalFile _records;
    private readonly List<(string Name, IRunStateExtension Extension)> _extensions = [];
    private Utf8JsonWriter? _eventWriter;
    private FileStream? _events;
    private FileStream? _lockFile;
    private string? _tornEventsNote;
    private int? _budget;
    private List<IStopCondition> _stopConditions = [];
    private bool _disposed;
    private RunState? _held;
    private bool _checkpointWritten;
    private long _checkpointAt;
    private bool _derivedWritten;
    private bool _derivedStale;
    private long _derivedAt;
    private (int Best, int BestScores, int SeedScores) _examplesKey;
    private RunSummary? _summary;
    private bool _summaryOfCheckpoint;
    private bool _summaryStale;
    private long _summaryAt;

    private GepaRunDirectory(string path, RunManifest manifest, RunState? state, int session, GepaRunDirectoryOptions options)
    {
        FullPath = path;
        Manifest = manifest;
        State = state;
        Session = session;
        _options = options;
        _records = new JournalFile(Path.Combine(path, CandidatesFileName), durable: false);
        _records.Reset(state is null ? null : new JournalMark { Length = state.CandidatesLength, Lines = state.RecordCount });
        _journal = new CheckpointJournal(path, Redact);
        _journal.Resume(state);
    }

    /// <summary>Gets the directory's full path.</summary>
    public string FullPath { get; }

    /// <summary>Gets the manifest.</summary>
    public RunManifest Manifest { get; }

    /// <summary>Gets the last state saved, or <see langword="null"/> when the run has not reached its first checkpoint.</summary>
    public RunState? State { get; private set; }

    /// <summary>Gets this session's number: 1 for the first start, one more for each resume.</summary>
    public int Session { get; }

    /// <summary>Gets or sets what the host application keeps in <c>state.json</c> with each checkpoint (called at every save).</summary>
    public Func<IReadOnlyDictionary<string, JsonElement>>? HostState { get; set; }

    /// <summary>Gets or sets what is told when a file could not be written; the run goes on (the previous state stays valid).</summary>
    public Action<Exception>? WriteFailed { get; set; }

    /// <summary>Gets or sets a wrapper of the stream <c>state.json</c> is written through; tests inject failures here.</summary>
    internal Func<Stream, Stream>? StateStreamWrapper { get; set; }

    /// <summary>Returns whether <paramref name="path"/> holds a run (a <c>run.json</c>).</summary>
    /// <param name="path">The directory.</param>
    /// <returns>Whether it does.</returns>
    public static bool Exists(string path) => File.Exists(Path.Combine(path, ManifestFileName));

    /// <summary>Computes the hash recorded for a fingerprint.</summary>
    /// <param name="fingerprint">The fingerprint.</param>
    /// <returns>SHA-256 of its sorted entries, as lower-case hex.</returns>
    public static string HashFingerprint(IReadOnlyDictionary<string, string> fingerprint)
    {
        ArgumentNullException.ThrowIfNull(fingerprint);
        var text = new StringBuilder();
        foreach (var (k, v) in fingerprint.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            text.Append(k).Append('=').Append(v).Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>Creates a run directory for a new run: the directory, <c>config.json</c> and <c>run.json</c>.</summary>
    /// <param name="path">The directory: missing (it is created, with its parents) or empty.</param>
    /// <param name="options">The fingerprint, configuration snapshot and clock.</param>
    /// <returns>The directory, session 1.</returns>
    /// <exception cref="GepaRunDirectoryException">The directory already holds a run, is not empty, is a file or lies
    /// inside one, or is in use (<see cref="GepaRunDirectoryException.Error"/> says which). Nothing is left behind.</exception>
    public static GepaRunDirectory Create(string path, GepaRunDirectoryOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        options ??= new GepaRunDirectoryOptions();
        options.Validate();
        var full = Path.GetFullPath(path);
        EnsureCanCreate(full, options.HostEntries);

        // Everything this call creates is removed again if it fails: an error before the run starts leaves nothing behind.
        var created = FirstMissingAncestor(full);
        FileStream? lockFile = null;
        try
        {
            Directory.CreateDirectory(full);
            lockFile = AcquireLock(full);
            return CreateIn(full, options, lockFile);
        }
        catch
        {
            lockFile?.Dispose();
            if (created is not null)
            {
                TryDeleteTree(created);
            }

            throw;
        }
    }

    /// <summary>Checks, changing nothing, that a new run may be created in <paramref name="path"/>: it is missing, or an
    /// empty directory; a directory holding a run, someone's files, or a file is refused.</summary>
    /// <param name="path">The directory.</param>
    /// <exception cref="GepaRunDirectoryException">It already holds a run, or is not an empty directory.</exception>
    public static void EnsureCanCreate(string path) => EnsureCanCreate(path, []);

    /// <summary>Checks, changing nothing, that a new run may be created in <paramref name="path"/>, where the host has
    /// already put <paramref name="hostEntries"/> itself.</summary>
    /// <param name="path">The directory.</param>
    /// <param name="hostEntries">Names of entries the host put there; they do not count.</param>
    /// <exception cref="GepaRunDirectoryException">It already holds a run, or holds anything else.</exception>
    public static void EnsureCanCreate(string path, IReadOnlyCollection<string> hostEntries)
    {
        ArgumentNullException.ThrowIfNull(hostEntries);
        var full = Path.GetFullPath(path);
        if (Exists(full))
        {
            throw new GepaRunDirectoryException(
                GepaRunDirectoryError.AlreadyExists,
                $"{full} already holds a run; continue it with resume, or choose another directory.");
        }

        if (File.Exists(full))
        {
            throw new GepaRunDirectoryException(GepaRunDirectoryError.NotEmpty, $"{full} is a file, not a directory; choose a new or empty directory for the run.");
        }

        for (var parent = Path.GetDirectoryName(full); parent is not null; parent = Path.GetDirectoryName(parent))
        {
            if (File.Exists(parent))
            {
                throw new GepaRunDirectoryException(GepaRunDirectoryError.NotEmpty, $"{parent} is a file, so the run directory {full} cannot be created inside it; choose another directory.");
            }

            if (Directory.Exists(parent))
            {
                break;
            }
        }

        if (Directory.Exists(full))
        {
            string[] entries;
            try
            {
                entries = [.. Directory.EnumerateFileSystemEntries(full).Select(Path.GetFileName).OfType<string>().Where(n => !hostEntries.Contains(n)).Take(4)];
            }
            catch (UnauthorizedAccessException e)
            {
                throw new GepaRunDirectoryException(GepaRunDirectoryError.Unreadable, $"{full} cannot be read (permission denied); choose a directory you can write to.", e);
            }

            if (entries.Length > 0)
            {
                var shown = string.Join(", ", entries.Take(3)) + (entries.Length > 3 ? ", …" : "");
                throw new GepaRunDirectoryException(
                    GepaRunDirectoryError.NotEmpty,
                    $"{full} is not empty ({shown}) and holds no run; a run is written only into a new or empty directory, so that none of your files is overwritten. Choose another directory.");
            }
        }
    }

    private static GepaRunDirectory CreateIn(string full, GepaRunDirectoryOptions options, FileStream lockFile)
    {
        if (options.Configuration is { } config)
        {
            AtomicWrite.Write(Path.Combine(full, ConfigFileName), s =>
            {
                using var writer = new Utf8JsonWriter(s, new JsonWriterOptions { Indented = true });
                config.WriteTo(writer);
            });
        }

        var manifest = new RunManifest
        {
            CreatedAt = options.TimeProvider.GetUtcNow(),
            Producer = options.Producer,
            Fingerprint = options.Fingerprint.ToDictionary(StringComparer.Ordinal),
            FingerprintHash = HashFingerprint(options.Fingerprint),
            Host = options.Host.ToDictionary(StringComparer.Ordinal),
        };

        // The manifest goes last: a directory is a run only once everything it needs to be resumed is there.
        AtomicWrite.WriteAllBytes(Path.Combine(full, ManifestFileName), RunJsonWriter.ToUtf8Bytes(manifest, RunJsonWriter.Write, indented: true));
        var dir = new GepaRunDirectory(full, manifest, null, 1, options) { _lockFile = lockFile };
        dir.WriteSummary(new RunSummary { Status = RunSummary.Running, Resumable = true, ResumeCommand = options.ResumeCommand, Session = 1 });
        return dir;
    }

    /// <summary>Opens a run directory to continue its run: checks the format and the fingerprint, cuts the proposal journal
    /// back to what the saved state covers, and starts a new session.</summary>
    /// <param name="path">The directory.</param>
    /// <param name="options">The fingerprint of the configuration it is resumed with (empty to skip the check) and the clock.</param>
    /// <returns>The directory.</returns>
    /// <exception cref="GepaRunDirectoryException">It holds no run, was written by a newer version, was made with a different
    /// configuration, cannot be read, is in use by another process, or has a journal that is cut or damaged or lost its state
    /// though the run had progressed; the message says which (naming the file and line) and nothing is changed.</exception>
    public static GepaRunDirectory Open(string path, GepaRunDirectoryOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        options ??= new GepaRunDirectoryOptions();
        options.Validate();
        var full = Path.GetFullPath(path);

        // A directory made by this version has its lock file: take the lock before reading, so that a second user is told
        // the directory is in use rather than what it half-sees of a session in progress.
        var lockFile = File.Exists(Path.Combine(full, LockFileName)) ? AcquireLock(full) : null;
        GepaRunDirectory dir;
        try
        {
            var manifest = EnsureCompatible(full, options.Fingerprint);
            var state = ReadState(full);
            var summary = ReadSummary(full);
            var tornEvents = EnsureResumable(full, state, summary);
            lockFile ??= AcquireLock(full);
            var session = Math.Max(summary?.Session ?? 0, state?.Session ?? 0) + 1;
            AtomicWrite.RemoveLeftovers(full);
            dir = new GepaRunDirectory(full, manifest, state, session, options) { _lockFile = lockFile, _tornEventsNote = tornEvents };
            dir.PrepareJournals(summary);
        }
        catch
        {
            lockFile?.Dispose();
            throw;
        }

        // Claim the session number at once, so that a session killed before its first checkpoint still counts.
        var current = dir.State is { } saved ? dir.SummaryOf(saved.Checkpoint) : new RunSummary();
        current.Session = dir.Session;
        current.Resumable = true;
        dir.TryWrite(() => dir.WriteSummary(current));
        return dir;
    }

    /// <summary>Checks, changing nothing, that the files a resume appends to are whole and agree with the saved state, and
    /// that a run which had progressed still has its state; refuses, naming the file, rather than repairing anything.</summary>
    /// <param name="path">The directory.</param>
    /// <exception cref="GepaRunDirectoryException">A journal is cut or damaged, or the state is missing though the run
    /// had progressed (<see cref="GepaRunDirectoryError.Damaged"/>).</exception>
    public static void EnsureResumable(string path)
    {
        var full = Path.GetFullPath(path);
        EnsureResumable(full, ReadState(full), ReadSummary(full));
    }

    /// <summary>Checks, changing nothing, that a directory holds a run this version can continue with this fingerprint.</summary>
    /// <param name="path">The directory.</param>
    /// <param name="fingerprint">The fingerprint of the configuration it would be resumed with; empty to skip that check.</param>
    /// <returns>The manifest.</returns>
    /// <exception cref="GepaRunDirectoryException">It holds no run, was written by a newer version, or was made with a
    /// different configuration; the message says which and what differs.</exception>
    public static RunManifest EnsureCompatible(string path, IReadOnlyDictionary<string, string> fingerprint)
    {
        ArgumentNullException.ThrowIfNull(fingerprint);
        var full = Path.GetFullPath(path);
        var manifest = ReadManifest(full);
        if (fingerprint.Count > 0)
        {
            EnsureSameFingerprint(full, manifest.Fingerprint, fingerprint);
        }

        ReadState(full);
        return manifest;
    }

    /// <summary>Reads and checks a directory's manifest.</summary>
    /// <param name="path">The directory.</param>
    /// <returns>The manifest.</returns>
    /// <exception cref="GepaRunDirectoryException">There is none, it is unreadable, or its format is newer.</exception>
    public static RunManifest ReadManifest(string path)
    {
        var file = Path.Combine(Path.GetFullPath(path), ManifestFileName);
        if (!File.Exists(file))
        {
            throw new GepaRunDirectoryException(
                GepaRunDirectoryError.NotARunDirectory,
                Directory.Exists(path)
                    ? $"{Path.GetFullPath(path)} is not a run directory (it has no {ManifestFileName})."
                    : $"the run directory {Path.GetFullPath(path)} does not exist.");
        }

        int version;
        RunManifest? manifest;
        try
        {
            var bytes = File.ReadAllBytes(file);
            version = PeekFormatVersion(bytes);
            manifest = version > CurrentFormatVersion ? null : JsonSerializer.Deserialize(bytes, RunJsonContext.Default.RunManifest);
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            throw new GepaRunDirectoryException(GepaRunDirectoryError.Unreadable, $"{file} cannot be read: {e.Message}", e);
        }

        if (version > CurrentFormatVersion)
        {
            throw NewerFormat(file, version);
        }

        return manifest ?? throw new GepaRunDirectoryException(GepaRunDirectoryError.Unreadable, $"{file} is empty.");
    }

    /// <summary>Reads a directory's saved state.</summary>
    /// <param name="path">The directory.</param>
    /// <returns>The state, or <see langword="null"/> when the run never reached its first checkpoint.</returns>
    /// <exception cref="GepaRunDirectoryException">It is unreadable, or its format (or its checkpoint's) is newer.</exception>
    public static RunState? ReadState(string path)
    {
        var file = Path.Combine(Path.GetFullPath(path), StateFileName);
        if (!File.Exists(file))
        {
            return null;
        }

        RunState? state;
        try
        {
            var bytes = File.ReadAllBytes(file);
            var version = PeekFormatVersion(bytes);
            if (version > CurrentFormatVersion)
            {
                throw NewerFormat(file, version);
            }

            state = JsonSerializer.Deserialize(bytes, RunJsonContext.Default.RunState);
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            throw new GepaRunDirectoryException(GepaRunDirectoryError.Unreadable, $"{file} cannot be read: {e.Message}", e);
        }

        if (state?.Pool is not null && state.Checkpoint.FormatVersion <= GepaCheckpoint.CurrentFormatVersion)
        {
            RebuildCheckpoint(Path.GetDirectoryName(file)!, state);
        }

        if (state?.Checkpoint.FormatVersion > GepaCheckpoint.CurrentFormatVersion)
        {
            throw new GepaRunDirectoryException(
                GepaRunDirectoryError.NewerFormat,
                $"{file} holds an engine checkpoint of format version {state.Checkpoint.FormatVersion}, newer than this version understands ({GepaCheckpoint.CurrentFormatVersion}); upgrade to resume it.");
        }

        return state;
    }

    /// <summary>Reads a directory's summary.</summary>
    /// <param name="path">The directory.</param>
    /// <returns>The summary, or <see langword="null"/> when there is none or it cannot be read.</returns>
    public static RunSummary? ReadSummary(string path)
    {
        var file = Path.Combine(Path.GetFullPath(path), SummaryFileName);
        try
        {
            return File.Exists(file) ? JsonSerializer.Deserialize(File.ReadAllBytes(file), RunJsonContext.Default.RunSummary) : null;
        }
        catch (Exception e) when (e is JsonException or IOException)
        {
            return null;
        }
    }

    /// <summary>Reads a directory's proposal journal.</summary>
    /// <param name="path">The directory.</param>
    /// <returns>The records, in order; a torn last line (a killed writer) is skipped.</returns>
    public static IReadOnlyList<ProposalRecord> ReadProposals(string path)
    {
        var file = Path.Combine(Path.GetFullPath(path), CandidatesFileName);
        if (!File.Exists(file))
        {
            return [];
        }

        var records = new List<ProposalRecord>();
        foreach (var line in File.ReadLines(file))
        {
            if (line.Length == 0)
            {
                continue;
            }

            try
            {
                records.Add(JsonSerializer.Deserialize(line, RunJsonContext.Default.ProposalRecord)!);
            }
            catch (JsonException)
            {
                break;
            }
        }

        return records;
    }

    /// <summary>Wires the directory into the engine's callbacks (added with <see cref="GepaCallbacks.Add"/>, so other
    /// observers keep working) and restores the stop conditions' memory when resuming. Call it after the stop conditions
    /// are added and before the run starts.</summary>
    /// <param name="options">The engine options of the run.</param>
    public void Attach(GepaOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _budget = options.MaxMetricCalls;
        _stopConditions = [.. options.StopConditions];
        if (State is { } state)
        {
            for (var i = 0; i < Math.Min(_stopConditions.Count, state.StopConditions.Count); i++)
            {
                if (_stopConditions[i] is IStatefulStopCondition stateful && state.StopConditions[i] is { } saved)
                {
                    stateful.RestoreState(saved);
                }
            }
        }

        new RunRecorder(this, options, State?.Checkpoint.TotalMetricCalls ?? 0).Attach(options.Callbacks);
    }

    /// <summary>Registers a part of the run outside the engine whose state is saved with every checkpoint, in the same
    /// atomic write of <c>state.json</c>, and restores it at once from the saved state when there is one (a resume).</summary>
    /// <remarks>Register before <see cref="RunAsync{TExample}"/>, with the same name in every session of the run. A saved
    /// state without this name (the run was saved before the extension was registered) leaves the extension as it is; a
    /// saved extension that no session registers again is dropped at the next checkpoint.</remarks>
    /// <param name="name">The name its state is saved under.</param>
    /// <param name="extension">The extension.</param>
    /// <exception cref="ArgumentException">The name is empty, or already registered.</exception>
    public void AddExtension(string name, IRunStateExtension extension)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(extension);
        lock (_lock)
        {
            if (_extensions.Exists(e => e.Name == name))
            {
                throw new ArgumentException($"An extension named '{name}' is already registered.", nameof(name));
            }

            if (State?.Extensions.TryGetValue(name, out var saved) == true)
            {
                extension.RestoreState(saved);
            }

            _extensions.Add((name, extension));
        }
    }

    /// <summary>Runs the optimization in this directory: from the saved state when there is one, from the seed otherwise;
    /// then writes the final files.</summary>
    /// <typeparam name="TExample">The example type.</typeparam>
    /// <param name="optimizer">The optimizer, built with the options given to <see cref="Attach"/>.</param>
    /// <param name="seed">The seed candidate (used when there is no saved state).</param>
    /// <param name="trainset">The trainset.</param>
    /// <param name="valset">The valset, or <see langword="null"/> to use the trainset.</param>
    /// <param name="cancellationToken">Stops the run gracefully; the state stays resumable.</param>
    /// <returns>The result.</returns>
    public async Task<GepaResult> RunAsync<TExample>(GepaOptimizer<TExample> optimizer, Candidate seed, IReadOnlyList<TExample> trainset, IReadOnlyList<TExample>? valset = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        GepaResult result;
        try
        {
            result = State is { } state
                ? await optimizer.ResumeAsync(state.Checkpoint, trainset, valset, cancellationToken).ConfigureAwait(false)
                : await optimizer.OptimizeAsync(seed, trainset, valset, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Stop(RunSummary.Cancelled, "Cancelled before the first checkpoint.");
            throw;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Stop(RunSummary.Failed, e.Message);
            throw;
        }

        Complete(result);
        return result;
    }

    /// <summary>Writes the final files of a run that returned a result: <c>best_candidate.json</c>,
    /// <c>pareto_front.json</c> and <c>summary.json</c>.</summary>
    /// <param name="result">The result.</param>
    public void Complete(GepaResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        lock (_lock)
        {
            // The run's last checkpoint goes to the disk before the files that describe the end.
            WriteHeld();
            // A run stopped by proposals failing in a row (a reflection model refusing the key) did not complete: once the
            // cause is fixed it can be continued.
            var status = result.StopReason switch
            {
                GepaStopReason.Cancelled => RunSummary.Cancelled,
                GepaStopReason.ConsecutiveFailures => RunSummary.Failed,
                _ when result.FailedProposals > 0 && result.ProposalsTried == 0 => RunSummary.Failed, // no reflection ever worked
                _ => RunSummary.Completed,
            };
            var scores = result.ValSubscores.Select(s => (IReadOnlyDictionary<int, double>)s).ToList();
            TryWrite(() =>
            {
                WriteBest(result.BestCandidate);
                WriteFront(scores, result.BestIndex);
                WriteExamples(result.Candidates, result.BestIndex);
                (_derivedWritten, _derivedStale) = (true, false);
                WriteSummary(new RunSummary
                {
                    Status = status,
                    Resumable = status != RunSummary.Completed,
                    ResumeCommand = _options.ResumeCommand,
                    StopReason = result.StopReason.ToString(),
                    Message = result.StopMessage,
                    Session = Session,
                    Iterations = result.Iterations,
                    Rollouts = result.TotalMetricCalls,
                    Budget = _budget,
                    Candidates = result.NumCandidates,
                    BestCandidate = result.BestIndex,
                    BestScore = result.BestScore,
                    SeedScore = result.ValAggregateScores[0],
                    ProposalsTried = result.ProposalsTried,
                    ProposalsAccepted = result.ProposalsAccepted,
                    FailedProposals = result.FailedProposals,
                    Elapsed = State?.Checkpoint.Elapsed ?? TimeSpan.Zero,
                });
            });
        }
    }

    /// <summary>Records that the run stopped without a result (an error, or cancellation before the first checkpoint); the
    /// last saved state stays resumable.</summary>
    /// <param name="status"><see cref="RunSummary.Failed"/> or <see cref="RunSummary.Cancelled"/>.</param>
    /// <param name="message">Why.</param>
    public void Stop(string status, string message)
    {
        lock (_lock)
        {
            WriteHeld();
            var summary = State is { } s ? SummaryOf(s.Checkpoint) : new RunSummary { Session = Session };
            summary.Status = status;
            summary.Resumable = true;
            summary.Message = message;
            if (State is { } saved)
            {
                FlushDerived(saved.Checkpoint);
            }

            TryWrite(() => WriteSummary(summary));
            WriteEvent(new RunEvent { Event = "stopped", Reason = status, Message = message });
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        lock (_lock)
        {
            // A host that never called Complete or Stop still leaves derived files and a summary that match the last
            // checkpoint.
            if (!_disposed)
            {
                WriteHeld();
            }

            if (!_disposed && State is { } saved)
            {
                FlushDerived(saved.Checkpoint);
                if (_summaryStale)
                {
                    TryWrite(() => WriteSummary(SummaryOf(saved.Checkpoint)));
                }
            }

            _disposed = true;
            _events?.Dispose();
            _eventWriter?.Dispose();
            _records.Dispose();
            _journal.Dispose();
            _events = null;

            // Released last: the directory is free for another process only once every file is closed.
            _lockFile?.Dispose();
            _lockFile = null;
        }
    }

    /// <summary>Appends an event to <c>events.jsonl</c>.</summary>
    /// <param name="e">The event.</param>
    internal void WriteEvent(RunEvent e)
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            e.Time = _options.TimeProvider.GetUtcNow();
            e.Session = Session;
            TryWrite(() =>
            {
                _events ??= new FileStream(Path.Combine(FullPath, EventsFileName), FileMode.Append, FileAccess.Write, FileShare.Read);

                // A run writes about 13 events per iteration: one buffer and one writer serve them all.
                _eventLine.ResetWrittenCount();
                _eventWriter ??= new Utf8JsonWriter(_eventLine, new JsonWriterOptions { SkipValidation = true });
                _eventWriter.Reset(_eventLine);
                RunJsonWriter.Write(_eventWriter, e);
                _eventWriter.Flush();

                // Most events are numbers and fixed names: only free text (a reason, a message, component names) can hold
                // a secret, so only those lines go through the redaction (which decodes and re-encodes the line).
                if (e.Reason is not null || e.Message is not null || e.Components is not null)
                {
                    var redacted = Redact(_eventLine.WrittenSpan.ToArray());
                    _eventLine.ResetWrittenCount();
                    _eventLine.Write(redacted);
                }

                _eventLine.Write("\n"u8);
                _events.Write(_eventLine.WrittenSpan);
                _events.Flush();
            });
        }
    }

    /// <summary>Queues a proposal record; it is written with the next checkpoint.</summary>
    /// <param name="record">The record.</param>
    internal void AddRecord(ProposalRecord record)
    {
        lock (_lock)
        {
            _pending.Add(record);
        }
    }

    /// <summary>Takes a checkpoint: stages the queued records and the journals' new lines, and writes them with
    /// <c>state.json</c> (atomically) and the derived files if it is the session's first, or
    /// <see cref="GepaRunDirectoryOptions.CheckpointInterval"/> has passed since the last written; otherwise it is kept
    /// until the next write (a later checkpoint, or the session's end).</summary>
    /// <param name="checkpoint">The engine's checkpoint.</param>
    internal void SaveCheckpoint(GepaCheckpoint checkpoint)
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            // What the state covers is fixed now, at this checkpoint: its records, the journals' lines (each checkpoint
            // stages its own, so the files hold the same lines however many checkpoints go by between writes), the host's
            // state and the stop conditions' memory. Only the writing waits.
            var state = new RunState
            {
                SavedAt = _options.TimeProvider.GetUtcNow(),
                Session = Session,
                MaxMetricCalls = _budget,
                Checkpoint = checkpoint,
                Host = HostState?.Invoke().ToDictionary(StringComparer.Ordinal) ?? [],
                Extensions = _extensions.ToDictionary(e => e.Name, e => e.Extension.SaveState(), StringComparer.Ordinal),

                // Saved here, before the engine checks them at this boundary: a resume repeats exactly that check.
                StopConditions = [.. _stopConditions.Select(c => c is IStatefulStopCondition stateful ? stateful.SaveState() : (JsonElement?)null)],
            };
            var poolChanged = false;
            if (!TryWrite(() =>
            {
                StageRecords();
                poolChanged = _journal.Stage(checkpoint, state);
            }))
            {
                return;
            }

            (state.CandidatesLength, state.RecordCount) = (_records.StagedMark.Length, _records.StagedMark.Lines);
            _held = state;
            _derivedStale |= poolChanged;
            if (!_checkpointWritten || _options.TimeProvider.GetElapsedTime(_checkpointAt) >= _options.CheckpointInterval)
            {
                WriteHeld();
            }
        }
    }

    /// <summary>Writes the checkpoint taken last if it is still only in memory (the session is ending).</summary>
    internal void WriteLastCheckpoint()
    {
        lock (_lock)
        {
            if (!_disposed)
            {
                WriteHeld();
            }
        }
    }

    /// <summary>Writes the checkpoint taken last, if it is not written yet: the staged lines of the records and journals,
    /// then <c>state.json</c>, then (at their own interval) the summary and the derived files.</summary>
    /// <returns>Whether the last checkpoint taken is now on the disk.</returns>
    private bool WriteHeld()
    {
        if (_held is not { } state)
        {
            return true;
        }

        // What only grows is appended to the journals (and on the disk) before the state that covers it replaces the
        // last one: a process killed in between leaves journal lines past the saved marks, which a resume cuts.
        JournalFile[] files = [_records, .. _journal.Files];
        if (!TryWrite(() =>
        {
            try
            {
                foreach (var file in files)
                {
                    file.WriteStaged();
                }
            }
            catch
            {
                // None counts as written: each is cut back, and keeps its lines staged for the next write.
                foreach (var file in files)
                {
                    file.CutBack();
                }

                throw;
            }

            foreach (var file in files)
            {
                file.AcceptStaged();
            }
        }))
        {
            return false;
        }

        var saved = TryWrite(() => AtomicWrite.Write(
            Path.Combine(FullPath, StateFileName),
            s => s.Write(Json(state, RunJsonWriter.Write, indented: false)),
            durable: true,
            wrap: StateStreamWrapper));
        if (!saved)
        {
            return false;
        }

        State = state;
        _held = null;
        (_checkpointWritten, _checkpointAt) = (true, _options.TimeProvider.GetTimestamp());
        var checkpoint = state.Checkpoint;

        // summary.json is for people and tools watching the run; resume takes from it only what a lagging summary
        // still gets right (the session number, how the session ended, whether the run had progressed). Like the
        // derived files, it is rewritten at the first checkpoint, then at most once per interval, and as of the last
        // checkpoint when the session ends.
        if (!_summaryOfCheckpoint || _options.TimeProvider.GetElapsedTime(_summaryAt) >= _options.DerivedFilesInterval)
        {
            _summaryOfCheckpoint = TryWrite(() => WriteSummary(SummaryOf(checkpoint)));
        }
        else
        {
            _summaryStale = true;
        }

        // The front changes only with the pool, and the best candidate and the examples (the seed's and the best's
        // results) only when the best or those two candidates' scores change. They are derived files, for people
        // watching the run (resume rebuilds everything from the journals), so they are rewritten at most once per
        // interval: the whole front is validation size × pool, and rewriting it at every change of the pool cost as
        // much CPU as the engine at val 500. The session's end writes them as of its last checkpoint.
        if (!_derivedWritten
            || (_derivedStale && _options.TimeProvider.GetElapsedTime(_derivedAt) >= _options.DerivedFilesInterval))
        {
            WriteDerived(checkpoint);
        }

        // Logged when written: the last "checkpoint" event before a "resume" says where the resumed session continued.
        WriteEvent(new RunEvent { Event = "checkpoint", Iteration = checkpoint.Iteration + 1, Rollouts = checkpoint.TotalMetricCalls });
        return true;
    }

    /// <summary>Writes the derived files as of <paramref name="checkpoint"/> if a change of the pool is not in them yet.</summary>
    private void FlushDerived(GepaCheckpoint checkpoint)
    {
        if (_derivedStale || !_derivedWritten)
        {
            WriteDerived(checkpoint);
        }
    }

    /// <summary>Writes <c>pareto_front.json</c>, and <c>best_candidate.json</c> and <c>examples.json</c> when the best or
    /// the scores they show changed, as of <paramref name="checkpoint"/>.</summary>
    private void WriteDerived(GepaCheckpoint checkpoint)
    {
        var scores = checkpoint.Candidates.Select(c => (IReadOnlyDictionary<int, double>)c.ValScores).ToList();
        var best = BestIndex(scores);
        var examplesKey = (best, scores[best].Count, scores[0].Count);
        var rewriteBest = !_derivedWritten || examplesKey != _examplesKey;
        var written = TryWrite(() =>
        {
            if (rewriteBest)
            {
                WriteBest(checkpoint.Candidates[best].ToCandidate());
                WriteExamples([.. checkpoint.Candidates.Select(c => c.ToCandidate())], best);
            }

            WriteFront(scores, best);
        });
        if (written)
        {
            (_derivedWritten, _derivedStale, _examplesKey, _derivedAt) = (true, false, examplesKey, _options.TimeProvider.GetTimestamp());
        }
    }

    private static FileStream AcquireLock(string full)
    {
        var file = Path.Combine(full, LockFileName);
        try
        {
            // FileShare.None is an operating-system lock (flock on Unix): held until this handle is closed or the process
            // ends, however it ends, so a crash never leaves a stale lock.
            return new FileStream(file, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e) when (e is not FileNotFoundException and not DirectoryNotFoundException and not PathTooLongException)
        {
            throw new GepaRunDirectoryException(
                GepaRunDirectoryError.Locked,
                $"{full} is in use by another gepa process ({LockFileName} is locked); wait for it to finish or stop it, then try again.",
                e);
        }
    }

    /// <summary>Returns the outermost directory of <paramref name="full"/> that does not exist yet, or <see langword="null"/>.</summary>
    private static string? FirstMissingAncestor(string full)
    {
        string? missing = null;
        for (var dir = full; dir is not null && !Directory.Exists(dir); dir = Path.GetDirectoryName(dir))
        {
            missing = dir;
        }

        return missing;
    }

    private static void TryDeleteTree(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: the error that got us here is the one to report.
        }
    }

    /// <summary>The checks of <see cref="EnsureResumable(string)"/>; returns a note when the event log ends in a torn line
    /// (what a killed writer leaves, cut on resume), or <see langword="null"/>.</summary>
    private static string? EnsureResumable(string full, RunState? state, RunSummary? summary)
    {
        var candidates = Path.Combine(full, CandidatesFileName);
        var candidatesLength = File.Exists(candidates) ? new FileInfo(candidates).Length : -1;
        if (state is null)
        {
            // No state, yet the run had got somewhere: starting again from zero would write a new run over its results.
            string? progress = summary is { Status: RunSummary.Completed } ? "its summary says it completed"
                : summary is { Iterations: > 0 } or { Rollouts: > 0 } ? $"its summary records {summary.Iterations} iterations and {summary.Rollouts} rollouts"
                : candidatesLength > 0 ? $"{CandidatesFileName} holds proposals"
                : File.Exists(Path.Combine(full, BestCandidateFileName)) ? $"it has a {BestCandidateFileName}"
                : null;
            if (progress is not null)
            {
                throw new GepaRunDirectoryException(
                    GepaRunDirectoryError.Damaged,
                    $"{Path.Combine(full, StateFileName)} is missing, but the run had progressed ({progress}); resuming would start it again from zero on top of its results. Restore {StateFileName}, or start a new run in another directory.");
            }
        }
        else
        {
            // The proposal journal is checked as the checkpoint journals are (their records are read when the state is).
            ScanJournal(candidates, new JournalMark { Length = state.CandidatesLength, Lines = state.RecordCount }, "proposal record", (line, json) =>
            {
                if (!IsJsonObject(json))
                {
                    throw Damaged(candidates, line, "is not a whole JSON record");
                }
            });
        }

        return CheckEvents(Path.Combine(full, EventsFileName));
    }

    private static string? CheckEvents(string file)
    {
        if (!File.Exists(file))
        {
            return null;
        }

        var bytes = File.ReadAllBytes(file);
        var line = 0;
        var start = 0;
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] != '\n')
            {
                continue;
            }

            line++;
            if (i > start && !IsJsonObject(bytes.AsSpan(start, i - start)))
            {
                throw Damaged(file, line, "is not a whole JSON event");
            }

            start = i + 1;
        }

        return start == bytes.Length ? null : $"the torn last line of {EventsFileName} (line {line + 1}, {bytes.Length - start} bytes, left by the killed session) was removed";
    }

    private static GepaRunDirectoryException Damaged(string file, int line, string what) => new(
        GepaRunDirectoryError.Damaged,
        $"{file}:{line}: this line {what}; resuming would append to a damaged file, so nothing was changed. Restore the file, or start a new run in another directory.");

    private static bool IsJsonObject(ReadOnlySpan<byte> line)
    {
        try
        {
            var reader = new Utf8JsonReader(line);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            reader.Skip();
            return !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static int PeekFormatVersion(byte[] json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("formatVersion", out var v) && v.TryGetInt32(out var n) ? n : 0;
    }

    private static GepaRunDirectoryException NewerFormat(string file, int version) => new(
        GepaRunDirectoryError.NewerFormat,
        $"{file} has format version {version}, newer than this version understands ({CurrentFormatVersion}); upgrade to resume it.");

    private static void EnsureSameFingerprint(string path, IReadOnlyDictionary<string, string> recorded, IReadOnlyDictionary<string, string> current)
    {
        var differences = recorded.Keys.Union(current.Keys, StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .Where(k => recorded.GetValueOrDefault(k) != current.GetValueOrDefault(k))
            .Select(k => $"{k} was {Show(recorded.GetValueOrDefault(k))} and is now {Show(current.GetValueOrDefault(k))}")
            .ToList();
        if (differences.Count > 0)
        {
            var shown = differences.Count > 8 ? [.. differences.Take(8), $"and {differences.Count - 8} more"] : differences;
            throw new GepaRunDirectoryException(
                GepaRunDirectoryError.DifferentConfiguration,
                $"{path} was made with a different configuration or data, so resuming it would not continue that run: {string.Join("; ", shown)}.");
        }
    }

    private static string Show(string? value) => value switch
    {
        null => "unset",
        { Length: > 40 } => $"'{value[..12]}…'",
        _ => $"'{value}'",
    };

    /// <summary>The engine's best: highest mean, then the larger coverage, then the lowest index.</summary>
    private static int BestIndex(List<IReadOnlyDictionary<int, double>> scores)
    {
        var best = 0;
        var bestMean = double.NegativeInfinity;
        var bestCoverage = -1;
        for (var k = 0; k < scores.Count; k++)
        {
            // Only fully evaluated candidates (as many scores as the seed) can be best: under adaptive validation a
            // partially evaluated candidate's mean is over a few examples and must never be reported as the best score.
            if (scores[k].Count < scores[0].Count)
            {
                continue;
            }

            var mean = scores[k].Count == 0 ? double.NegativeInfinity : scores[k].Values.Sum() / scores[k].Count;
            if (k == 0 || mean > bestMean || (mean == bestMean && scores[k].Count > bestCoverage))
            {
                (best, bestMean, bestCoverage) = (k, mean, scores[k].Count);
            }
        }

        return best;
    }

    private static double Mean(IReadOnlyDictionary<int, double> scores) => scores.Count == 0 ? 0 : scores.Values.Sum() / scores.Count;

    private RunSummary SummaryOf(GepaCheckpoint cp)
    {
        var scores = cp.Candidates.Select(c => (IReadOnlyDictionary<int, double>)c.ValScores).ToList();
        var best = BestIndex(scores);
        return new RunSummary
        {
            Status = RunSummary.Running,
            Resumable = true,
            ResumeCommand = _options.ResumeCommand,
            Session = Session,
            Iterations = cp.Iteration + 1,
            Rollouts = cp.TotalMetricCalls,
            Budget = _budget,
            Candidates = cp.Candidates.Count,
            BestCandidate = best,
            BestScore = Mean(scores[best]),
            SeedScore = Mean(scores[0]),
            ProposalsTried = (int)cp.Counters.GetValueOrDefault("proposalsTried"),
            ProposalsAccepted = (int)cp.Counters.GetValueOrDefault("proposalsAccepted"),
            FailedProposals = (int)cp.Counters.GetValueOrDefault("failedProposals"),
            Elapsed = cp.Elapsed,
        };
    }

    private void PrepareJournals(RunSummary? previous)
    {
        // The records past the saved state belong to an iteration that will be run again; cut them off. So do the
        // checkpoint journals' lines past the saved marks (appended by a checkpoint whose state was never written).
        _records.CutToMark();
        foreach (var journal in _journal.Files)
        {
            journal.CutToMark();
        }

        // Events are a log of everything that happened, the interrupted iteration included. A killed writer can leave only
        // a torn last line (EnsureResumable refused anything else); it goes, and the resume event says so.
        var events = Path.Combine(FullPath, EventsFileName);
        if (_tornEventsNote is not null && File.Exists(events))
        {
            using var file = new FileStream(events, FileMode.Open, FileAccess.ReadWrite);
            var end = file.Length;
            while (end > 0)
            {
                file.Position = end - 1;
                if (file.ReadByte() == '\n')
                {
                    break;
                }

                end--;
            }

            file.SetLength(end);
        }

        var how = previous?.Status switch
        {
            RunSummary.Running or null => "the previous session ended without stopping (killed or crashed)",
            { } status => $"the previous session stopped: {status}",
        };
        WriteEvent(new RunEvent
        {
            Event = "resume",
            Iteration = State is { } s ? s.Checkpoint.Iteration + 1 : null,
            Rollouts = State?.Checkpoint.TotalMetricCalls,
            Message = $"{how}; continuing from {(State is null ? "the start (no checkpoint was saved)" : "the last checkpoint")}{(_tornEventsNote is null ? "" : "; " + _tornEventsNote)}",
        });
    }

    /// <summary>Stages the queued records for the next write of a checkpoint, numbered after those already staged.</summary>
    private void StageRecords()
    {
        if (_pending.Count == 0)
        {
            return;
        }

        var lines = new ArrayBufferWriter<byte>();
        var first = _records.StagedMark.Lines;
        for (var i = 0; i < _pending.Count; i++)
        {
            _pending[i].Id = first + i;
            lines.Write(Json(_pending[i], RunJsonWriter.Write, indented: false));
            lines.Write("\n"u8);
        }

        _records.Stage(lines.WrittenSpan, _pending.Count);
        _pending.Clear();
    }

    private void WriteBest(Candidate best) => AtomicWrite.WriteAllBytes(
        Path.Combine(FullPath, BestCandidateFileName),
        Json<IEnumerable<KeyValuePair<string, string>>>(best.ToDictionary(StringComparer.Ordinal), RunJsonWriter.Write, indented: true));

    private void WriteFront(List<IReadOnlyDictionary<int, double>> scores, int best)
    {
        // Every example any candidate was scored on, in order, without sets: this runs at every change of the pool.
        var ids = new List<int>();
        foreach (var s in scores)
        {
            ids.AddRange(s.Keys);
        }

        ids.Sort();
        var isMember = new bool[scores.Count];
        var examples = new List<ParetoFrontExample>();
        for (var i = 0; i < ids.Count; i++)
        {
            var id = ids[i];
            if (i > 0 && ids[i - 1] == id)
            {
                continue;
            }

            var top = double.NegativeInfinity;
            var found = false;
            foreach (var s in scores)
            {
                // As Enumerable.Max: a NaN counts only when every score is one.
                if (s.TryGetValue(id, out var v) && (!found || v > top || double.IsNaN(top)))
                {
                    (top, found) = (v, true);
                }
            }

            var holders = new List<int>();
            for (var k = 0; k < scores.Count; k++)
            {
                if (scores[k].TryGetValue(id, out var v) && v == top)
                {
                    holders.Add(k);
                    isMember[k] = true;
                }
            }

            examples.Add(new ParetoFrontExample { Example = id, BestScore = top, Candidates = holders });
        }

        var document = new ParetoFrontDocument { BestCandidate = best, Examples = examples, Members = [.. Enumerable.Range(0, scores.Count).Where(k => isMember[k])] };

        // Numbers only, so there is nothing to redact: the document is written as serialized.
        AtomicWrite.WriteAllBytes(Path.Combine(FullPath, ParetoFrontFileName), RunJsonWriter.ToUtf8Bytes(document, RunJsonWriter.Write, indented: true));
    }

    private void WriteSummary(RunSummary summary)
    {
        summary.UpdatedAt = _options.TimeProvider.GetUtcNow();
        summary.ResumeCommand ??= _options.ResumeCommand;
        AtomicWrite.WriteAllBytes(Path.Combine(FullPath, SummaryFileName), Json(summary, RunJsonWriter.Write, indented: true));
        (_summary, _summaryStale, _summaryAt) = (summary, false, _options.TimeProvider.GetTimestamp());
    }

    /// <summary>Serializes a document for a file, with the host's secrets removed from it.</summary>
    private byte[] Json<T>(T value, Action<Utf8JsonWriter, T> write, bool indented)
    {
        return Redact(RunJsonWriter.ToUtf8Bytes(value, write, indented));
    }

    /// <summary>Removes the host's secrets from a serialized document.</summary>
    private byte[] Redact(byte[] bytes)
    {
        if (_options.Redact is not { } redact)
        {
            return bytes;
        }

        var text = Encoding.UTF8.GetString(bytes);
        var redacted = redact(text);
        return ReferenceEquals(text, redacted) || text == redacted ? bytes : Encoding.UTF8.GetBytes(redacted);
    }

    private bool TryWrite(Action write)
    {
        try
        {
            write();
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or JsonException or InvalidOperationException)
        {
            WriteFailed?.Invoke(e);
            return false;
        }
    }
}
