namespace Gepa.Cli.Tests.TestSupport;

public sealed record QaExample(string Input, string Answer);
