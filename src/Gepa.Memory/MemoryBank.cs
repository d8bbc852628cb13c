using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.AI;

namespace Gepa;

/// <summary>The cross-task memory: one SQLite file holding task profiles, every edit of every ingested run, lessons with
/// their evidence and counters, and the best candidates. The schema is versioned (<c>schema_version</c>); a file written
/// by a newer version, a corrupt file or a file another process keeps locked is refused with one
/// <see cref="MemoryBankException"/> naming it, and never altered. Every text passes through secret removal before it is
/// stored.</summary>
public sealed class MemoryBank : IDisposable
{
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;
    private const int SqliteCorrupt = 11;
    private const int SqliteNotADatabase = 26;

    private static readonly string[] Schema =
    [
        "CREATE TABLE schema_version (version INTEGER NOT NULL)",
        "CREATE TABLE tasks (id TEXT PRIMARY KEY, objective TEXT NOT NULL, seed_texts TEXT NOT NULL, sample_inputs TEXT NOT NULL, embedding BLOB, updated_at TEXT NOT NULL)",
        "CREATE TABLE runs (id TEXT PRIMARY KEY, task_id TEXT NOT NULL, source TEXT NOT NULL, ingested_at TEXT NOT NULL)",
        "CREATE TABLE edits (id INTEGER PRIMARY KEY AUTOINCREMENT, task_id TEXT NOT NULL, run_id TEXT NOT NULL, iteration INTEGER NOT NULL, kind TEXT NOT NULL, component TEXT NOT NULL, parent INTEGER NOT NULL, child INTEGER, diff TEXT NOT NULL, score_before REAL, score_after REAL, accepted INTEGER NOT NULL, val_delta REAL, feedback TEXT NOT NULL)",
        "CREATE TABLE lessons (id INTEGER PRIMARY KEY AUTOINCREMENT, text TEXT NOT NULL, role TEXT NOT NULL, scope TEXT NOT NULL, evidence TEXT NOT NULL, gain REAL NOT NULL, helpful INTEGER NOT NULL, harmful INTEGER NOT NULL, source TEXT NOT NULL, embedding BLOB, created_at TEXT NOT NULL)",
        "CREATE TABLE best_candidates (task_id TEXT NOT NULL, run_id TEXT NOT NULL, components TEXT NOT NULL, val_score REAL NOT NULL, test_score REAL, rollouts INTEGER NOT NULL, PRIMARY KEY (task_id, run_id))",
        "CREATE INDEX edits_task ON edits (task_id)",
        "CREATE INDEX lessons_role ON lessons (role)",
    ];

    private readonly SqliteConnection _connection;
    private readonly IEmbeddingGenerator<string, Embedding<float>> _embedder;
    private readonly MemoryBankOptions _options;
    private readonly TimeProvider _time;
    private SqliteTransaction? _transaction;
    private int _checkedDimensions;
    private bool _disposed;

    private MemoryBank(string path, SqliteConnection connection, IEmbeddingGenerator<string, Embedding<float>> embedder, MemoryBankOptions options, TimeProvider time)
    {
        FilePath = path;
        _connection = connection;
        _embedder = embedder;
        _options = options;
        _time = time;
    }

    /// <summary>Gets the bank's file.</summary>
    public string FilePath { get; }

    /// <summary>Gets the options the bank was opened with.</summary>
    public MemoryBankOptions Options => _options;

    /// <summary>Gets the embedding generator the bank embeds lessons and profiles with.</summary>
    public IEmbeddingGenerator<string, Embedding<float>> Embedder => _embedder;

    /// <summary>Gets the name of the embedder the bank was opened with, as it is recorded in the file: the provider and
    /// model its <see cref="EmbeddingGeneratorMetadata"/> gives (<c>ollama:nomic-embed-text</c>, <c>hashed</c>), else its
    /// type's name. Never a key or an address.</summary>
    public string EmbedderName => NameOf(_embedder);

    /// <summary>Gets the similarity floor retrieval uses when none is set: <see cref="MemoryConstants.BuiltInSimilarityFloor"/>
    /// with a built-in embedder (<see cref="HashedEmbeddingGenerator"/>, <see cref="LexicalEmbeddingGenerator"/>), whose
    /// cosine counts shared words, else <see cref="MemoryConstants.SimilarityFloor"/>.</summary>
    public double DefaultSimilarityFloor => EmbedderName is MemoryConstants.HashedEmbedderName or MemoryConstants.LexicalEmbedderName
        ? MemoryConstants.BuiltInSimilarityFloor
        : MemoryConstants.SimilarityFloor;

