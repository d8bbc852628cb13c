namespace Gepa.Cli.Commands;

/// <summary>The parsed arguments of <c>gepa optimize</c>.</summary>
/// <param name="Config">The configuration file.</param>
/// <param name="Overrides">The <c>--set key=value</c> overrides.</param>
/// <param name="Out">The <c>--out</c> run directory.</param>
/// <param name="Quiet">Whether only the final line is printed.</param>
/// <param name="Json">Whether progress is JSON-lines events.</param>
/// <param name="Verbose">Whether errors include stack traces.</param>
internal sealed record OptimizeArguments(string Config, IReadOnlyList<string> Overrides, string? Out, bool Quiet, bool Json, bool Verbose)
{
    /// <summary>Gets the <c>--cluster</c> connection string: the run goes to the cluster (through <c>gepa-cluster run</c>)
    /// instead of this machine, or <see langword="null"/>.</summary>
    public string? Cluster { get; init; }
}
