using System.Text.Json;

namespace Gepa;

/// <summary>The parts of a run directory that explain a run's results: <c>examples.json</c> (what the seed and the best
/// candidate did on each validation example) and the test score in <c>summary.json</c>.</summary>
public sealed partial class GepaRunDirectory
{
    /// <summary>The per-example results file name (<see cref="ExamplesDocument"/>).</summary>
    public const string ExamplesFileName = "examples.json";

    /// <summary>Gets or sets what the host application saw of a candidate's validation examples: called at every checkpoint
    /// and at the end with the pool and the pool index of a candidate (the seed, then the best), it returns that candidate's
    /// results, or <see langword="null"/> when it saw none. When set, <c>examples.json</c> is written with the seed's and
    /// the best candidate's results; texts are cut to <see cref="ExampleResult.MaxTextLength"/> and every text passes
    /// through the directory's redaction.</summary>
    public Func<IReadOnlyList<Candidate>, int, IReadOnlyList<ExampleResult>?>? Examples { get; set; }

    /// <summary>Reads a directory's per-example results.</summary>
    /// <param name="path">The directory.</param>
    /// <returns>The document, or <see langword="null"/> when there is none or it cannot be read.</returns>
    public static ExamplesDocument? ReadExamples(string path)
    {
        var file = Path.Combine(Path.GetFullPath(path), ExamplesFileName);
        try
        {
            return File.Exists(file) ? JsonSerializer.Deserialize(File.ReadAllBytes(file), RunJsonContext.Default.ExamplesDocument) : null;
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Records in <c>summary.json</c> the best candidate's score on the test split, scored after the run and
    /// outside its budget, or why it was not scored.</summary>
    /// <param name="candidate">The candidate scored (the best).</param>
    /// <param name="score">Its mean test score, or <see langword="null"/> when it was not scored.</param>
    /// <param name="examples">The test examples.</param>
    /// <param name="note">How it was scored, or why not.</param>
    public void RecordTestScore(int candidate, double? score, int examples, string note)
    {
        lock (_lock)
        {
            // The summary this session last wrote is what the file holds: no need to read it back.
            var summary = _summary ?? ReadSummary(FullPath) ?? new RunSummary { Session = Session };
            summary.TestCandidate = score is null ? null : candidate;
            summary.TestScore = score;
            summary.TestExamples = score is null ? null : examples;
            summary.TestNote = note;
            TryWrite(() => WriteSummary(summary));
        }
    }

    private void WriteExamples(IReadOnlyList<Candidate>? pool, int best)
    {
        if (Examples is not { } source || pool is null || pool.Count == 0)
        {
            return;
        }

        var document = new ExamplesDocument { Seed = 0, Best = best };
        foreach (var k in best == 0 ? [0] : new[] { 0, best })
        {
            if (source(pool, k) is { } results)
            {
                document.Candidates.Add(new CandidateExamples
                {
                    Candidate = k,
                    Examples = [.. results.OrderBy(r => r.Example).Select(r => new ExampleResult
                    {
                        Example = r.Example,
                        Id = ExampleResult.Truncate(r.Id),
                        Input = ExampleResult.Truncate(r.Input) ?? "",
                        Expected = ExampleResult.Truncate(r.Expected),
                        Output = ExampleResult.Truncate(r.Output),
                        Feedback = ExampleResult.Truncate(r.Feedback),
                        Score = r.Score,
                    })],
                });
            }
        }

        AtomicWrite.WriteAllBytes(Path.Combine(FullPath, ExamplesFileName), Json(document, RunJsonWriter.Write, indented: true));
    }
}