    /// <summary>Gets the name of the embedder that filled the bank (recorded with the first vector it embedded), or
    /// <see langword="null"/> when none is recorded (an empty bank, or one written before embedders were recorded).</summary>
    public string? RecordedEmbedderName => Run(() => ReadRecordedEmbedder().Name);

    /// <summary>Gets the vector length of the embedder that filled the bank, or <see langword="null"/> when none is
    /// recorded and no vector is stored.</summary>
    public int? RecordedEmbedderDimensions => Run(() => ReadRecordedEmbedder().Dimensions ?? StoredDimensions());

    /// <summary>Opens the bank at <paramref name="path"/>, creating the file and its schema when there is none.</summary>
    /// <param name="path">The SQLite file.</param>
    /// <param name="embedder">What embeds lessons and task profiles (the same one must be used for retrieval).</param>
    /// <param name="options">The options; defaults when <see langword="null"/>. With
    /// <see cref="MemoryBankOptions.OwnsEmbedder"/>, the bank disposes <paramref name="embedder"/>.</param>
    /// <param name="time">The clock for timestamps; the system clock when <see langword="null"/>.</param>
    /// <returns>The open bank.</returns>
    /// <exception cref="MemoryBankException">The file is corrupt, locked, not a SQLite database, or newer than this
    /// version understands.</exception>
    public static MemoryBank Open(string path, IEmbeddingGenerator<string, Embedding<float>> embedder, MemoryBankOptions? options = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(embedder);
        options ??= new MemoryBankOptions();
        try
        {
            return OpenFile(path, embedder, options, time);
        }
        catch when (options.OwnsEmbedder)
        {
            // Ownership passed with the call: a bank that could not be opened must not leak the embedder's connections.
            embedder.Dispose();
            throw;
        }
    }

