using System.Text.RegularExpressions;
using Gepa.Cli.Reports;
using Gepa.Cli.Tests.TestSupport;
using Gepa.Simulation;
using Xunit;

namespace Gepa.Cli.Tests.Reports;

/// <summary>The report of a RuleWorld run (simulated) with mutations, a merge and rejected proposals: its content, checked in
/// the HTML, then in a real headless browser (Debian's chromium).</summary>
public sealed partial class HtmlReportTests(HtmlReportTests.Run run) : IClassFixture<HtmlReportTests.Run>
{
    private const string Hostile = "Never print <script>alert('x')</script> & co.";

    [Fact]
    public void Render_IsSelfContained_AndShowsTheCurveTreeFrontAndDiffs()
    {
        var html = File.ReadAllText(run.Html);
        var data = run.Data;

        Assert.DoesNotMatch(ExternalReference(), html); // no CDN, no remote font, no fetch
        Assert.Contains("<svg id=\"score-curve\"", html, StringComparison.Ordinal);
        Assert.Contains("id=\"best-line\"", html, StringComparison.Ordinal);
        var tree = html[html.IndexOf("<svg id=\"lineage-tree\"", StringComparison.Ordinal)..];
        tree = tree[..tree.IndexOf("</svg>", StringComparison.Ordinal)];
        Assert.Equal(data.Pool.Count, Regex.Count(tree, "class=\"node cand "));
        Assert.Equal(data.Proposals.Count(p => p.Decision != ProposalRecord.Accepted), Regex.Count(tree, "class=\"node rej"));
        Assert.Contains("class=\"edge merge\"", tree, StringComparison.Ordinal);
        Assert.Equal(data.Pool.Count * data.Examples.Count, Regex.Count(html, "<rect class=\"cell"));
        Assert.Contains("<ins>", html, StringComparison.Ordinal);
        Assert.All(Enumerable.Range(0, data.Pool.Count), k => Assert.Contains($"id=\"cand-{k}\"", html, StringComparison.Ordinal));
        Assert.All(data.Proposals.Skip(1), p => Assert.Contains($"id=\"prop-{p.Id}\"", html, StringComparison.Ordinal));

        // Prompt text is data, never markup.
        Assert.DoesNotContain("<script>alert", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; co.", html, StringComparison.Ordinal);
    }

    [Fact]
    public void ScoreCurvePng_IsAValidImageShowingTheCurve()
    {
        var png = PngReader.Read(File.ReadAllBytes(run.Png));

        Assert.Equal((960, 480), (png.Width, png.Height));
        Assert.True(png.Count((79, 70, 229), 0) > 500, "the curve's colour is missing");
        Assert.True(png.Count((245, 158, 11), 0) > 50, "the best candidate's marker is missing");
    }

    [Fact]
    public async Task Browser_LoadsThePageWithoutErrors_RunsItsScript_AndDrawsTheTreeAndTheCurve()
    {
        if (Chromium.Path is null)
        {
            Assert.Skip("chromium is not installed, so the report could not be opened in a real browser (.ci/run installs it with apt-get install chromium).");
        }

        var (dom, log) = await Chromium.RunAsync(run.Html, "--dump-dom");

        var root = Regex.Match(dom, "<html[^>]*>").Value;
        Assert.Matches("data-gepa-ready=\"[1-9][0-9]*\"", root); // the page's script ran to its end
        Assert.DoesNotContain("data-gepa-error", root, StringComparison.Ordinal); // and no error was raised
        Assert.Contains("gepa-ready", dom, StringComparison.Ordinal);
        Assert.DoesNotMatch("Uncaught|SyntaxError|ReferenceError|TypeError", log);
        Assert.Contains("id=\"lineage-tree\"", dom, StringComparison.Ordinal);

        var shot = Path.Combine(Path.GetDirectoryName(run.Html)!, "screenshot.png");
        await Chromium.RunAsync(run.Html, "--screenshot=" + shot, "--window-size=1280,1800", "--hide-scrollbars");
        var image = PngReader.Read(File.ReadAllBytes(shot));
        Assert.Equal(1280, image.Width);
        Assert.True(image.Count((79, 70, 229), 16) > 300, "the score curve is not drawn");
        Assert.True(image.Count((147, 51, 234), 16) > 20, "the merge (curve dot and tree edge) is not drawn");
        Assert.True(image.Count((34, 197, 94), 24) > 200, "no high-scoring candidate is drawn in green");
    }

    [GeneratedRegex(@"(src|href)\s*=\s*[""']?(https?:)?//|@import|url\(\s*['""]?https?:", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalReference();

    /// <summary>One RuleWorld run in a run directory, reported once for all the tests.</summary>
    public sealed class Run : IAsyncLifetime
    {
        private readonly string _root = Directory.CreateTempSubdirectory("gepa-report-").FullName;

        public string Html { get; private set; } = "";

        public string Png { get; private set; } = "";

        internal RunReportData Data { get; private set; } = null!;

        public async ValueTask InitializeAsync()
        {
            var world = new RuleWorld(new RuleWorldOptions { Rules = 8, Modules = 2, Train = 16, Val = 10, Test = 2, Guess = 0.5 });
            var options = new GepaOptions { Seed = 2, MaxMetricCalls = 240, MinibatchSize = 3, UseMerge = true, MergeValOverlapFloor = 2, CacheEvaluation = true, ReflectionRetryDelay = TimeSpan.Zero };
            var directory = Path.Combine(_root, "run");
            using (var dir = GepaRunDirectory.Create(directory))
            {
                dir.Attach(options);
                var seed = world.SeedCandidate().With("answer", RuleWorld.BaseInstruction + " " + Hostile);
                var optimizer = new GepaOptimizer<RuleWorldExample>(new RuleWorldAdapter(world, new RuleWorldTaskChatClient(world)), new RuleWorldReflectionChatClient(world), options);
                await dir.RunAsync(optimizer, seed, world.Trainset, world.Valset);
            }

            using var output = new StringWriter();
            var env = new Gepa.Cli.Cli.CliEnvironment { Out = output, Error = output, TaskSetup = new TestTaskSetup(), WorkingDirectory = _root };
            Assert.Equal(0, await Gepa.Cli.Cli.GepaCli.RunAsync(["report", "run"], env));
            Html = Path.Combine(directory, "report.html");
            Png = Path.Combine(directory, "score_curve.png");
            Assert.Equal($"{Html}\n{Png}\n", output.ToString().Replace("\r", "", StringComparison.Ordinal));
            Data = RunReportData.Load(directory);
            Assert.Contains(Data.Pool, c => c.Parents.Length == 2); // the run has a merge to show
        }

        public ValueTask DisposeAsync()
        {
            Directory.Delete(_root, recursive: true);
            return ValueTask.CompletedTask;
        }
    }
}
