using Gepa.Cli.Anything;
using Gepa.Cli.Configuration;
using Gepa.Cli.Tests.TestSupport;

namespace Gepa.Cli.Tests.Anything;

/// <summary>Binding of the task file's <c>checkpoint-interval</c>: the default, a value, and refused values naming the
/// file, line and key.</summary>
public sealed class AnythingTaskLoaderTests : IDisposable
{
    private const string Task = """
        seed: a
        evaluator:
          command: [sh, eval.sh]
        reflection-model: {provider: openai-compatible, base-url: "http://127.0.0.1:1/v1", model: m}
        """;

    private readonly CliHarness _h = new();

    public void Dispose() => _h.Dispose();

    private AnythingTask Load(string extra = "") => AnythingTaskLoader.Load(_h.Write("task.yaml", Task + "\n" + extra), "task.yaml");

    [Fact]
    public void Load_NoCheckpointInterval_TheRunDirectorysDefault()
    {
        var task = Load();

        Assert.Equal(GepaRunDirectoryConstants.DefaultCheckpointInterval, task.CheckpointInterval);
        Assert.Equal("1s", AnythingTaskLoader.Snapshot(task)["checkpoint-interval"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("5s", 5)]
    [InlineData("2m", 120)]
    [InlineData("0", 0)]
    public void Load_CheckpointInterval_Bound(string value, double seconds)
    {
        var task = Load("checkpoint-interval: " + value);

        Assert.Equal(TimeSpan.FromSeconds(seconds), task.CheckpointInterval);
    }

    [Theory]
    [InlineData("-1s")]
    [InlineData("2h")]
    [InlineData("soon")]
    public void Load_CheckpointIntervalOutOfRange_OneErrorNamingFileLineAndKey(string value)
    {
        var e = Assert.Throws<ConfigException>(() => Load("checkpoint-interval: " + value));

        var error = Assert.Single(e.Errors).ToString();
        Assert.StartsWith("task.yaml:5:1: checkpoint-interval: ", error, StringComparison.Ordinal);
        Assert.Contains($"'{value}' must be a duration from 0s to 3600s", error, StringComparison.Ordinal);
    }
}
