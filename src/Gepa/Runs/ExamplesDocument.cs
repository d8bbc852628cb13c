namespace Gepa;

/// <summary>The content of a run directory's <c>examples.json</c>: the seed's and the best candidate's input, output,
/// expected answer, feedback and score on each validation example, rewritten at every checkpoint when the host records
/// them (see <see cref="GepaRunDirectory.Examples"/>).</summary>
public sealed class ExamplesDocument
{
    /// <summary>Gets or sets the run directory format version.</summary>
    public int FormatVersion { get; set; } = GepaRunDirectory.CurrentFormatVersion;

    /// <summary>Gets or sets the longest text kept per field (<see cref="ExampleResult.MaxTextLength"/>).</summary>
    public int MaxTextLength { get; set; } = ExampleResult.MaxTextLength;

    /// <summary>Gets or sets the seed's pool index (0).</summary>
    public int Seed { get; set; }

    /// <summary>Gets or sets the best candidate's pool index when the file was written.</summary>
    public int Best { get; set; }

    /// <summary>Gets or sets the candidates' results: the seed's, and the best's when it is another candidate.</summary>
    public List<CandidateExamples> Candidates { get; set; } = [];
}
