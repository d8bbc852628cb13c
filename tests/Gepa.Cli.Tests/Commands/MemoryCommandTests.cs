using Gepa.Cli.Tests.TestSupport;

namespace Gepa.Cli.Tests.Commands;

public sealed class MemoryCommandTests
{
    private static void WriteRun(CliHarness cli, string name, string addedLine)
    {
        cli.Write(name + "/run.json", """{"formatVersion":1}""");
        cli.Write(name + "/summary.json", """{"formatVersion":1,"status":"completed","bestCandidate":1,"bestScore":0.6,"rollouts":40}""");
        cli.Write(name + "/candidates.jsonl",
            "{\"id\":0,\"kind\":\"seed\",\"iteration\":0,\"decision\":\"accepted\",\"parents\":[],\"candidateIndex\":0,\"texts\":{\"instructions\":\"Answer.\"},\"valScore\":0.2,\"rollouts\":0}\n" +
            "{\"id\":1,\"kind\":\"mutation\",\"iteration\":1,\"decision\":\"accepted\",\"parents\":[0],\"candidateIndex\":1,\"components\":[\"instructions\"],\"texts\":{\"instructions\":\"Answer.\\n" + addedLine + "\"},\"valScore\":0.6,\"parentSum\":1,\"childSum\":2,\"rollouts\":40," +
            "\"reflectiveRecords\":{\"instructions\":[{\"Feedback\":\"Use kelvin; key sk-abcdefghijklmnopqrstuvwx\"}]}}\n");
    }

    [Fact]
    public async Task Memory_IngestListShowExportImport_RoundTripsAndKeepsNoSecret()
    {
        using var cli = new CliHarness();
        WriteRun(cli, "run1", "Report every temperature in kelvin.");
        WriteRun(cli, "run2", "Write all dates in ISO 8601 format.");

        Assert.Equal(0, await cli.RunAsync("memory", "ingest", "run1", "--task", "t1", "--bank", "m.db", "--embedder", "hashed"));
        Assert.Contains("1 lesson(s)", cli.Out, StringComparison.Ordinal);
        Assert.Equal(0, await cli.RunAsync("memory", "ingest", "run2", "--task", "t2", "--bank", "m.db", "--embedder", "hashed"));
        Assert.Equal(0, await cli.RunAsync("memory", "ingest", "run2", "--task", "t2", "--bank", "m.db", "--embedder", "hashed"));
        Assert.Contains("already in the bank", cli.Out, StringComparison.Ordinal);

        Assert.Equal(0, await cli.RunAsync("memory", "list", "--bank", "m.db", "--embedder", "hashed"));
        Assert.Contains("Report every temperature in kelvin.", cli.Out, StringComparison.Ordinal);
        Assert.Contains("2 task(s): t1, t2", cli.Out, StringComparison.Ordinal);

        Assert.Equal(0, await cli.RunAsync("memory", "show", "1", "--bank", "m.db", "--embedder", "hashed"));
        Assert.Contains("+ Report every temperature in kelvin.", cli.Out, StringComparison.Ordinal);
        Assert.Contains("feedback: Use kelvin; key ***", cli.Out, StringComparison.Ordinal);

        Assert.Equal(0, await cli.RunAsync("memory", "export", "out.json", "--bank", "m.db", "--embedder", "hashed"));
        Assert.Equal(0, await cli.RunAsync("memory", "import", "out.json", "--bank", "copy.db", "--embedder", "hashed"));
        Assert.Contains("now holds 2 lesson(s)", cli.Out, StringComparison.Ordinal);
        Assert.Equal(0, await cli.RunAsync("memory", "prune", "--bank", "copy.db", "--embedder", "hashed"));
        Assert.Contains("Pruned 0 lesson(s); 2 remain.", cli.Out, StringComparison.Ordinal);

        foreach (var file in new[] { "m.db", "copy.db", "out.json" })
        {
            Assert.DoesNotContain("sk-abcdefghijklmnopqrstuvwx", System.Text.Encoding.UTF8.GetString(File.ReadAllBytes(cli.Path(file))), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Memory_IngestWithoutEmbedder_NewBankRecordsVersion2OldBankKeepsVersion1()
    {
        using var cli = new CliHarness();
        WriteRun(cli, "run1", "Report every temperature in kelvin.");
        using (var old = MemoryBank.Open(cli.Path("old.db"), new HashedEmbeddingGenerator()))
        {
            await old.AddLessonAsync(new Lesson { Text = "Write all dates in ISO 8601 format.", Role = "instructions", Scope = ["t0"], Evidence = [1], Gain = 0.1 }, TestContext.Current.CancellationToken);
        }

        Assert.Equal(0, await cli.RunAsync("memory", "ingest", "run1", "--task", "t1", "--bank", "new.db"));
        Assert.Equal(0, await cli.RunAsync("memory", "ingest", "run1", "--task", "t1", "--bank", "old.db", "--embedder", "hashed"));

        using var created = MemoryBank.Open(cli.Path("new.db"), new HashedEmbeddingGenerator());
        Assert.Equal(MemoryConstants.LexicalEmbedderName, created.RecordedEmbedderName);
        using var kept = MemoryBank.Open(cli.Path("old.db"), new HashedEmbeddingGenerator());
        Assert.Equal(MemoryConstants.HashedEmbedderName, kept.RecordedEmbedderName);
        Assert.Equal(2, kept.ListLessons().Count);
    }

    [Fact]
    public async Task Memory_CorruptBank_OneErrorLineNamingTheFileAndFileKept()
    {
        using var cli = new CliHarness();
        var path = cli.Write("bad.db", new string('x', 2048));

        Assert.Equal(2, await cli.RunAsync("memory", "list", "--bank", "bad.db", "--embedder", "hashed"));

        var line = Assert.Single(cli.ErrorLines);
        Assert.StartsWith("error: " + path, line, StringComparison.Ordinal);
        Assert.Equal(new string('x', 2048), File.ReadAllText(path));
    }

    [Fact]
    public async Task Memory_ShowUnknownLesson_SaysSo()
    {
        using var cli = new CliHarness();

        Assert.Equal(2, await cli.RunAsync("memory", "show", "42", "--bank", "m.db", "--embedder", "hashed"));

        Assert.Contains("no lesson L42", cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Memory_UnknownEmbedder_RefusedBeforeTouchingTheBank()
    {
        using var cli = new CliHarness();

        Assert.Equal(2, await cli.RunAsync("memory", "list", "--bank", "m.db", "--embedder", "word2vec"));

        Assert.Contains("--embedder must be hashed", cli.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(cli.Path("m.db")));
    }

    [Fact]
    public void DefaultBankPath_VariableSet_UsesIt()
    {
        var env = new Gepa.Cli.Cli.CliEnvironment
        {
            Out = TextWriter.Null,
            Error = TextWriter.Null,
            TaskSetup = new TestTaskSetup(),
            GetEnvironmentVariable = n => n == "GEPA_MEMORY" ? "/data/team.db" : n == "HOME" ? "/home/u" : null,
        };

        Assert.Equal("/data/team.db", Gepa.Cli.Commands.MemoryCommand.DefaultBankPath(env));
    }
}
