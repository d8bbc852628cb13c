namespace Gepa.Cli.Commands;

/// <summary>What <c>gepa optimize</c> or <c>gepa resume</c> was asked to do.</summary>
/// <param name="Config">The configuration file (required to start; optional to resume, where the run directory's snapshot is
/// the default).</param>
/// <param name="Overrides">The <c>--set key=value</c> overrides.</param>
/// <param name="Out">The <c>--out</c> run directory of a new run.</param>
/// <param name="Resume">The run directory to continue, or <see langword="null"/> to start a new run.</param>
/// <param name="Quiet">Whether only the final line is printed.</param>
/// <param name="Json">Whether progress is JSON-lines events.</param>
/// <param name="Verbose">Whether errors include stack traces.</param>
internal sealed record RunRequest(string? Config, IReadOnlyList<string> Overrides, string? Out, string? Resume, bool Quiet, bool Json, bool Verbose);
