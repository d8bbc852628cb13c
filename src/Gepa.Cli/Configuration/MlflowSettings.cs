namespace Gepa.Cli.Configuration;

/// <summary>The <c>tracking.mlflow</c> section: where a run is logged in MLflow.</summary>
internal sealed class MlflowSettings
{
    /// <summary>Gets the tracking server's address.</summary>
    public required Uri Uri { get; init; }

    /// <summary>Gets the experiment's name.</summary>
    public string Experiment { get; init; } = "gepa";

    /// <summary>Gets the run's name, or <see langword="null"/> for the run directory's name.</summary>
    public string? RunName { get; init; }

    /// <summary>Gets the longest time one call may take.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);
}
