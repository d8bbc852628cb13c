using System.Text.Json;
using Gepa.Orleans.Tests.TestUtilities;

namespace Gepa.Orleans.Tests.Cli;

/// <summary><c>gepa optimize &lt;config&gt; --cluster &lt;connection&gt;</c> on an ordinary chat-prompt configuration (not
/// RuleWorld): two <c>gepa-cluster worker --config</c> processes on a real PostgreSQL serve its models from their own
/// environment, and the run gives the candidates <c>gepa optimize</c> gives on this machine alone.</summary>
[Collection(SerialCluster.Name)]
public sealed class ConfiguredRunTests(PostgresServer postgres) : IClassFixture<PostgresServer>
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(240);

    [Fact]
    public async Task OptimizeCluster_ChatPromptConfig_SameCandidatesAsLocalRunAndKeysStayOnWorkers()
    {
        var ct = TestContext.Current.CancellationToken;
        postgres.RequireOrSkip();
        var connection = await postgres.CreateDatabaseAsync("configured_run");
        await using var world = await ChatPromptWorld.StartAsync();
        var withKey = new Dictionary<string, string?> { [ChatPromptWorld.KeyVariable] = ChatPromptWorld.Key };
        var local = await ToolProcess.RunAsync(ToolProcess.GepaPath, ["optimize", world.ConfigPath, "--out", "local", "--quiet"], world.Directory, withKey, Limit, ct);
        Assert.True(local.Code == 0, local.Error);
        var localRequests = world.Server.Requests.Count;

        var workers = new List<WorkerProcess>();
        try
        {
            var keyOnly = new Dictionary<string, string> { [ChatPromptWorld.KeyVariable] = ChatPromptWorld.Key };
            workers.Add(await WorkerProcess.StartAsync(connection, 0, ct, ["--config", world.ConfigPath], keyOnly));
            workers.Add(await WorkerProcess.StartAsync(connection, 0, ct, ["--config", world.ConfigPath], keyOnly));

            // The client has no key: the models are called by the workers only.
            var noKey = new Dictionary<string, string?> { [ChatPromptWorld.KeyVariable] = null, ["GEPA_CLUSTER_TOOL"] = null };
            var clustered = await ToolProcess.RunAsync(ToolProcess.GepaPath, ["optimize", world.ConfigPath, "--cluster", connection, "--out", "clustered"], world.Directory, noKey, Limit, ct);
            TestContext.Current.TestOutputHelper?.WriteLine(clustered.Error);

            Assert.True(clustered.Code == 0, clustered.Error);
            Assert.True(world.Server.Requests.Count > localRequests, "the cluster run called no model");
            Assert.Equal(
                await File.ReadAllBytesAsync(Path.Combine(world.Directory, "local", "best_candidate.json"), ct),
                await File.ReadAllBytesAsync(Path.Combine(world.Directory, "clustered", "best_candidate.json"), ct));
            Assert.Equal(LocalCandidates(world), ClusterCandidates(world));
            Assert.True(LocalCandidates(world).Count > 1, "the run found no better candidate, so it proves little");
            Assert.Equal([ChatPromptWorld.Key], world.Server.Keys);
            foreach (var file in Directory.EnumerateFiles(Path.Combine(world.Directory, "clustered")))
            {
                Assert.DoesNotContain(ChatPromptWorld.Key, await File.ReadAllTextAsync(file, ct), StringComparison.Ordinal);
            }
        }
        finally
        {
            foreach (var w in workers)
            {
                TestContext.Current.TestOutputHelper?.WriteLine($"--- {w.SiloName}\n{w.Output}");
                w.Dispose();
            }
        }
    }

    [Fact]
    public async Task Worker_RateLimitAnd429WithRetryAfter_CallsHeldAcrossSilosPausedAndSameCandidates()
    {
        const double Rate = 4;
        const int RetryAfterSeconds = 3;
        var ct = TestContext.Current.CancellationToken;
        postgres.RequireOrSkip();
        var connection = await postgres.CreateDatabaseAsync("rate_limited");
        await using var world = await ChatPromptWorld.StartAsync();
        var withKey = new Dictionary<string, string?> { [ChatPromptWorld.KeyVariable] = ChatPromptWorld.Key };
        var local = await ToolProcess.RunAsync(ToolProcess.GepaPath, ["optimize", world.ConfigPath, "--out", "local", "--quiet"], world.Directory, withKey, Limit, ct);
        Assert.True(local.Code == 0, local.Error);
        var before = world.Server.Requests.Count;
        world.ThrottledRequests = new HashSet<int> { world.TaskRequests + 12 };
        world.Server.RetryAfterSeconds = RetryAfterSeconds;

        var workers = new List<WorkerProcess>();
        try
        {
            var keyOnly = new Dictionary<string, string> { [ChatPromptWorld.KeyVariable] = ChatPromptWorld.Key };
            string[] options = ["--config", world.ConfigPath, "--rate-limit", "4"];
            workers.Add(await WorkerProcess.StartAsync(connection, 0, ct, options, keyOnly));
            workers.Add(await WorkerProcess.StartAsync(connection, 0, ct, options, keyOnly));
            var clustered = await ToolProcess.RunAsync(ToolProcess.GepaPath, ["optimize", world.ConfigPath, "--cluster", connection, "--out", "clustered"], world.Directory, null, Limit, ct);

            Assert.True(clustered.Code == 0, clustered.Error);
            Assert.Equal(
                await File.ReadAllBytesAsync(Path.Combine(world.Directory, "local", "best_candidate.json"), ct),
                await File.ReadAllBytesAsync(Path.Combine(world.Directory, "clustered", "best_candidate.json"), ct));
            Assert.Equal(LocalCandidates(world), ClusterCandidates(world));

            var calls = world.Server.Requests.Skip(before).Where(r => r.Model == "task-model").OrderBy(r => r.At).ToList();
            var throttled = calls.Single(r => r.Status == 429);
            var window = calls.Max(c => calls.Count(x => x.At >= c.At && x.At < c.At.AddSeconds(1)));
            var seconds = (calls[^1].At - calls[0].At).TotalSeconds;
            TestContext.Current.TestOutputHelper?.WriteLine($"{calls.Count} task calls in {seconds:0.0} s ({calls.Count / seconds:0.00}/s); busiest 1 s window {window}; limit {Rate}/s, burst {Rate}");

            // Held across both silos: a full bucket, then the rate (unlimited, the local run made them several times faster).
            // The bound leaves room for arrivals bunched by a loaded machine; the duration below is the sharper check.
            Assert.True(window <= 3 * Rate, $"{window} calls in one second against a limit of {Rate}/s with a burst of {Rate}");
            Assert.True(seconds >= (calls.Count - (2 * Rate)) / Rate, $"{calls.Count} calls took {seconds:0.0} s");

            // Paused everywhere: after the 429 only calls already on their way (within a second) reach the server before
            // the Retry-After has passed.
            var paused = calls.Where(r => r.At > throttled.At.AddSeconds(1) && r.At < throttled.At.AddSeconds(RetryAfterSeconds - 0.2)).ToList();
            Assert.True(paused.Count == 0, $"{paused.Count} calls reached the server during the cluster-wide pause, the first {(paused.FirstOrDefault().At - throttled.At).TotalMilliseconds:0} ms after the 429");
        }
        finally
        {
            foreach (var w in workers)
            {
                TestContext.Current.TestOutputHelper?.WriteLine($"--- {w.SiloName}\n{w.Output}");
                w.Dispose();
            }
        }
    }

    [Theory]
    [InlineData("Host=127.0.0.1;Port=notaport", "not a PostgreSQL connection string")]
    [InlineData("just some words", "not a PostgreSQL connection string")]
    [InlineData("Database=gepa", "names no Host")]
    [InlineData("Host=127.0.0.1;Port=1;Timeout=2", "Cannot reach the cluster's database")]
    public async Task OptimizeCluster_BadConnection_OneClearLineAndNothingWritten(string connection, string expected)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var world = await ChatPromptWorld.StartAsync();
        var result = await ToolProcess.RunAsync(ToolProcess.GepaPath, ["optimize", world.ConfigPath, "--cluster", connection, "--out", "clustered"], world.Directory, null, TimeSpan.FromSeconds(60), ct);

        Assert.Equal(2, result.Code);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
        Assert.Single(result.Error.Trim().Split('\n'));
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(world.Directory, "clustered")));
    }

    [Fact]
    public async Task OptimizeCluster_OutHoldsTheUsersFiles_RefusedInOneLineAndTheFilesUntouched()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var world = await ChatPromptWorld.StartAsync();
        var output = Directory.CreateDirectory(Path.Combine(world.Directory, "mine")).FullName;
        var notes = Path.Combine(output, "notes.txt");
        File.WriteAllText(notes, "the user's own file");

        // A well-formed connection to nothing: the output folder is checked before the database is probed.
        var result = await ToolProcess.RunAsync(ToolProcess.GepaPath, ["optimize", world.ConfigPath, "--cluster", "Host=127.0.0.1;Port=1;Timeout=2", "--out", "mine"], world.Directory, null, TimeSpan.FromSeconds(60), ct);

        Assert.Equal(2, result.Code);
        Assert.Contains($"Option --out: '{output}' exists and is not an empty directory", result.Error, StringComparison.Ordinal);
        Assert.Single(result.Error.Trim().Split('\n'));
        Assert.Equal("the user's own file", File.ReadAllText(notes));
        Assert.Equal([notes], Directory.GetFileSystemEntries(output));
    }

    private static string Compact(string json) => JsonSerializer.Serialize(JsonSerializer.Deserialize<Dictionary<string, string>>(json));

    private static List<string> LocalCandidates(ChatPromptWorld world)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(world.Directory, "local", "result.json")));
        return [.. doc.RootElement.GetProperty("candidates").EnumerateArray().Select(c => Compact(c.GetProperty("components").GetRawText()))];
    }

    private static List<string> ClusterCandidates(ChatPromptWorld world)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(world.Directory, "clustered", "result.json")));
        return [.. doc.RootElement.GetProperty("Summary").GetProperty("Candidates").EnumerateArray().Select(c => Compact(c.GetRawText()))];
    }
}
