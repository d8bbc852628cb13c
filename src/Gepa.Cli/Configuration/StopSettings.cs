namespace Gepa.Cli.Configuration;

/// <summary>The validated <c>engine.stop</c> section; every condition is optional and the run stops at the first one met.</summary>
internal sealed record StopSettings
{
    /// <summary>Gets the wall-clock limit.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Gets the number of iterations without improvement that stops the run.</summary>
    public int? NoImprovement { get; init; }

    /// <summary>Gets the best validation score that stops the run.</summary>
    public double? ScoreThreshold { get; init; }

    /// <summary>Gets the number of proposals that stops the run.</summary>
    public int? MaxProposals { get; init; }

    /// <summary>Gets the reflection cost that stops the run.</summary>
    public decimal? MaxReflectionCost { get; init; }

    /// <summary>Gets the full path of the file whose appearance stops the run.</summary>
    public string? StopFile { get; init; }
}
