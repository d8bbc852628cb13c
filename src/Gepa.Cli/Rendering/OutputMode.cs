namespace Gepa.Cli.Rendering;

/// <summary>How <c>gepa optimize</c> reports progress.</summary>
internal enum OutputMode
{
    /// <summary>A live Spectre.Console bar (interactive terminal).</summary>
    Live,

    /// <summary>One plain line per iteration (output redirected).</summary>
    Plain,

    /// <summary>JSON-lines events (<c>--json</c>).</summary>
    JsonLines,

    /// <summary>Only the final line (<c>--quiet</c>).</summary>
    Quiet,
}
