namespace Gepa.Tests.Runs;

public sealed class AtomicWriteTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gepa-atomic-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Write_WriterThrowsMidway_LeavesThePreviousFileAndNoTemporary()
    {
        var path = Path.Combine(_dir, "state.json");
        AtomicWrite.WriteAllBytes(path, "{\"version\":1}"u8.ToArray());

        var ex = Assert.Throws<IOException>(() => AtomicWrite.Write(path, s => s.Write(new byte[100_000]), durable: true, wrap: s => new FailingStream(s, 5_000)));

        Assert.Contains("simulated", ex.Message, StringComparison.Ordinal);
        Assert.Equal("{\"version\":1}", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(_dir));
    }

    [Fact]
    public void Write_Succeeds_ReplacesTheFileWhole()
    {
        var path = Path.Combine(_dir, "state.json");
        AtomicWrite.WriteAllBytes(path, new byte[50_000]);

        AtomicWrite.Write(path, s => s.Write("short"u8), durable: true);

        Assert.Equal("short", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(_dir));
    }

    [Fact]
    public void RemoveLeftovers_DeletesOnlyTemporaries()
    {
        File.WriteAllText(Path.Combine(_dir, "state.json.1234abcd.tmp"), "half");
        File.WriteAllText(Path.Combine(_dir, "state.json"), "{}");

        AtomicWrite.RemoveLeftovers(_dir);

        Assert.Equal([Path.Combine(_dir, "state.json")], Directory.GetFiles(_dir));
    }
}
