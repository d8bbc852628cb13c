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
        Assert.Equal(data.Pool.Count * data.ValExamples.Count, Regex.Count(html, "<rect class=\"cell"));
        Assert.Contains("<ins>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"memory\"", html, StringComparison.Ordinal); // a run without memory has no memory section
        Assert.All(Enumerable.Range(0, data.Pool.Count), k => Assert.Contains($"id=\"cand-{k}\"", html, StringComparison.Ordinal));
        Assert.All(data.Proposals.Skip(1), p => Assert.Contains($"id=\"prop-{p.Id}\"", html, StringComparison.Ordinal));

        // Prompt text is data, never markup.
        Assert.DoesNotContain("<script>alert", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; co.", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_ExampleTable_ShowsWhatTheBestStillFailsAgainstTheSeed()
    {
        var html = File.ReadAllText(run.Html);
        var examples = run.Data.Examples!;
        var seed = examples.Candidates.Single(c => c.Candidate == 0).Examples;
        var best = examples.Candidates.Single(c => c.Candidate == examples.Best).Examples;
        Assert.NotEqual(0, examples.Best);
        Assert.Equal(run.Data.ValExamples.Count, best.Count);

        var table = Between(html, "<table id=\"example-table\"", "</table>");
        Assert.Equal(best.Count, Regex.Count(table, "<tr class=\""));
        var failing = best.Where(e => e.Score < 1).ToList();
        Assert.Equal(failing.Count, Regex.Count(table, "<tr class=\"fail"));
        Assert.Contains($"<b>{failing.Count}</b> of {best.Count} validation examples still below 1", html, StringComparison.Ordinal);

        // The failing rows come first, each with the input, the expected answer, both outputs, the feedback and both scores.
        var worst = failing.Count > 0 ? failing.MinBy(e => (e.Score, e.Example))! : best.MinBy(e => (e.Score, e.Example))!;
        var firstRow = Between(table, "<tbody>", "</tr>");
        Assert.Contains($"data-example=\"{worst.Example}\"", firstRow, StringComparison.Ordinal);
        Assert.Contains(System.Net.WebUtility.HtmlEncode(worst.Input), firstRow, StringComparison.Ordinal);
        Assert.Contains(System.Net.WebUtility.HtmlEncode(worst.Expected!), firstRow, StringComparison.Ordinal);
        Assert.Contains(System.Net.WebUtility.HtmlEncode(worst.Feedback!), firstRow, StringComparison.Ordinal);
        Assert.Contains(System.Net.WebUtility.HtmlEncode(seed.Single(e => e.Example == worst.Example).Output!), firstRow, StringComparison.Ordinal);
        Assert.All(best, e => Assert.False(string.IsNullOrEmpty(e.Feedback), $"example {e.Example} has no feedback"));
    }

    [Fact]
    public void Render_ShowsTheSeedToBestDiff_TheTestScore_AndModelsTokensAndCost()
    {
        var html = File.ReadAllText(run.Html);
        var data = run.Data;

        var diff = Between(html, "<div id=\"seed-best-diff\">", "</section>");
        Assert.Contains("<ins>", diff, StringComparison.Ordinal);
        Assert.Contains(">answer", diff, StringComparison.Ordinal);

        Assert.NotNull(data.Summary.TestScore);
        Assert.Equal(2, data.Summary.TestExamples);
        var card = Between(html, "test score</div>", "</div></div>");
        Assert.Contains($"<div class=\"value\">{data.Summary.TestScore!.Value.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)}</div>", card, StringComparison.Ordinal);
        Assert.Contains("outside the rollout budget", card, StringComparison.Ordinal);

        var usage = Between(html, "<table id=\"usage\"", "</table>");
        var task = data.Usage.Single(u => u.Role == "task");
        Assert.True(task.InputTokens > 0);
        Assert.Contains("<td>task</td><td><code>rule-world", usage, StringComparison.Ordinal);
        Assert.Contains("<td>reflection</td>", usage, StringComparison.Ordinal);
        Assert.Contains(task.InputTokens.ToString("N0", System.Globalization.CultureInfo.InvariantCulture), usage, StringComparison.Ordinal);
        Assert.Contains(task.Cost!.Value.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture), usage, StringComparison.Ordinal);
        Assert.Contains("no price", usage, StringComparison.Ordinal); // the reflection model has none
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
        Assert.Contains("id=\"example-table\"", dom, StringComparison.Ordinal);

        var shot = Path.Combine(Path.GetDirectoryName(run.Html)!, "screenshot.png");
        await Chromium.RunAsync(run.Html, "--screenshot=" + shot, "--window-size=1280,4200", "--hide-scrollbars");
        var image = PngReader.Read(File.ReadAllBytes(shot));
        Assert.Equal(1280, image.Width);
        Assert.True(image.Count((79, 70, 229), 16) > 300, "the score curve is not drawn");
        Assert.True(image.Count((147, 51, 234), 16) > 20, "the merge (curve dot and tree edge) is not drawn");
        Assert.True(image.Count((34, 197, 94), 24) > 200, "no high-scoring candidate is drawn in green");
    }

    private static string Between(string text, string start, string end)
    {
        var i = text.IndexOf(start, StringComparison.Ordinal);
        Assert.True(i >= 0, $"'{start}' is missing");
        var j = text.IndexOf(end, i + start.Length, StringComparison.Ordinal);
        return text[i..(j < 0 ? text.Length : j)];
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
            // Through the tool, so the directory has everything a user's run has: the configuration snapshot (models),
            // result.json (usage), examples.json (per-example results) and the test score in summary.json.
            File.WriteAllText(Path.Combine(_root, "gepa.yaml"), $$$"""
                task: rule-world
                world: {rules: 8, modules: 2, train: 16, val: 10, test: 2, guess: 0.5}
                task-model: {provider: rule-world, price: {input-per-million: 1.5, output-per-million: 6}}
                reflection-model: {provider: rule-world}
                seed-candidate:
                  query: "{{{RuleWorld.BaseInstruction}}}"
                  answer: "{{{RuleWorld.BaseInstruction}}} {{{Hostile}}}"
                engine: {seed: 2, max-metric-calls: 240, minibatch-size: 3, cache-evaluation: true, merge: {enabled: true, val-overlap-floor: 2}}
                budget: {policy: fixed}
                """);
            var directory = Path.Combine(_root, "run");
            using (var log = new StringWriter())
            {
                var run = new Gepa.Cli.Cli.CliEnvironment { Out = log, Error = log, TaskSetup = new TestTaskSetup(), WorkingDirectory = _root };
                Assert.True(await Gepa.Cli.Cli.GepaCli.RunAsync(["optimize", "gepa.yaml", "--out", "run", "--quiet"], run) == 0, log.ToString());
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
