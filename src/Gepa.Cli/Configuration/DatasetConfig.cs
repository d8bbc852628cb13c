namespace Gepa.Cli.Configuration;

/// <summary>The validated <c>dataset</c> section: either three files or one file with split ratios.</summary>
internal sealed record DatasetConfig
{
    /// <summary>Gets the full path of the training file, when given.</summary>
    public string? Train { get; init; }

    /// <summary>Gets the full path of the validation file, when given.</summary>
    public string? Val { get; init; }

    /// <summary>Gets the full path of the test file, when given.</summary>
    public string? Test { get; init; }

    /// <summary>Gets the full path of the single file to split, when given.</summary>
    public string? File { get; init; }

    /// <summary>Gets the format: auto, jsonl, json or csv.</summary>
    public string Format { get; init; } = "auto";

    /// <summary>Gets the split seed.</summary>
    public int SplitSeed { get; init; }

    /// <summary>Gets the training fraction of <see cref="File"/>.</summary>
    public double TrainRatio { get; init; } = 0.5;

    /// <summary>Gets the validation fraction of <see cref="File"/>.</summary>
    public double ValRatio { get; init; } = 0.3;

    /// <summary>Gets the test fraction of <see cref="File"/>.</summary>
    public double TestRatio { get; init; } = 0.2;

    /// <summary>Gets the field holding the input.</summary>
    public string InputField { get; init; } = "input";

    /// <summary>Gets the field holding the expected answer.</summary>
    public string AnswerField { get; init; } = "answer";

    /// <summary>Gets the optional context field.</summary>
    public string? ContextField { get; init; }

    /// <summary>Gets the optional id field.</summary>
    public string? IdField { get; init; }
}
