namespace Gepa;

/// <summary>Defaults for dataset loading.</summary>
internal static class DatasetConstants
{
    public const string DefaultInputField = "input";
    public const string DefaultAnswerField = "answer";
    public const string DefaultIdField = "id";
    public const string DefaultContextField = "context";

    // Splits are computed on cumulative ratios; this absorbs the binary rounding of ratios such as 0.7 + 0.2 + 0.1.
    public const double RatioSumTolerance = 1e-9;
}
