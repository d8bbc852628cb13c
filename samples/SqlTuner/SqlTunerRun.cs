using Gepa;
using Microsoft.Extensions.AI;

namespace SqlTuner;

/// <summary>The sample's run: a single-task optimize-anything search on the query text.</summary>
public static class SqlTunerRun
{
    /// <summary>The background given to the reflection model.</summary>
    public const string Background = "SQLite. Tables: customers(id INTEGER PRIMARY KEY, name TEXT, city TEXT), orders(id INTEGER PRIMARY KEY, customer_id INTEGER, amount INTEGER, created TEXT); orders.customer_id has no index and the database is read-only. The query must return exactly the expected rows, in order.";

    /// <summary>Runs the search.</summary>
    /// <param name="reflectionModel">The model that rewrites the query.</param>
    /// <param name="database">The database.</param>
    /// <param name="maxEvaluations">The evaluation budget.</param>
    /// <param name="runDirectory">Where to write every evaluation, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>The result.</returns>
    public static Task<OptimizeAnythingResult> RunAsync(IChatClient reflectionModel, ShopDatabase database, int maxEvaluations, string? runDirectory = null, CancellationToken cancellationToken = default)
    {
        var evaluator = new SqlEvaluator(database);
        var options = new OptimizeAnythingOptions
        {
            ReflectionModel = reflectionModel,
            Objective = TopCustomersTask.Question,
            Background = Background,
            MaxEvaluations = maxEvaluations,
            MaxConcurrency = 1,
            RunDirectory = runDirectory,
        };
        options.Gepa.ReflectionRetryDelay = TimeSpan.Zero;
        options.Gepa.CacheEvaluation = true;
        return OptimizeAnything.RunAsync(TopCustomersTask.Seed, (sql, context) => ValueTask.FromResult(evaluator.Evaluate(sql)), options, cancellationToken);
    }
}
