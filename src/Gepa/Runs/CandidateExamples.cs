namespace Gepa;

/// <summary>One candidate's results on the validation examples, in <c>examples.json</c>.</summary>
public sealed class CandidateExamples
{
    /// <summary>Gets or sets the candidate's pool index.</summary>
    public int Candidate { get; set; }

    /// <summary>Gets or sets the results, by validation example index; examples whose evaluation was not seen (served from
    /// the evaluation cache of an earlier session, say) are missing.</summary>
    public List<ExampleResult> Examples { get; set; } = [];
}
