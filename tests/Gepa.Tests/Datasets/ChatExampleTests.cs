using Xunit;

namespace Gepa.Tests.Datasets;

public sealed class ChatExampleTests
{
    [Fact]
    public void Constructor_CopiesFields_SoLaterChangesDoNotLeakIn()
    {
        var fields = new Dictionary<string, string> { ["label"] = "a" };

        var example = new ChatExample("1", "in", "out", fields: fields);
        fields["label"] = "b";

        Assert.Equal("a", example.Fields["label"]);
    }

    [Fact]
    public void Constructor_WithoutFields_HasAnEmptyBag()
    {
        var example = new ChatExample("1", "in");

        Assert.Empty(example.Fields);
        Assert.Null(example.Answer);
        Assert.Null(example.Context);
    }

    [Fact]
    public void Constructor_EmptyId_IsRejected() =>
        Assert.Throws<ArgumentException>(() => new ChatExample(string.Empty, "in"));
}
