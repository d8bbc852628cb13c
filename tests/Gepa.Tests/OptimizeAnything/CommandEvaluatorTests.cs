using System.Diagnostics;

namespace Gepa.Tests.OptimizeAnything;

/// <summary>Runs real child processes through /bin/sh: a command that answers, hangs, crashes, prints garbage, exits 1.</summary>
public sealed class CommandEvaluatorTests
{
    private static readonly Candidate Text = Candidate.FromText(OptimizeAnythingConstants.TextComponent, "hello");

    private static CommandEvaluator Sh(string script, CommandCandidateInput input = CommandCandidateInput.Stdin, double timeoutSeconds = 20)
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "These tests drive /bin/sh.");
        var options = new CommandEvaluatorOptions { FileName = "/bin/sh", CandidateInput = input, Timeout = TimeSpan.FromSeconds(timeoutSeconds) };
        options.Arguments.Add("-c");
        options.Arguments.Add(script);
        options.Arguments.Add("sh");
        return new CommandEvaluator(options);
    }

    private static async Task<ServedEvaluation> Serve(CommandEvaluator evaluator, object? example = null)
    {
        using var server = example is null
            ? EvaluationServer.Create((c, ctx) => evaluator.EvaluateAsync(c, ctx), null, new OptimizeAnythingOptions { MaxEvaluations = 1 })
            : EvaluationServer.Create((Candidate c, object x, EvaluationContext ctx) => evaluator.EvaluateAsync(c, x, ctx), [example], null, null, new OptimizeAnythingOptions { MaxEvaluations = 1 });
        return await server.EvaluateAsync(Text, example is null ? null : "train_0", TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task EvaluateAsync_StdinCandidate_ReadsScoreAndInfoFromTheLastJsonLine()
    {
        var e = await Serve(Sh("""read c; echo "progress..."; echo "{\"score\": 0.75, \"info\": {\"Output\": \"$c\", \"example\": \"$GEPA_EXAMPLE_ID\"}}" """), example: new { n = 1 });

        Assert.False(e.Failed);
        Assert.Equal(0.75, e.Score);
        Assert.Equal("hello", e.Info[SideInfoKeys.Output]);
        Assert.Equal("train_0", e.Info["example"]);
    }

    [Fact]
    public async Task EvaluateAsync_FileCandidateAndExample_ArePassedAsFiles()
    {
        var e = await Serve(Sh("""printf '{"score": %s, "info": {"ex": %s}}' "$(wc -c < "$1")" "$(cat "$GEPA_EXAMPLE_FILE")" """, CommandCandidateInput.File), example: new { n = 7 });

        Assert.False(e.Failed);
        Assert.Equal(5, e.Score);
        Assert.Equal(7.0, ((SideInfo)e.Info["ex"]!)["n"]);
    }

    [Fact]
    public async Task EvaluateAsync_ExitsOne_IsAScoredFailureWithTheStderrTail()
    {
        var e = await Serve(Sh("echo 'Traceback: NameError: x' >&2; exit 1"));

        Assert.True(e.Failed);
        Assert.Equal(0, e.Score);
        Assert.Equal("The evaluator command exited with code 1.", e.Info[SideInfoKeys.Error]);
        Assert.Equal("Traceback: NameError: x", e.Info["stderr"]);
        Assert.Equal(1, e.Info["exit_code"]);
    }

    [Fact]
    public async Task EvaluateAsync_PrintsGarbage_IsAScoredFailureShowingTheOutput()
    {
        var e = await Serve(Sh("echo 'score is high'; echo '{\"score\": \"NaN\"}'"));

        Assert.True(e.Failed);
        Assert.StartsWith("The evaluator command printed no result", (string)e.Info[SideInfoKeys.Error]!, StringComparison.Ordinal);
        Assert.Contains("score is high", (string)e.Info["stdout"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EvaluateAsync_Crashes_IsAScoredFailure()
    {
        var e = await Serve(Sh("echo 'segfault coming' >&2; kill -9 $$"));

        Assert.True(e.Failed);
        Assert.Contains("exited with code", (string)e.Info[SideInfoKeys.Error]!, StringComparison.Ordinal);
        Assert.Equal("segfault coming", e.Info["stderr"]);
    }

    [Fact]
    public async Task EvaluateAsync_Hangs_IsKilledWithItsChildrenAndScoredAsATimeout()
    {
        var marker = Path.Combine(Path.GetTempPath(), "gepa-hang-" + Guid.NewGuid().ToString("N"));
        var watch = Stopwatch.StartNew();
        // The limit leaves a busy machine time to start the shell and let it print before the kill (0.5 s was tight); the grandchild
        // would touch the marker 4 s after it started, and the check comes 4 s after the kill, at least 6 s after the start.
        var e = await Serve(Sh($"echo started >&2; (sleep 4; touch {marker}) & sleep 60", timeoutSeconds: 2));
        watch.Stop();
        await Task.Delay(4000, TestContext.Current.CancellationToken);

        Assert.True(e.Failed);
        Assert.StartsWith("The evaluator command timed out after 2 s and was killed", (string)e.Info[SideInfoKeys.Error]!, StringComparison.Ordinal);
        Assert.Equal("started", e.Info["stderr"]);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
        Assert.False(File.Exists(marker), "the child process outlived the kill");
    }

    [Fact]
    public async Task EvaluateAsync_CommandMissing_IsAScoredFailureNamingIt()
    {
        var evaluator = new CommandEvaluator(new CommandEvaluatorOptions { FileName = "/no/such/evaluator" });
        var e = await Serve(evaluator);

        Assert.True(e.Failed);
        Assert.Contains("'/no/such/evaluator' could not start", (string)e.Info[SideInfoKeys.Error]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EvaluateAsync_Cancelled_KillsTheCommandAndPropagates()
    {
        var evaluator = Sh("sleep 60");
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        using var server = EvaluationServer.Create((c, ctx) => evaluator.EvaluateAsync(c, ctx), null, new OptimizeAnythingOptions { MaxEvaluations = 1 });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => server.EvaluateAsync(Text, null, cts.Token));
    }

    [Fact]
    public void Parse_BareJsonAndLastLine_AreAccepted()
    {
        Assert.Equal(1, CommandEvaluator.Parse("""{"score": 1}""")!.Score);
        Assert.Equal(2, CommandEvaluator.Parse("log\n{\"score\": 2, \"info\": {\"a\": 1}}\n")!.Score);
        Assert.Null(CommandEvaluator.Parse("{\"score\": 1"));
        Assert.Null(CommandEvaluator.Parse(""));
    }
}
