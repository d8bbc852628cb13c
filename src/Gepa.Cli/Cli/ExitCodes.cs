namespace Gepa.Cli.Cli;

/// <summary>The tool's exit codes.</summary>
internal static class ExitCodes
{
    /// <summary>Success.</summary>
    public const int Success = 0;

    /// <summary>The run failed (a model kept failing, the adapter threw).</summary>
    public const int RunFailed = 1;

    /// <summary>Bad input: arguments, configuration, dataset, environment; nothing was run or written.</summary>
    public const int BadInput = 2;

    /// <summary>Cancelled with Ctrl+C.</summary>
    public const int Cancelled = 130;
}
