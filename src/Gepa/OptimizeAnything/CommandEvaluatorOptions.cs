namespace Gepa;

/// <summary>Settings of a <see cref="CommandEvaluator"/>: the command, how it gets the candidate, and its limits.</summary>
public sealed class CommandEvaluatorOptions
{
    /// <summary>The default per-evaluation timeout.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    /// <summary>The default number of characters of standard error kept as side information.</summary>
    public const int DefaultStderrTailChars = 2000;

    /// <summary>The default cap on what is kept of each output stream.</summary>
    public const int DefaultMaxOutputChars = 1024 * 1024;

    /// <summary>Gets or sets the program to run (a path, or a name found on PATH); no shell is involved.</summary>
    public string FileName { get; set; } = "";

    /// <summary>Gets the arguments; <c>{candidate}</c> and <c>{example}</c> are replaced by the files' paths.</summary>
    public IList<string> Arguments { get; } = [];

    /// <summary>Gets or sets how the candidate reaches the command.</summary>
    /// <value>The default is <see cref="CommandCandidateInput.Stdin"/>.</value>
    public CommandCandidateInput CandidateInput { get; set; } = CommandCandidateInput.Stdin;

    /// <summary>Gets or sets how long one evaluation may take before the command and its child processes are killed.</summary>
    /// <value>The default is 60 seconds; it must be positive.</value>
    public TimeSpan Timeout { get; set; } = DefaultTimeout;

    /// <summary>Gets or sets the working directory, or <see langword="null"/> for the current one.</summary>
    public string? WorkingDirectory { get; set; }

    /// <summary>Gets extra environment variables for the command.</summary>
    public IDictionary<string, string> Environment { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Gets or sets how many characters of the end of standard error a failure shows.</summary>
    /// <value>The default is 2000; the range is 0 to <see cref="MaxOutputChars"/>.</value>
    public int StderrTailChars { get; set; } = DefaultStderrTailChars;

    /// <summary>Gets or sets how many characters of each output stream are kept (the rest is read and dropped, so a
    /// chatty command neither blocks nor fills memory).</summary>
    /// <value>The default is 1,048,576.</value>
    public int MaxOutputChars { get; set; } = DefaultMaxOutputChars;
}
