namespace Gepa;

/// <summary>Defaults of the built-in metrics.</summary>
public static class MetricConstants
{
    /// <summary>The time a regex metric's pattern may take on one reply.</summary>
    /// <remarks>Long enough for any sane pattern on a model reply, short enough that catastrophic backtracking cannot stall a run.</remarks>
    public static readonly TimeSpan DefaultRegexTimeout = TimeSpan.FromSeconds(1);

    /// <summary>The default absolute tolerance of the numeric metric.</summary>
    /// <remarks>Absorbs binary floating-point noise such as 0.1 + 0.2 without accepting a genuinely different answer.</remarks>
    public const double DefaultAbsoluteTolerance = 1e-6;

    /// <summary>The default relative tolerance of the numeric metric: none, so only the absolute tolerance applies.</summary>
    public const double DefaultRelativeTolerance = 0;
}
