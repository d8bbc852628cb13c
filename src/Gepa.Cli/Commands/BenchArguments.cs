namespace Gepa.Cli.Commands;

/// <summary>The parsed arguments of <c>gepa bench</c>.</summary>
internal sealed record BenchArguments
{
    /// <summary>Gets the configuration files, in order.</summary>
    public required IReadOnlyList<string> Configs { get; init; }

    /// <summary>Gets the number of engine seeds (0 to N − 1) per budget.</summary>
    public required int Seeds { get; init; }

    /// <summary>Gets the budgets, in rollouts.</summary>
    public required IReadOnlyList<int> Budgets { get; init; }

    /// <summary>Gets the output directory, or <see langword="null"/> for <c>runs/bench-&lt;UTC time&gt;</c>.</summary>
    public string? Out { get; init; }

    /// <summary>Gets the reference curve files: none, or one per configuration in the same order.</summary>
    public IReadOnlyList<string> ReferenceCurves { get; init; } = [];

    /// <summary>Gets the markdown file to write the report into, or <see langword="null"/> for <c>benchmarks.md</c> in
    /// the output directory.</summary>
    public string? Markdown { get; init; }

    /// <summary>Gets the label of the report (its heading and the markers of its block in the markdown file).</summary>
    public string Label { get; init; } = "benchmark";

    /// <summary>Gets how many runs may run at once.</summary>
    public required int Parallel { get; init; }

    /// <summary>Gets the <c>--set</c> overrides applied to every configuration.</summary>
    public IReadOnlyList<string> Overrides { get; init; } = [];

    /// <summary>Gets the sweep: a configuration key and the values to try (<c>--sweep key=v1,v2</c>); each configuration
    /// runs once per value, as a variant named <c>name@key=value</c>. <see langword="null"/> for no sweep.</summary>
    public (string Key, IReadOnlyList<string> Values)? Sweep { get; init; }

    /// <summary>Gets how far below the reference a mean test score may fall before the report flags it.</summary>
    public double Tolerance { get; init; } = 0.04;

    /// <summary>Gets whether only the tables are printed (no line per run).</summary>
    public bool Quiet { get; init; }

    /// <summary>Gets whether errors include stack traces.</summary>
    public bool Verbose { get; init; }

    /// <summary>Gets the command line as typed, for the report.</summary>
    public string CommandLine { get; init; } = "gepa bench";
}
