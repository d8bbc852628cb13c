namespace Gepa.Memory.Tests;

public sealed class LessonDistillerTests
{
    private static readonly HashedEmbeddingGenerator Embedder = new();

    private static (long Rewarded, long Rejected) AddEdits(MemoryBank bank)
    {
        var rewarded = bank.AddEdit(new EditRecord { TaskId = "t1", RunId = "t1/r", Component = "instructions", Diff = "+ Give temperatures in kelvin.", Accepted = true, ValDelta = 0.2, Feedback = "expected 300 K; token sk-abcdefghijklmnopqrstuvwx" });
        var rejected = bank.AddEdit(new EditRecord { TaskId = "t1", RunId = "t1/r", Component = "instructions", Diff = "+ Be brief.", Accepted = false, Feedback = "too short" });
        return (rewarded, rejected);
    }

    [Fact]
    public async Task DistillAsync_LessonWithEvidence_StoredAsDistilledWithItsGain()
    {
        using var dir = new TempDirectory();
        using var bank = MemoryBank.Open(dir.File("m.db"), Embedder);
        var (rewarded, _) = AddEdits(bank);
        var client = new ScriptedChatClient($"E{rewarded} | Temperatures are reported in kelvin, with the unit K.");

        var ids = await new LessonDistiller(client).DistillAsync(bank, "t1", TestContext.Current.CancellationToken);

        var lesson = bank.GetLesson(Assert.Single(ids))!;
        Assert.Equal("Temperatures are reported in kelvin, with the unit K.", lesson.Text);
        Assert.Equal("distilled", lesson.Source);
        Assert.Equal([rewarded], lesson.Evidence);
        Assert.Equal(0.2, lesson.Gain, 6);
        Assert.Equal("instructions", lesson.Role);
    }

    [Fact]
    public async Task DistillAsync_PromptShowsRewardedEditsOnlyAndNoSecret()
    {
        using var dir = new TempDirectory();
        using var bank = MemoryBank.Open(dir.File("m.db"), Embedder);
        var (rewarded, rejected) = AddEdits(bank);
        var client = new ScriptedChatClient("nothing");

        await new LessonDistiller(client).DistillAsync(bank, "t1", TestContext.Current.CancellationToken);

        var prompt = Assert.Single(client.Prompts);
        Assert.Contains($"E{rewarded}", prompt, StringComparison.Ordinal);
        Assert.DoesNotContain($"E{rejected} ", prompt, StringComparison.Ordinal);
        Assert.DoesNotContain("Be brief", prompt, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-abcdefghijklmnopqrstuvwx", prompt, StringComparison.Ordinal);
        Assert.Contains("conventions and facts", prompt, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DistillAsync_NoEvidenceOrUnshownEditOrSelfCritique_Dropped()
    {
        using var dir = new TempDirectory();
        using var bank = MemoryBank.Open(dir.File("m.db"), Embedder);
        var (rewarded, rejected) = AddEdits(bank);
        var client = new ScriptedChatClient(string.Join('\n',
            "Temperatures are in kelvin (no citation).",
            $"E{rejected} | Answers are always brief and short.",
            $"E{rewarded} | I should have been more careful with units.",
            $"E{rewarded} | My previous prompt forgot the unit symbol.",
            "E99999 | Currency codes are written in upper case."));

        var ids = await new LessonDistiller(client).DistillAsync(bank, "t1", TestContext.Current.CancellationToken);

        Assert.Empty(ids);
        Assert.Empty(bank.ListLessons());
    }

    [Fact]
    public async Task DistillAsync_SecretInReply_RedactedBeforeStoring()
    {
        using var dir = new TempDirectory();
        using var bank = MemoryBank.Open(dir.File("m.db"), Embedder);
        var (rewarded, _) = AddEdits(bank);
        var client = new ScriptedChatClient($"E{rewarded} | The service key is sk-abcdefghijklmnopqrstuvwx and units are kelvin.");

        await new LessonDistiller(client).DistillAsync(bank, "t1", TestContext.Current.CancellationToken);

        Assert.DoesNotContain("sk-abcdefghijklmnopqrstuvwx", Assert.Single(bank.ListLessons()).Text, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-abcdefghijklmnopqrstuvwx", System.Text.Encoding.UTF8.GetString(File.ReadAllBytes(dir.File("m.db"))), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DistillAsync_NoRewardedEdit_NoCall()
    {
        using var dir = new TempDirectory();
        using var bank = MemoryBank.Open(dir.File("m.db"), Embedder);
        var client = new ScriptedChatClient();

        var ids = await new LessonDistiller(client).DistillAsync(bank, "t1", TestContext.Current.CancellationToken);

        Assert.Empty(ids);
        Assert.Empty(client.Prompts);
    }
}
