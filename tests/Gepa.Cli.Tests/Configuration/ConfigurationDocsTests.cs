using Gepa.Cli.Configuration;
using Xunit;

namespace Gepa.Cli.Tests.Configuration;

/// <summary>docs/configuration.md must document every key the tool accepts, with its default.</summary>
public sealed class ConfigurationDocsTests
{
    private static string[] DocLines()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "docs", "configuration.md")))
        {
            dir = dir.Parent;
        }

        Assert.NotNull(dir);
        return File.ReadAllLines(Path.Combine(dir.FullName, "docs", "configuration.md"));
    }

    [Fact]
    public void Docs_EveryKey_HasARowWithItsDefault()
    {
        var lines = DocLines();
        foreach (var key in ConfigSchema.Keys.Where(k => !k.Path.StartsWith("reflection-model.", StringComparison.Ordinal) && !k.Path.StartsWith("judge-model.", StringComparison.Ordinal)))
        {
            var row = lines.FirstOrDefault(l => l.StartsWith($"| `{key.Path}` |", StringComparison.Ordinal));
            Assert.True(row is not null, $"docs/configuration.md has no row for {key.Path}");
            Assert.Contains(key.Default.Trim('`'), row, StringComparison.Ordinal);
            foreach (var choice in key.Choices)
            {
                Assert.Contains(choice, row, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void Docs_NoRowForAKeyThatDoesNotExist()
    {
        foreach (var line in DocLines().Where(l => l.StartsWith("| `", StringComparison.Ordinal)))
        {
            var path = line[3..line.IndexOf('`', 3)];
            Assert.True(ConfigSchema.Find(path) is not null, $"docs/configuration.md documents {path}, which the tool does not accept");
        }
    }
}
