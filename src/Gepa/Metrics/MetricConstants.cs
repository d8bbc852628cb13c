namespace Gepa;

/// <summary>Defaults of the built-in metrics.</summary>
internal static class MetricConstants
{
    /// <summary>Long enough for any sane pattern on a model reply, short enough that catastrophic backtracking cannot stall a run.</summary>
    public static readonly TimeSpan DefaultRegexTimeout = TimeSpan.FromSeconds(1);

    /// <summary>Absorbs binary floating-point noise such as 0.1 + 0.2 without accepting a genuinely different answer.</summary>
    public const double DefaultAbsoluteTolerance = 1e-6;

    public const double DefaultRelativeTolerance = 0;
}
