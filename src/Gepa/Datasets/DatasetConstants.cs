namespace Gepa;

/// <summary>Defaults for dataset loading.</summary>
internal static class DatasetConstants
{
    public const string DefaultInputField = "input";
    public const string DefaultAnswerField = "answer";
    public const string DefaultIdField = "id";
    public const string DefaultContextField = "context";

    // One example is sent to the model and written into every record of every candidate scored on it: an example of
    // megabytes multiplies into gigabytes of memory and journal. No model takes a million characters anyway.
    public const int MaxExampleChars = 1_000_000;

    // Files are read whole; past this size a dataset is refused before it is read, so memory stays bounded.
    public const long MaxFileBytes = 256L * 1024 * 1024;

    // Splits are computed on cumulative ratios; this absorbs the binary rounding of ratios such as 0.7 + 0.2 + 0.1.
    public const double RatioSumTolerance = 1e-9;
}
