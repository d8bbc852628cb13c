namespace Gepa.Benchmarks;

/// <summary>Stops the run once it holds a given number of candidates, the size the benchmark measures at.</summary>
internal sealed class CandidateCountStop(int candidates) : IStopCondition
{
    public string? ShouldStop(in StopContext context) =>
        context.CandidateCount >= candidates ? $"{context.CandidateCount} candidates" : null;
}
