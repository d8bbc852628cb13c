namespace Gepa;

/// <summary>A condition checked before each iteration; the run stops when it returns a reason.</summary>
public interface IStopCondition
{
    /// <summary>Checks whether the run should stop now.</summary>
    /// <param name="context">What the run has done so far.</param>
    /// <returns>A short reason to stop, or <see langword="null"/> to continue.</returns>
    string? ShouldStop(in StopContext context);
}
