namespace Gepa.Cli.Running;

/// <summary>How an example reads in the report: its id, input and expected answer.</summary>
/// <param name="Id">The example's own id, when it has one.</param>
/// <param name="Input">The input.</param>
/// <param name="Expected">The expected answer, when there is one.</param>
internal readonly record struct ExampleText(string? Id, string Input, string? Expected);