    private static MemoryBank OpenFile(string path, IEmbeddingGenerator<string, Embedding<float>> embedder, MemoryBankOptions options, TimeProvider? time)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        options.Validate();
        var full = Path.GetFullPath(path);
        if (Directory.Exists(full))
        {
            throw new MemoryBankException($"{full} is a directory, not a memory bank file.") { FilePath = full };
        }

        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = full,
            Mode = SqliteOpenMode.ReadWriteCreate,
            // Pooled connections keep the file open after Dispose, which would hold locks other processes then see.
            Pooling = false,
            DefaultTimeout = Math.Max(1, options.BusyTimeoutMilliseconds / 1000),
        };
        var connection = new SqliteConnection(builder.ToString());
        try
        {
            connection.Open();
            Execute(connection, $"PRAGMA busy_timeout = {options.BusyTimeoutMilliseconds.ToString(CultureInfo.InvariantCulture)}");
            var bank = new MemoryBank(full, connection, embedder, options, time ?? TimeProvider.System);
            bank.EnsureSchema();
            return bank;
        }
        catch (SqliteException e)
        {
            connection.Dispose();
            throw Translate(full, e);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Opens the bank at <paramref name="path"/> with the built-in embedder in the version that filled it, so that
    /// no bank is ever re-embedded or refused for being older: <see cref="HashedEmbeddingGenerator"/> (version 1) for a bank
    /// recorded as <see cref="MemoryConstants.HashedEmbedderName"/> or one that stores vectors without a record (written
    /// before banks recorded their embedder, when version 1 was the only built-in one), and
    /// <see cref="LexicalEmbeddingGenerator"/> (version 2) for a new or empty bank and one recorded as
    /// <see cref="MemoryConstants.LexicalEmbedderName"/>. A bank another embedder filled opens with version 2 and refuses to
    /// embed, naming its embedder, as <see cref="Open"/> does.</summary>
    /// <param name="path">The SQLite file.</param>
    /// <param name="options">The options; defaults when <see langword="null"/>.</param>
    /// <param name="time">The clock for timestamps; the system clock when <see langword="null"/>.</param>
    /// <returns>The open bank; its <see cref="Embedder"/> is the version chosen (it holds nothing to release).</returns>
    /// <exception cref="MemoryBankException">The file is corrupt, locked, not a SQLite database, or newer than this
    /// version understands.</exception>
    public static MemoryBank OpenWithBuiltInEmbedder(string path, MemoryBankOptions? options = null, TimeProvider? time = null)
    {
        var bank = Open(path, new LexicalEmbeddingGenerator(), options, time);
        try
        {
            var recorded = bank.RecordedEmbedderName;
            if (recorded != MemoryConstants.HashedEmbedderName && (recorded is not null || bank.RecordedEmbedderDimensions is null))
            {
                return bank;
            }
        }
        catch
        {
            bank.Dispose();
            throw;
        }

        bank.Dispose();
        return Open(path, new HashedEmbeddingGenerator(), options, time);
    }

    /// <summary>Saves (or replaces) a task's profile, embedding it; sample inputs are dropped unless
    /// <see cref="MemoryBankOptions.KeepSampleInputs"/> is on.</summary>
    /// <param name="profile">The profile.</param>
    /// <param name="cancellationToken">Cancels the embedding.</param>
    /// <returns>The stored profile (redacted, embedded).</returns>
    public async Task<TaskProfile> SaveTaskProfileAsync(TaskProfile profile, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var stored = PrepareTaskProfile(profile);
        stored.Embedding = await EmbedAsync(stored.DescribeForEmbedding(), cancellationToken);
        StoreTaskProfile(stored);
        return stored;
    }

    /// <summary>The profile as it will be stored (redacted; sample inputs only when kept), not yet embedded.</summary>
    internal TaskProfile PrepareTaskProfile(TaskProfile profile) => new()
    {
        Id = profile.Id,
        Objective = Clean(profile.Objective),
        SeedTexts = profile.SeedTexts.ToDictionary(p => p.Key, p => Clean(p.Value), StringComparer.Ordinal),
        SampleInputs = _options.KeepSampleInputs ? [.. profile.SampleInputs.Take(MemoryConstants.MaxSampleInputs).Select(Clean)] : [],
    };

    /// <summary>Stores a profile made by <see cref="PrepareTaskProfile"/> and embedded, recording the embedder with it.</summary>
    internal void StoreTaskProfile(TaskProfile stored) => Run(() =>
    {
        CheckEmbedder(stored.Embedding.Length);
        Execute(
            _connection,
            _transaction,
            "INSERT OR REPLACE INTO tasks (id, objective, seed_texts, sample_inputs, embedding, updated_at) VALUES ($id, $o, $s, $i, $e, $t)",
            ("$id", stored.Id),
            ("$o", stored.Objective),
            ("$s", JsonSerializer.Serialize(stored.SeedTexts, MemoryJsonContext.Default.DictionaryStringString)),
            ("$i", JsonSerializer.Serialize(stored.SampleInputs, MemoryJsonContext.Default.ListString)),
            ("$e", VectorMath.ToBytes(stored.Embedding)),
            ("$t", Now()));
    });

    /// <summary>Lists every task profile.</summary>
    /// <returns>The profiles, by id.</returns>
    public IReadOnlyList<TaskProfile> ListTaskProfiles() => Run(() =>
    {
        var list = new List<TaskProfile>();
        using var reader = Query("SELECT id, objective, seed_texts, sample_inputs, embedding FROM tasks ORDER BY id");
        while (reader.Read())
        {
            list.Add(new TaskProfile
            {
                Id = reader.GetString(0),
                Objective = reader.GetString(1),
                SeedTexts = JsonSerializer.Deserialize(reader.GetString(2), MemoryJsonContext.Default.DictionaryStringString) ?? [],
                SampleInputs = JsonSerializer.Deserialize(reader.GetString(3), MemoryJsonContext.Default.ListString) ?? [],
                Embedding = VectorMath.FromBytes(reader.IsDBNull(4) ? null : (byte[])reader[4]),
            });
        }

        return list;
    });

    /// <summary>Whether a run has already been ingested (so ingesting it again adds nothing twice).</summary>
    /// <param name="runId">The run.</param>
    /// <returns><see langword="true"/> when it has.</returns>
    public bool HasRun(string runId) => Run(() => Scalar("SELECT COUNT(*) FROM runs WHERE id = $id", ("$id", runId)) > 0);

    /// <summary>Records that a run was ingested.</summary>
    /// <param name="runId">The run.</param>
    /// <param name="taskId">Its task.</param>
    /// <param name="source">Where it came from (a run directory, or the engine's callbacks).</param>
    public void AddRun(string runId, string taskId, string source) => Run(() => Execute(
        _connection,
        _transaction,
        "INSERT OR REPLACE INTO runs (id, task_id, source, ingested_at) VALUES ($id, $task, $src, $t)",
        ("$id", runId),
        ("$task", taskId),
        ("$src", Clean(source)),
        ("$t", Now())));

    /// <summary>Stores one edit.</summary>
    /// <param name="edit">The edit; its diff and feedback are redacted, the feedback cut to 500 characters and the diff to 4,000.</param>
    /// <returns>The edit's id.</returns>
    public long AddEdit(EditRecord edit)
    {
        ArgumentNullException.ThrowIfNull(edit);
        var feedback = Clean(edit.Feedback);
        if (feedback.Length > MemoryConstants.MaxFeedbackLength)
        {
            feedback = feedback[..MemoryConstants.MaxFeedbackLength];
        }

        var diff = Clean(edit.Diff);
        if (diff.Length > MemoryConstants.MaxDiffLength)
        {
            diff = diff[..MemoryConstants.MaxDiffLength] + string.Create(CultureInfo.InvariantCulture, $"\n… ({diff.Length - MemoryConstants.MaxDiffLength} more characters not kept)");
        }

        edit.Id = Run(() => Scalar(
            "INSERT INTO edits (task_id, run_id, iteration, kind, component, parent, child, diff, score_before, score_after, accepted, val_delta, feedback) " +
            "VALUES ($task, $run, $it, $kind, $comp, $parent, $child, $diff, $before, $after, $acc, $delta, $fb); SELECT last_insert_rowid();",
            ("$task", edit.TaskId),
            ("$run", edit.RunId),
            ("$it", edit.Iteration),
            ("$kind", edit.Kind),
            ("$comp", edit.Component),
            ("$parent", edit.Parent),
            ("$child", edit.Child),
            ("$diff", diff),
            ("$before", edit.ScoreBefore),
            ("$after", edit.ScoreAfter),
            ("$acc", edit.Accepted ? 1 : 0),
            ("$delta", edit.ValDelta),
            ("$fb", feedback)));
        return edit.Id;
    }

    /// <summary>Lists the edits of a task (or of every task).</summary>
    /// <param name="taskId">The task, or <see langword="null"/> for all.</param>
    /// <returns>The edits in the order they were stored.</returns>
    public IReadOnlyList<EditRecord> ListEdits(string? taskId = null) => Run(() =>
    {
        var list = new List<EditRecord>();
        using var reader = Query(
            "SELECT id, task_id, run_id, iteration, kind, component, parent, child, diff, score_before, score_after, accepted, val_delta, feedback FROM edits " +
            "WHERE $task IS NULL OR task_id = $task ORDER BY id",
            ("$task", taskId));
        while (reader.Read())
        {
            list.Add(new EditRecord
            {
                Id = reader.GetInt64(0),
                TaskId = reader.GetString(1),
                RunId = reader.GetString(2),
                Iteration = reader.GetInt32(3),
                Kind = reader.GetString(4),
                Component = reader.GetString(5),
                Parent = reader.GetInt32(6),
                Child = reader.IsDBNull(7) ? null : reader.GetInt32(7),
                Diff = reader.GetString(8),
                ScoreBefore = reader.IsDBNull(9) ? null : reader.GetDouble(9),
                ScoreAfter = reader.IsDBNull(10) ? null : reader.GetDouble(10),
                Accepted = reader.GetInt64(11) != 0,
                ValDelta = reader.IsDBNull(12) ? null : reader.GetDouble(12),
                Feedback = reader.GetString(13),
            });
        }

        return list;
    });

    /// <summary>Adds a lesson, curating as it goes: a lesson without evidence is dropped; one whose embedding is a near
    /// duplicate (cosine at or above <see cref="MemoryBankOptions.DuplicateSimilarity"/>) of a lesson of the same role is
    /// merged into it (counters, evidence, scope and gain summed; the shorter text kept); then the role is capped at
    /// <see cref="MemoryBankOptions.MaxLessonsPerRole"/>, dropping the weakest.</summary>
    /// <param name="lesson">The lesson.</param>
    /// <param name="cancellationToken">Cancels the embedding.</param>
    /// <returns>The id of the stored or merged lesson, or <see langword="null"/> when it was dropped.</returns>
    public async Task<long?> AddLessonAsync(Lesson lesson, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lesson);
        if (lesson.Evidence.Count == 0 || LessonText(lesson) is not { } text)
        {
            return null;
        }

        return AddLesson(lesson, await EmbedAsync(text, cancellationToken));
    }

    /// <summary>The text a lesson is stored and embedded as (redacted, trimmed, cut to the longest kept), or
    /// <see langword="null"/> when nothing is left.</summary>
    internal string? LessonText(Lesson lesson)
    {
        var text = Clean(lesson.Text).Trim();
        if (text.Length > MemoryConstants.MaxLessonLength)
        {
            text = text[..MemoryConstants.MaxLessonLength];
        }

        return text.Length == 0 ? null : text;
    }

    /// <summary>Stores a lesson whose <see cref="LessonText"/> is already embedded, curating as
    /// <see cref="AddLessonAsync"/> does.</summary>
    internal long? AddLesson(Lesson lesson, float[] embedding)
    {
        if (lesson.Evidence.Count == 0 || LessonText(lesson) is not { } text)
        {
            return null;
        }

        long? stored = null;
        InTransaction(() =>
        {
            CheckEmbedder(embedding.Length);
            var duplicate = ListLessons(lesson.Role)
                .Select(l => (Lesson: l, Similarity: VectorMath.Cosine(l.Embedding, embedding)))
                .Where(p => p.Similarity >= _options.DuplicateSimilarity)
                .OrderByDescending(p => p.Similarity)
                .Select(p => p.Lesson)
                .FirstOrDefault();
            long id;
            if (duplicate is not null)
            {
                var keepNew = text.Length < duplicate.Text.Length;
                Execute(
                    _connection,
                    _transaction,
                    "UPDATE lessons SET text = $text, embedding = $e, scope = $scope, evidence = $ev, gain = $gain, helpful = $h, harmful = $x WHERE id = $id",
                    ("$text", keepNew ? text : duplicate.Text),
                    ("$e", VectorMath.ToBytes(keepNew ? embedding : duplicate.Embedding)),
                    ("$scope", JsonSerializer.Serialize(duplicate.Scope.Union(lesson.Scope).ToList(), MemoryJsonContext.Default.ListString)),
                    ("$ev", JsonSerializer.Serialize(duplicate.Evidence.Union(lesson.Evidence).ToList(), MemoryJsonContext.Default.ListInt64)),
                    ("$gain", duplicate.Gain + lesson.Gain),
                    ("$h", duplicate.Helpful + lesson.Helpful),
                    ("$x", duplicate.Harmful + lesson.Harmful),
                    ("$id", duplicate.Id));
                id = duplicate.Id;
            }
            else
            {
                id = Scalar(
                    "INSERT INTO lessons (text, role, scope, evidence, gain, helpful, harmful, source, embedding, created_at) VALUES ($text, $role, $scope, $ev, $gain, $h, $x, $src, $e, $t); SELECT last_insert_rowid();",
                    ("$text", text),
                    ("$role", lesson.Role),
                    ("$scope", JsonSerializer.Serialize(lesson.Scope, MemoryJsonContext.Default.ListString)),
                    ("$ev", JsonSerializer.Serialize(lesson.Evidence, MemoryJsonContext.Default.ListInt64)),
                    ("$gain", lesson.Gain),
                    ("$h", lesson.Helpful),
                    ("$x", lesson.Harmful),
                    ("$src", lesson.Source),
                    ("$e", VectorMath.ToBytes(embedding)),
                    ("$t", Now()));
            }

            Cap(lesson.Role);
            stored = id;
        });
        return stored;
    }

    /// <summary>Lists lessons, strongest first (record, then gain).</summary>
    /// <param name="role">A role to keep, or <see langword="null"/> for all.</param>
    /// <returns>The lessons.</returns>
    public IReadOnlyList<Lesson> ListLessons(string? role = null) => Run(() =>
    {
        var list = new List<Lesson>();
        using var reader = Query(
            "SELECT id, text, role, scope, evidence, gain, helpful, harmful, source, embedding FROM lessons WHERE $role IS NULL OR role = $role ORDER BY id",
            ("$role", role));
        while (reader.Read())
        {
            list.Add(new Lesson
            {
                Id = reader.GetInt64(0),
                Text = reader.GetString(1),
                Role = reader.GetString(2),
                Scope = JsonSerializer.Deserialize(reader.GetString(3), MemoryJsonContext.Default.ListString) ?? [],
                Evidence = JsonSerializer.Deserialize(reader.GetString(4), MemoryJsonContext.Default.ListInt64) ?? [],
                Gain = reader.GetDouble(5),
                Helpful = reader.GetInt32(6),
                Harmful = reader.GetInt32(7),
                Source = reader.GetString(8),
                Embedding = VectorMath.FromBytes(reader.IsDBNull(9) ? null : (byte[])reader[9]),
            });
        }

        return list.OrderByDescending(l => l.Record).ThenByDescending(l => l.Gain).ThenBy(l => l.Id).ToList();
    });

    /// <summary>Gets one lesson.</summary>
    /// <param name="id">Its id.</param>
    /// <returns>The lesson, or <see langword="null"/> when there is none with that id.</returns>
    public Lesson? GetLesson(long id) => ListLessons().FirstOrDefault(l => l.Id == id);

    /// <summary>Updates the counters of the lessons a reflection cited: helpful when the child was accepted, harmful when
    /// it was rejected; then prunes.</summary>
    /// <param name="lessonIds">The cited lessons (unknown ids are ignored).</param>
    /// <param name="accepted">Whether the child was accepted.</param>
    public void RecordOutcome(IEnumerable<long> lessonIds, bool accepted)
    {
        ArgumentNullException.ThrowIfNull(lessonIds);
        var column = accepted ? "helpful" : "harmful";
        Run(() =>
        {
            foreach (var id in lessonIds.Distinct())
            {
                Execute(_connection, _transaction, $"UPDATE lessons SET {column} = {column} + 1 WHERE id = $id", ("$id", id));
            }
        });
        Prune();
    }

    /// <summary>Removes the lessons whose harmful count reached their helpful count plus
    /// <see cref="MemoryBankOptions.PruneMargin"/>.</summary>
    /// <returns>How many were removed.</returns>
    public int Prune() => Run(() => (int)Scalar(
        "DELETE FROM lessons WHERE harmful >= helpful + $m; SELECT changes();",
        ("$m", _options.PruneMargin)));

    /// <summary>Saves the best candidate of a run.</summary>
    /// <param name="best">The candidate; its texts are redacted.</param>
    public void SaveBestCandidate(BestCandidateRecord best)
    {
        ArgumentNullException.ThrowIfNull(best);
        var components = best.Components.ToDictionary(p => p.Key, p => Clean(p.Value), StringComparer.Ordinal);
        Run(() => Execute(
            _connection,
            _transaction,
            "INSERT OR REPLACE INTO best_candidates (task_id, run_id, components, val_score, test_score, rollouts) VALUES ($task, $run, $c, $v, $test, $r)",
            ("$task", best.TaskId),
            ("$run", best.RunId),
            ("$c", JsonSerializer.Serialize(components, MemoryJsonContext.Default.DictionaryStringString)),
            ("$v", best.ValScore),
            ("$test", best.TestScore),
            ("$r", best.Rollouts)));
    }

    /// <summary>Lists the best candidates, best validation score first.</summary>
    /// <param name="taskId">A task to keep, or <see langword="null"/> for all.</param>
    /// <returns>The candidates.</returns>
    public IReadOnlyList<BestCandidateRecord> ListBestCandidates(string? taskId = null) => Run(() =>
    {
        var list = new List<BestCandidateRecord>();
        using var reader = Query(
            "SELECT task_id, run_id, components, val_score, test_score, rollouts FROM best_candidates WHERE $task IS NULL OR task_id = $task ORDER BY val_score DESC, task_id, run_id",
            ("$task", taskId));
        while (reader.Read())
        {
            list.Add(new BestCandidateRecord
            {
                TaskId = reader.GetString(0),
                RunId = reader.GetString(1),
                Components = JsonSerializer.Deserialize(reader.GetString(2), MemoryJsonContext.Default.DictionaryStringString) ?? [],
                ValScore = reader.GetDouble(3),
                TestScore = reader.IsDBNull(4) ? null : reader.GetDouble(4),
                Rollouts = reader.GetInt32(5),
            });
        }

        return list;
    });

    /// <summary>Runs <paramref name="body"/> in one transaction: everything it stores, or nothing.</summary>
    /// <param name="body">The work.</param>
    public void InTransaction(Action body)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (_transaction is not null)
        {
            body();
            return;
        }

        Run(() =>
        {
            using var transaction = _connection.BeginTransaction();
            _transaction = transaction;
            var checkedDimensions = _checkedDimensions;
            try
            {
                body();
                transaction.Commit();
            }
            catch
            {
                // An embedder recorded inside the rolled-back transaction is no longer recorded.
                _checkedDimensions = checkedDimensions;
                throw;
            }
            finally
            {
                _transaction = null;
            }
        });
    }

    /// <summary>Embeds a text with the bank's generator.</summary>
    /// <param name="text">The text.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The vector.</returns>
    /// <exception cref="MemoryBankException">The bank was filled by another embedder, or the embedder gave no vector or
    /// one of another length: vectors of different embedders are never compared.</exception>
    public async Task<float[]> EmbedAsync(string text, CancellationToken cancellationToken = default)
    {
        var vector = await EmbedUnrecordedAsync(text, cancellationToken);
        Run(() => CheckEmbedder(vector.Length));
        return vector;
    }

    /// <summary>Embeds like <see cref="EmbedAsync"/>, refusing another embedder the same way, but writes nothing: the
    /// embedder is recorded when the vector is stored, so that work computed ahead of a transaction leaves no trace when
    /// the transaction does not happen.</summary>
    internal async Task<float[]> EmbedUnrecordedAsync(string text, CancellationToken cancellationToken)
    {
        // A known mismatch is refused before any call to the embedder (a remote one may cost money or be down).
        Run(() => CheckEmbedder(null));
        var result = await _embedder.GenerateAsync([text], cancellationToken: cancellationToken);
        if (result.Count != 1 || result[0].Vector.Length == 0)
        {
            throw new MemoryBankException($"{FilePath}: the embedder {EmbedderName} returned {result.Count} vector(s) for one text{(result.Count == 1 ? ", of length 0" : "")}; nothing was compared.") { FilePath = FilePath };
        }

        var vector = result[0].Vector.ToArray();
        Run(() => CheckEmbedder(vector.Length, record: false));
        return vector;
    }

    /// <summary>Closes the file, and disposes the embedder when the bank owns it
    /// (<see cref="MemoryBankOptions.OwnsEmbedder"/>).</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _connection.Dispose();
        if (_options.OwnsEmbedder)
        {
            _embedder.Dispose();
        }
    }

    internal string Clean(string text) => SecretScrubber.Scrub(text ?? "", _options.Redact);

    private static MemoryBankException Translate(string path, SqliteException e) => e.SqliteErrorCode switch
    {
        SqliteBusy or SqliteLocked => new MemoryBankException($"{path} is locked by another process; close it (or wait for the other run to finish) and try again.", e) { FilePath = path },
        SqliteCorrupt or SqliteNotADatabase => new MemoryBankException($"{path} is not a readable memory bank (corrupt or not a SQLite file); it was left untouched. Move it away to start a new bank.", e) { FilePath = path },
        _ => new MemoryBankException($"{path}: {e.Message}", e) { FilePath = path },
    };

    private static void Execute(SqliteConnection connection, string sql, params (string Name, object? Value)[] parameters) =>
        Execute(connection, null, sql, parameters);

    private static void Execute(SqliteConnection connection, SqliteTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        command.ExecuteNonQuery();
    }

    private void EnsureSchema()
    {
        var hasTable = Scalar("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'") > 0;
        if (hasTable)
        {
            var version = Scalar("SELECT COALESCE(MAX(version), 0) FROM schema_version");
            if (version > MemoryConstants.SchemaVersion)
            {
                throw new MemoryBankException(
                    $"{FilePath} has memory schema version {version}, newer than this version of gepa understands ({MemoryConstants.SchemaVersion}); upgrade gepa to use it. The file was left untouched.")
                { FilePath = FilePath };
            }

            if (version < 1)
            {
                throw new MemoryBankException($"{FilePath} has an empty schema_version table; it was left untouched.") { FilePath = FilePath };
            }

            return;
        }

        var tables = Scalar("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'");
        if (tables > 0)
        {
            throw new MemoryBankException($"{FilePath} is a SQLite database but not a memory bank (it has no schema_version table); it was left untouched.") { FilePath = FilePath };
        }

        InTransaction(() =>
        {
            foreach (var statement in Schema)
            {
                Execute(_connection, _transaction, statement);
            }

            Execute(_connection, _transaction, "INSERT INTO schema_version (version) VALUES ($v)", ("$v", MemoryConstants.SchemaVersion));
        });
    }

    private static string NameOf(IEmbeddingGenerator<string, Embedding<float>> embedder)
    {
        var metadata = embedder.GetService(typeof(EmbeddingGeneratorMetadata)) as EmbeddingGeneratorMetadata;
        return metadata?.ProviderName is { Length: > 0 } provider
            ? metadata.DefaultModelId is { Length: > 0 } model ? $"{provider}:{model}" : provider
            : embedder.GetType().Name;
    }

    private (string? Name, int? Dimensions) ReadRecordedEmbedder()
    {
        if (Scalar("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'embedder'") == 0)
        {
            return (null, null);
        }

        using var reader = Query("SELECT name, dimensions FROM embedder LIMIT 1");
        return reader.Read() ? (reader.GetString(0), reader.GetInt32(1)) : (null, null);
    }

    // Banks written before the embedder was recorded still tell the vector length by what they store.
    private int? StoredDimensions()
    {
        var bytes = Scalar("SELECT COALESCE((SELECT length(embedding) FROM lessons WHERE embedding IS NOT NULL LIMIT 1), (SELECT length(embedding) FROM tasks WHERE embedding IS NOT NULL LIMIT 1), 0)");
        return bytes > 0 ? (int)(bytes / sizeof(float)) : null;
    }

    // Refuses an embedder other than the one that filled the bank (by name, and by vector length once one is known), and
    // records the embedder with the first vector; the embedder table is added to a version 1 file without changing the
    // version, because older readers ignore tables they do not know.
    private bool CheckEmbedder(int? dimensions, bool record = true)
    {
        if (_checkedDimensions != 0 && (dimensions is null || dimensions == _checkedDimensions))
        {
            return true;
        }

        var (name, recorded) = ReadRecordedEmbedder();
        recorded ??= StoredDimensions();
        var asked = EmbedderName;
        if ((name is not null && name != asked) || (dimensions is { } d && recorded is { } r && d != r))
        {
            var built = (name is null ? "an unrecorded embedder" : "the embedder " + name) + (recorded is { } n ? $" ({n} dimensions)" : "");
            var wants = asked + (dimensions is { } m ? $" ({m} dimensions)" : "");
            throw new MemoryBankException(
                $"{FilePath} was built with {built}; this run asks for {wants}. Vectors of different embedders cannot be compared: use the bank's embedder, or another bank file.")
            { FilePath = FilePath };
        }

        if (dimensions is { } length && record)
        {
            if (name is null)
            {
                Execute(_connection, _transaction, "CREATE TABLE IF NOT EXISTS embedder (name TEXT NOT NULL, dimensions INTEGER NOT NULL)");
                Execute(_connection, _transaction, "DELETE FROM embedder");
                Execute(_connection, _transaction, "INSERT INTO embedder (name, dimensions) VALUES ($n, $d)", ("$n", asked), ("$d", length));
            }

            _checkedDimensions = length;
        }

        return true;
    }

    private void Cap(string role)
    {
        var lessons = ListLessons(role);
        foreach (var weakest in lessons.Skip(_options.MaxLessonsPerRole))
        {
            Execute(_connection, _transaction, "DELETE FROM lessons WHERE id = $id", ("$id", weakest.Id));
        }
    }

    private long Scalar(string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = _connection.CreateCommand();
        command.Transaction = _transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return Convert.ToInt64(command.ExecuteScalar() ?? 0L, CultureInfo.InvariantCulture);
    }

    private SqliteDataReader Query(string sql, params (string Name, object? Value)[] parameters)
    {
        var command = _connection.CreateCommand();
        command.Transaction = _transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command.ExecuteReader(System.Data.CommandBehavior.Default);
    }

    private string Now() => _time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);

    private T Run<T>(Func<T> body)
    {
        try
        {
            return body();
        }
        catch (SqliteException e)
        {
            throw Translate(FilePath, e);
        }
    }

    private void Run(Action body) => Run(() =>
    {
        body();
        return 0;
    });
}
