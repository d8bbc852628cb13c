using System.Diagnostics;
using System.Globalization;
using Gepa;
using Microsoft.Data.Sqlite;

namespace SqlTuner;

/// <summary>Scores a candidate SQL query: 0 when it fails or returns other rows than the reference; otherwise
/// 1 + log10 of its speed-up over the seed (at least 1). Side information: SQLite's error text, a row diff (missing and
/// unexpected rows, first 5 each), the <c>EXPLAIN QUERY PLAN</c> lines and the median time; objectives <c>correct</c>
/// and <c>speed</c>. The database is opened read-only and a query is interrupted after a wall-clock timeout.</summary>
public sealed class SqlEvaluator
{
    private readonly ShopDatabase _database;
    private readonly List<string> _expected;
    private readonly TimeSpan _timeout;
    private readonly double _seedMilliseconds;

    /// <summary>Initializes the evaluator: runs the reference for the expected rows and times the seed.</summary>
    /// <param name="database">The database.</param>
    /// <param name="timeout">How long one run of a query may take.</param>
    public SqlEvaluator(ShopDatabase database, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
        _timeout = timeout ?? TimeSpan.FromSeconds(5);
        _expected = Run(TopCustomersTask.Reference, out _);
        SeedMilliseconds = _seedMilliseconds = Median(TopCustomersTask.Seed);
    }

    /// <summary>Gets the seed's median time, the yardstick of the speed objective.</summary>
    public double SeedMilliseconds { get; }

    /// <summary>Evaluates a query.</summary>
    /// <param name="sql">The query.</param>
    /// <returns>The evaluation.</returns>
    public Evaluation Evaluate(string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        var info = new SideInfo().Input(TopCustomersTask.Question);
        List<string> rows;
        try
        {
            rows = Run(sql, out _);
            info.Set("Query plan", string.Join("\n", Plan(sql)));
        }
        catch (SqliteException e)
        {
            info.Error($"SQLite error {e.SqliteErrorCode}: {e.Message}");
            return new Evaluation(0, info.Score("correct", 0).Score("speed", 0));
        }
        catch (TimeoutException e)
        {
            info.Error(e.Message);
            return new Evaluation(0, info.Score("correct", 0).Score("speed", 0));
        }

        var missing = _expected.Except(rows).ToList();
        var unexpected = rows.Except(_expected).ToList();
        if (missing.Count > 0 || unexpected.Count > 0 || !rows.SequenceEqual(_expected))
        {
            info.Expected(string.Join("\n", _expected.Take(5)) + (_expected.Count > 5 ? "\n…" : ""));
            info.Set("Row diff", $"{rows.Count} rows returned, {_expected.Count} expected.\nmissing (first 5):\n{Lines(missing)}\nunexpected (first 5):\n{Lines(unexpected)}" + (missing.Count == 0 && unexpected.Count == 0 ? "\nThe rows are right but their order is not." : ""));
            return new Evaluation(0, info.Score("correct", 0).Score("speed", 0));
        }

        var ms = Median(sql);
        var speedup = _seedMilliseconds / Math.Max(ms, 0.01);
        info.Feedback($"The rows are right. Median time {ms.ToString("0.##", CultureInfo.InvariantCulture)} ms against the seed's {_seedMilliseconds.ToString("0.##", CultureInfo.InvariantCulture)} ms ({speedup.ToString("0.#", CultureInfo.InvariantCulture)}× faster).");
        var speed = Math.Max(0, Math.Log10(speedup));
        return new Evaluation(1 + speed, info.Score("correct", 1).Score("speed", speed));
    }

    private double Median(string sql)
    {
        var times = new List<double>();
        for (var i = 0; i < 3; i++)
        {
            Run(sql, out var elapsed);
            times.Add(elapsed.TotalMilliseconds);
        }

        return times.Order().ElementAt(1);
    }

    private List<string> Run(string sql, out TimeSpan elapsed)
    {
        using var connection = new SqliteConnection(_database.ReadOnlyConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        // SqliteCommand.Cancel does nothing; sqlite3_interrupt stops a running statement at its next step.
        var handle = connection.Handle;
        using var timer = new Timer(_ => SQLitePCL.raw.sqlite3_interrupt(handle), null, _timeout, Timeout.InfiniteTimeSpan);
        var watch = Stopwatch.StartNew();
        var rows = new List<string>();
        try
        {
            using var reader = command.ExecuteReader();
            while (reader.Read() && rows.Count <= 1000)
            {
                rows.Add(string.Join(" | ", Enumerable.Range(0, reader.FieldCount).Select(i => Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture))));
            }
        }
        catch (SqliteException e) when (watch.Elapsed >= _timeout && e.SqliteErrorCode == 9)
        {
            throw new TimeoutException($"The query was interrupted after {_timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s.", e);
        }

        elapsed = watch.Elapsed;
        return rows;
    }

    private List<string> Plan(string sql)
    {
        using var connection = new SqliteConnection(_database.ReadOnlyConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + sql;
        using var reader = command.ExecuteReader();
        var lines = new List<string>();
        while (reader.Read())
        {
            lines.Add(reader.GetString(3));
        }

        return lines;
    }

    private static string Lines(List<string> rows) => rows.Count == 0 ? "(none)" : string.Join("\n", rows.Take(5));
}
