using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Gepa.Cli.Reports;

/// <summary>Renders a run as one self-contained HTML page: inline CSS, inline SVG charts and a small inline script; nothing
/// is fetched from anywhere.</summary>
/// <remarks>Sections: the headline numbers (with the test score, tokens and cost), the models with their usage, the
/// validation examples the best candidate still fails against the seed (input, expected, output, feedback, score), the
/// seed-to-best diff, the best score against rollouts, the lineage tree (mutations, merges, and the
/// rejected proposals), the Pareto front per validation example, every candidate's diff against its parent, and every
/// proposal with its reason, reflection reply and records. The script only adds navigation; the page reads fully
/// without it. It sets <c>data-gepa-ready</c> on the root element once it ran, and <c>data-gepa-error</c> on any error.</remarks>
internal static class HtmlReport
{
    /// <summary>Renders the page.</summary>
    /// <param name="data">The run.</param>
    /// <param name="pngName">The file name of the score-curve PNG written next to the page, linked from it.</param>
    /// <returns>The HTML.</returns>
    public static string Render(RunReportData data, string? pngName)
    {
        ArgumentNullException.ThrowIfNull(data);
        var h = new StringBuilder(64 * 1024);
        var name = Path.GetFileName(data.Directory.TrimEnd(Path.DirectorySeparatorChar));
        h.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        h.Append("<title>GEPA run ").Append(E(name)).Append("</title>\n");
        h.Append("<script>window.addEventListener('error',function(e){document.documentElement.setAttribute('data-gepa-error',String(e.message||e));});</script>\n");
        h.Append("<style>").Append(Css).Append("</style>\n</head>\n<body>\n<main>\n");
        Header(h, data, name);
        ModelsTable(h, data);
        Memory(h, data);
        ExamplesTable(h, data);
        SeedToBest(h, data);
        Curve(h, data, pngName);
        Tree(h, data);
        Front(h, data);
        Candidates(h, data);
        ProposalsTable(h, data);
        h.Append("<footer>Written by <code>gepa report</code> from <code>").Append(E(data.Directory)).Append("</code> (")
            .Append(E(data.Manifest.Producer)).Append(", run directory format ").Append(data.Manifest.FormatVersion.ToString(CultureInfo.InvariantCulture)).Append(").</footer>\n");
        h.Append("</main>\n<script>").Append(Script).Append("</script>\n</body>\n</html>\n");
        return h.ToString();
    }

    private static void Header(StringBuilder h, RunReportData d, string name)
    {
        var s = d.Summary;
        var cp = d.State.Checkpoint;
        var seed = d.Means[0];
        var best = d.Means[d.Best];
        var statusClass = s.Status switch { RunSummary.Completed => "ok", RunSummary.Running => "warn", _ => "bad" };
        h.Append("<header><div><h1>GEPA run <span class=\"name\">").Append(E(name)).Append("</span></h1>");
        h.Append("<p class=\"sub\"><span class=\"badge ").Append(statusClass).Append("\">").Append(E(s.Status)).Append("</span> ");
        if (s.StopReason is { } reason)
        {
            h.Append("<b>").Append(E(reason)).Append("</b> — ");
        }

        h.Append(E(s.Message ?? (s.Status == RunSummary.Running ? "the run is going on, or was killed; continue it with gepa resume." : ""))).Append("</p></div></header>\n");
        h.Append("<section class=\"cards\">");
        Card(h, "best validation score", F(best), $"candidate #{d.Best} · seed {F(seed)} ({(best - seed >= 0 ? "+" : "")}{F(best - seed)})", "best");
        Card(h, "rollouts", cp.TotalMetricCalls.ToString(CultureInfo.InvariantCulture) + (d.Budget is { } b ? $" / {b}" : ""), d.Budget is { } b2 && b2 > 0 ? $"{100.0 * cp.TotalMetricCalls / b2:0}% of the budget" : "no budget", null);
        var tried = cp.Counters.GetValueOrDefault("proposalsTried");
        var accepted = cp.Counters.GetValueOrDefault("proposalsAccepted");
        var rejected = d.Proposals.Count(p => p.Decision == ProposalRecord.Rejected);
        Card(h, "accepted proposals", accepted.ToString(CultureInfo.InvariantCulture), $"{rejected} rejected · {cp.Counters.GetValueOrDefault("failedProposals")} failed · {tried} evaluated", null);
        var merges = d.Proposals.Count(p => p.Kind == ProposalRecord.MergeKind);
        Card(h, "candidates", d.Pool.Count.ToString(CultureInfo.InvariantCulture), $"{merges} merge attempts · {d.Front.Values.SelectMany(f => f.Members).Distinct().Count()} on the front", null);
        Card(h, "iterations", (cp.Iteration + 1).ToString(CultureInfo.InvariantCulture), $"{s.Session} session{(s.Session == 1 ? "" : "s")} · {Duration(cp.Elapsed)}", null);
        if (s.TestScore is { } test)
        {
            Card(h, "test score", F(test), $"candidate #{s.TestCandidate} on {s.TestExamples} held-out examples · {s.TestNote}", "test");
        }
        else
        {
            Card(h, "test score", "–", s.TestNote ?? "the test split was not scored (gepa optimize scores it when the run ends)", null);
        }

        var tokens = d.Usage.Sum(u => u.InputTokens + u.OutputTokens);
        var costs = d.Usage.Where(u => u.Cost is not null).ToList();
        Card(h, "tokens", tokens.ToString("N0", CultureInfo.InvariantCulture), costs.Count == 0 ? "cost unknown (no prices configured)" : $"cost {costs.Sum(u => u.Cost!.Value).ToString("0.####", CultureInfo.InvariantCulture)}{(costs.Count < d.Usage.Count ? " (roles without a price not counted)" : "")}", null);
        h.Append("</section>\n");
    }

    private static void ModelsTable(StringBuilder h, RunReportData d)
    {
        if (d.Models.Count == 0 && d.Usage.Count == 0)
        {
            return;
        }

        h.Append("<section><h2 id=\"models\">Models, tokens and cost</h2><p class=\"hint\">Every call each model role made over all sessions");
        h.Append(d.Usage.Count > 0 && File.Exists(Path.Combine(d.Directory, Output.RunResultWriter.ResultFile)) ? " (the test split included)." : ", up to the last checkpoint.");
        h.Append("</p>\n<table id=\"usage\" class=\"usage\"><thead><tr><th>role</th><th>model</th><th>calls</th><th>failed</th><th>retries</th><th>from cache</th><th>input tokens</th><th>output tokens</th><th>cost</th></tr></thead><tbody>");
        foreach (var role in d.Models.Select(m => m.Role).Union(d.Usage.Select(u => u.Role)))
        {
            var model = d.Models.FirstOrDefault(m => m.Role == role).Model ?? "";
            var u = d.Usage.FirstOrDefault(x => x.Role == role);
            h.Append("<tr><td>").Append(E(role)).Append("</td><td><code>").Append(E(model)).Append("</code></td>");
            if (u is null)
            {
                h.Append("<td colspan=\"7\" class=\"note\">no usage recorded</td></tr>");
                continue;
            }

            h.Append(CultureInfo.InvariantCulture, $"<td class=\"n\">{u.Calls:N0}</td><td class=\"n\">{u.FailedCalls:N0}</td><td class=\"n\">{u.Retries:N0}</td><td class=\"n\">{u.CacheHits:N0}</td><td class=\"n\">{u.InputTokens:N0}</td><td class=\"n\">{u.OutputTokens:N0}</td>");
            h.Append("<td class=\"n\">").Append(u.Cost is { } c ? E(c.ToString("0.####", CultureInfo.InvariantCulture)) : "<span class=\"note\">no price</span>").Append("</td></tr>");
        }

        h.Append("</tbody></table></section>\n");
    }

    private static void Memory(StringBuilder h, RunReportData d)
    {
        var start = d.MemoryStart;
        if (start is null && d.MemoryRetrievals.Count == 0)
        {
            return;
        }

        h.Append("<section><h2 id=\"memory\">Memory</h2><p class=\"hint\">What the memory bank gave this run before it started: the lessons retrieved for each component (<code>memory.jsonl</code>) and how the start was chosen (<code>memory-start.json</code>).</p>\n");
        var shown = start?["templates"] as JsonObject;
        if (start?["probe"] is JsonObject probe)
        {
            var examples = Int(probe["examples"]);
            h.Append("<p id=\"memory-probe\">");
            if (examples == 0)
            {
                h.Append("Relevance probe: no rollouts left for it in the start's share of the budget, so the lessons were not used.");
            }
            else
            {
                var passed = probe["passed"]?.GetValue<bool>() == true;
                h.Append(CultureInfo.InvariantCulture, $"Relevance probe: the seed with the lessons scored <b>{F(Num(probe["augmentedScore"]))}</b> against the seed's <b>{F(Num(probe["seedScore"]))}</b> on {examples} validation examples ({Int(probe["rollouts"])} rollouts): ");
                h.Append(passed ? "<span class=\"badge ok\">passed</span>, so the lessons were used." : "<span class=\"badge bad\">failed</span> (not higher), so the lessons were not used and the reflection prompts were a run's without memory.");
            }

            h.Append("</p>\n");
        }

        if (d.MemoryRetrievals.Count > 0)
        {
            h.Append("<table id=\"memory-lessons\"><thead><tr><th>component</th><th>lesson</th><th>similarity</th><th>in the reflection prompt</th></tr></thead><tbody>");
            foreach (var r in d.MemoryRetrievals)
            {
                var role = r["role"]?.GetValue<string>() ?? "";
                var ids = r["lessons"] as JsonArray ?? [];
                var texts = r["texts"] as JsonArray ?? [];
                var similarities = r["similarities"] as JsonArray ?? [];
                var inPrompt = shown?.ContainsKey(role) == true ? "yes" : "no";
                if (ids.Count == 0)
                {
                    h.Append("<tr><td>").Append(E(role)).Append(CultureInfo.InvariantCulture, $"</td><td colspan=\"3\" class=\"note\">no lesson at or above the similarity floor {F(Num(r["floor"]))}</td></tr>");
                }

                for (var i = 0; i < ids.Count; i++)
                {
                    var text = i < texts.Count ? texts[i]?.GetValue<string>() : null;
                    h.Append("<tr><td>").Append(E(role)).Append("</td><td><code>L").Append(Int(ids[i]).ToString(CultureInfo.InvariantCulture)).Append("</code> ")
                        .Append(text is null ? "<span class=\"note\">text not recorded</span>" : E(text)).Append("</td><td class=\"n\">")
                        .Append(i < similarities.Count ? F(Num(similarities[i])) : "").Append("</td><td>").Append(inPrompt).Append("</td></tr>");
                }
            }

            h.Append("</tbody></table>\n");
        }

        if (start?["considered"] is JsonArray considered && considered.Count > 0)
        {
            var chosen = start["chosen"]?.GetValue<string>();
            h.Append("<table id=\"memory-start\"><thead><tr><th>starting candidate</th><th>task similarity</th><th>race score</th><th>validation score</th><th></th></tr></thead><tbody>");
            foreach (var c in considered.OfType<JsonObject>())
            {
                var origin = c["origin"]?.GetValue<string>() ?? "";
                h.Append("<tr><td>").Append(E(origin)).Append("</td><td class=\"n\">").Append(F(Num(c["similarity"]))).Append("</td><td class=\"n\">")
                    .Append(c["raceScore"] is { } race ? F(Num(race)) : "<span class=\"note\">not raced</span>").Append("</td><td class=\"n\">")
                    .Append(c["score"] is { } score ? F(Num(score)) : "<span class=\"note\">not validated</span>").Append("</td><td>")
                    .Append(origin == chosen ? "<b>the run started here</b>" : "").Append("</td></tr>");
            }

            h.Append("</tbody></table>\n");
        }

        if (start is not null)
        {
            var known = (start["startScores"]?["scores"] as JsonArray)?.Count ?? 0;
            h.Append(CultureInfo.InvariantCulture, $"<p class=\"hint\" id=\"memory-spent\">The start spent {Int(start["rolloutsSpent"])} rollouts, taken off the budget.");
            if (known > 0)
            {
                h.Append(CultureInfo.InvariantCulture, $" The engine took the start's scores on the first {known} validation examples instead of evaluating them again.");
            }

            h.Append("</p>\n");
        }

        h.Append("</section>\n");
    }

    private static int Int(JsonNode? n) => n is null ? 0 : n.GetValue<int>();

    private static double Num(JsonNode? n) => n is null ? 0 : n.GetValue<double>();

    private static void ExamplesTable(StringBuilder h, RunReportData d)
    {
        h.Append("<section><h2 id=\"examples\">Which validation examples still fail, and why</h2>");
        var doc = d.Examples;
        var seed = doc?.Candidates.FirstOrDefault(c => c.Candidate == 0);
        if (doc is null || seed is null)
        {
            h.Append("<p class=\"hint\">This run directory has no <code>examples.json</code> (a run by an older gepa, or a library run without a recorder), so only scores are shown below.</p></section>\n");
            return;
        }

        var same = doc.Best == 0;
        var best = same ? seed : doc.Candidates.FirstOrDefault(c => c.Candidate == doc.Best);
        var seedBy = seed.Examples.ToDictionary(e => e.Example);
        var bestBy = (best?.Examples ?? []).ToDictionary(e => e.Example);
        var ids = seedBy.Keys.Union(bestBy.Keys).Order().ToList();
        var all = seedBy.Values.Concat(bestBy.Values).Select(e => e.Score).ToList();
        var top = all.All(v => v is >= 0 and <= 1) ? 1.0 : all.Max();
        bool Fails(ExampleResult? r) => r is null || r.Score < top;
        var stillFail = ids.Count(i => Fails(bestBy.GetValueOrDefault(i)));
        var fixedCount = ids.Count(i => Fails(seedBy.GetValueOrDefault(i)) && !Fails(bestBy.GetValueOrDefault(i)));
        var broke = ids.Count(i => !Fails(seedBy.GetValueOrDefault(i)) && Fails(bestBy.GetValueOrDefault(i)));
        h.Append("<p class=\"hint\">").Append(same ? "The best candidate is the seed. " : $"The best candidate (#{doc.Best}) against the seed, example by example: input, expected answer, each one's output, the metric's feedback and the score. ");
        h.Append("Examples the best still fails come first. Long texts are cut at ").Append(doc.MaxTextLength.ToString("N0", CultureInfo.InvariantCulture)).Append(" characters.</p>\n");
        h.Append(CultureInfo.InvariantCulture, $"<p id=\"examples-verdict\" class=\"verdict\"><b>{stillFail}</b> of {ids.Count} validation examples still below {F(top)}");
        if (!same)
        {
            h.Append(CultureInfo.InvariantCulture, $" (the seed: {ids.Count(i => Fails(seedBy.GetValueOrDefault(i)))}) · <span class=\"fixed\">{fixedCount} fixed</span> · <span class=\"broke\">{broke} broken</span>");
        }

        h.Append("</p>\n<label class=\"toggle\"><input type=\"checkbox\" id=\"only-failing\"> only the examples the best candidate still fails</label>\n");
        h.Append("<div class=\"scroll tablewrap\"><table id=\"example-table\" class=\"examples\"><thead><tr><th>#</th><th>input</th><th>expected</th>");
        h.Append(same ? "<th>output · feedback</th><th>score</th>" : "<th>seed: output · feedback</th><th>seed</th><th>best: output · feedback</th><th>best</th>");
        h.Append("</tr></thead><tbody>\n");
        var order = ids.OrderBy(i => Fails(bestBy.GetValueOrDefault(i)) ? 0 : 1).ThenBy(i => bestBy.GetValueOrDefault(i)?.Score ?? double.NegativeInfinity).ThenBy(i => i);
        foreach (var i in order)
        {
            var (a, b) = (seedBy.GetValueOrDefault(i), bestBy.GetValueOrDefault(i));
            var any = b ?? a!;
            var cls = Fails(b) ? (Fails(a) ? "fail" : "fail broke") : Fails(a) ? "pass fixed" : "pass";
            h.Append(CultureInfo.InvariantCulture, $"<tr class=\"{cls}\" data-example=\"{i}\"><td class=\"n\">{i}");
            if (any.Id is { } id && id != i.ToString(CultureInfo.InvariantCulture))
            {
                h.Append("<div class=\"note\">").Append(E(id)).Append("</div>");
            }

            h.Append("</td><td><pre>").Append(E(any.Input)).Append("</pre></td><td><pre>").Append(E(any.Expected ?? "–")).Append("</pre></td>");
            if (!same)
            {
                Result(h, a, top);
            }

            Result(h, b, top);
            h.Append("</tr>\n");
        }

        h.Append("</tbody></table></div></section>\n");
    }

    private static void Result(StringBuilder h, ExampleResult? r, double top)
    {
        if (r is null)
        {
            h.Append("<td class=\"note\">not recorded (served from the evaluation cache)</td><td></td>");
            return;
        }

        h.Append("<td><pre class=\"out\">").Append(E(r.Output ?? "")).Append("</pre>");
        if (!string.IsNullOrWhiteSpace(r.Feedback))
        {
            h.Append("<div class=\"feedback\">").Append(E(r.Feedback)).Append("</div>");
        }

        h.Append("</td><td class=\"n score ").Append(r.Score < top ? "low" : "top").Append("\">").Append(F(r.Score)).Append("</td>");
    }

    private static void SeedToBest(StringBuilder h, RunReportData d)
    {
        h.Append("<section><h2 id=\"seed-to-best\">From the seed to the best candidate</h2>");
        if (d.Best == 0)
        {
            h.Append("<p class=\"hint\">No candidate beat the seed, so there is nothing to compare.</p></section>\n");
            return;
        }

        h.Append(CultureInfo.InvariantCulture, $"<p class=\"hint\">Every component of candidate #{d.Best} against the seed's: <ins>added</ins>, <del>removed</del> (the changes of all its ancestors together).</p>\n<div id=\"seed-best-diff\">");
        var seed = d.Pool[0];
        foreach (var comp in d.Pool[d.Best].Components)
        {
            var before = seed.Components.FirstOrDefault(p => p[0] == comp[0])?[1];
            h.Append("<div class=\"comp\"><div class=\"compname\">").Append(E(comp[0])).Append(before == comp[1] ? " (unchanged)" : "").Append("</div>");
            Diff(h, before, comp[1]);
            h.Append("</div>");
        }

        h.Append("</div></section>\n");
    }

    private static void Card(StringBuilder h, string label, string value, string note, string? cls) =>
        h.Append("<div class=\"card").Append(cls is null ? "" : " " + cls).Append("\"><div class=\"label\">").Append(E(label)).Append("</div><div class=\"value\">")
            .Append(E(value)).Append("</div><div class=\"note\">").Append(E(note)).Append("</div></div>");

    private static void Curve(StringBuilder h, RunReportData d, string? pngName)
    {
        const int W = 960, H = 340, L = 56, R = 24, T = 20, B = 46;
        var curve = d.BestCurve();
        var xMax = Math.Max(1, Math.Max(d.Budget ?? 0, d.State.Checkpoint.TotalMetricCalls));
        var (yMin, yMax) = ScoreRange(d.Means);
        double X(double v) => L + ((W - L - R) * v / xMax);
        double Y(double v) => T + ((H - T - B) * (1 - ((v - yMin) / (yMax - yMin))));

        h.Append("<section><h2 id=\"curve\">Best score against rollouts</h2><p class=\"hint\">The best mean validation score so far, as rollouts (metric calls) are spent. ");
        h.Append("Dots are candidates as they joined the pool; the marks under the axis are proposals that were rejected.");
        if (pngName is not null)
        {
            h.Append(" Also as a picture: <a href=\"").Append(E(pngName)).Append("\">").Append(E(pngName)).Append("</a>.");
        }

        h.Append("</p>\n<svg id=\"score-curve\" class=\"chart\" viewBox=\"0 0 ").Append(W).Append(' ').Append(H).Append("\" role=\"img\" aria-label=\"best score against rollouts\">");
        foreach (var t in Ticks(yMin, yMax, 5))
        {
            h.Append(CultureInfo.InvariantCulture, $"<line class=\"grid\" x1=\"{L}\" x2=\"{W - R}\" y1=\"{N(Y(t))}\" y2=\"{N(Y(t))}\"/><text class=\"tick\" x=\"{L - 8}\" y=\"{N(Y(t) + 4)}\" text-anchor=\"end\">{F(t)}</text>");
        }

        foreach (var t in Ticks(0, xMax, 8))
        {
            h.Append(CultureInfo.InvariantCulture, $"<line class=\"grid v\" x1=\"{N(X(t))}\" x2=\"{N(X(t))}\" y1=\"{T}\" y2=\"{H - B}\"/><text class=\"tick\" x=\"{N(X(t))}\" y=\"{H - B + 18}\" text-anchor=\"middle\">{t:0}</text>");
        }

        if (d.Budget is { } budget)
        {
            h.Append(CultureInfo.InvariantCulture, $"<line class=\"budget\" x1=\"{N(X(budget))}\" x2=\"{N(X(budget))}\" y1=\"{T}\" y2=\"{H - B}\"/><text class=\"tick\" x=\"{N(X(budget) - 4)}\" y=\"{T + 12}\" text-anchor=\"end\">budget</text>");
        }

        h.Append(CultureInfo.InvariantCulture, $"<text class=\"axis\" x=\"{(W + L - R) / 2}\" y=\"{H - 6}\" text-anchor=\"middle\">rollouts spent</text>");
        h.Append(CultureInfo.InvariantCulture, $"<text class=\"axis\" transform=\"translate(14 {(H - B + T) / 2}) rotate(-90)\" text-anchor=\"middle\">validation score</text>");

        var path = new StringBuilder();
        for (var i = 0; i < curve.Count; i++)
        {
            var (x, y) = curve[i];
            path.Append(i == 0 ? "M" : $" H{N(X(x))} V").Append(i == 0 ? $"{N(X(x))} {N(Y(y))}" : N(Y(y)));
        }

        h.Append("<path class=\"area\" d=\"").Append(path).Append(CultureInfo.InvariantCulture, $" V{N(Y(yMin))} H{N(X(curve[0].Rollouts))} Z\"/>");
        h.Append("<path id=\"best-line\" class=\"line\" d=\"").Append(path).Append("\"/>");
        foreach (var p in d.Proposals.Where(p => p.Decision != ProposalRecord.Accepted))
        {
            var x = X(Math.Min(p.Rollouts, xMax));
            h.Append(CultureInfo.InvariantCulture, $"<line class=\"rejtick{(p.Decision == ProposalRecord.Failed ? " failed" : "")}\" x1=\"{N(x)}\" x2=\"{N(x)}\" y1=\"{H - B + 1}\" y2=\"{H - B + 7}\"><title>proposal {p.Id} ({p.Decision}, iteration {p.Iteration}): {E(p.Reason ?? "")}</title></line>");
        }

        foreach (var (x, k) in d.Discoveries())
        {
            var kind = k == 0 ? "seed" : d.Pool[k].Parents.Length > 1 ? "merge" : "mutation";
            h.Append(CultureInfo.InvariantCulture, $"<circle class=\"pt {kind}{(k == d.Best ? " best" : "")}\" data-target=\"cand-{k}\" cx=\"{N(X(x))}\" cy=\"{N(Y(d.Means[k]))}\" r=\"{(k == d.Best ? 6.5 : 5)}\"><title>candidate #{k} ({kind}): {F(d.Means[k])} at {x:0} rollouts</title></circle>");
        }

        h.Append("</svg>\n<div class=\"legend\"><span><i class=\"sw line\"></i>best so far</span><span><i class=\"dot mutation\"></i>mutation</span><span><i class=\"dot merge\"></i>merge</span><span><i class=\"dot seed\"></i>seed</span><span><i class=\"tickmark\"></i>rejected proposal</span></div></section>\n");
    }

    private static void Tree(StringBuilder h, RunReportData d)
    {
        h.Append("<section><h2 id=\"lineage\">Lineage</h2><p class=\"hint\">Each candidate grows from its parent (left to right); a merge also takes from a second parent (dashed). ");
        h.Append("Small grey dots are proposals that were rejected, orange ones proposals the reflection model could not make. The colour is the mean validation score; click a candidate for its diff.</p>\n");
        h.Append("<label class=\"toggle\"><input type=\"checkbox\" id=\"show-rejected\" checked> show rejected proposals</label>\n");
        h.Append("<div class=\"scroll\">");
        TreeSvg(h, d, withRejected: true);
        TreeSvg(h, d, withRejected: false);
        h.Append("</div></section>\n");
    }

    private static void TreeSvg(StringBuilder h, RunReportData d, bool withRejected)
    {
        // Nodes: pool candidates (c{k}) and, optionally, proposals that did not join (p{id}), each under its first parent.
        var children = new Dictionary<string, List<string>>();
        void AddChild(string parent, string child) => (children.TryGetValue(parent, out var l) ? l : children[parent] = []).Add(child);
        var order = new List<(int Sort, string Parent, string Node)>();
        for (var k = 1; k < d.Pool.Count; k++)
        {
            var parent = d.Pool[k].Parents.Length > 0 ? d.Pool[k].Parents[0] : 0;
            order.Add((d.Origin.TryGetValue(k, out var r) ? r.Id : int.MaxValue - d.Pool.Count + k, "c" + parent.ToString(CultureInfo.InvariantCulture), "c" + k.ToString(CultureInfo.InvariantCulture)));
        }

        if (withRejected)
        {
            foreach (var p in d.Proposals.Where(p => p.Decision != ProposalRecord.Accepted && p.Parents.Count > 0))
            {
                order.Add((p.Id, "c" + p.Parents[0].ToString(CultureInfo.InvariantCulture), "p" + p.Id.ToString(CultureInfo.InvariantCulture)));
            }
        }

        foreach (var (_, parent, node) in order.OrderBy(o => o.Sort))
        {
            AddChild(parent, node);
        }

        var pos = new Dictionary<string, (double X, double Y)>();
        var maxDepth = 0;
        const double Col = 92, Row = 28, Left = 28, Top = 10;
        var next = Top;
        double Place(string node, int depth)
        {
            maxDepth = Math.Max(maxDepth, depth);
            double y;
            if (children.TryGetValue(node, out var kids) && kids.Count > 0)
            {
                var ys = kids.Select(c => Place(c, depth + 1)).ToList();
                y = (ys[0] + ys[^1]) / 2;
            }
            else
            {
                // A rejected proposal is a small dot: it takes half a row.
                next += node[0] == 'p' ? Row / 2 : Row;
                y = next - (node[0] == 'p' ? Row / 4 : Row / 2);
            }

            pos[node] = (Left + (depth * Col), y);
            return y;
        }

        Place("c0", 0);
        var width = Left + (maxDepth * Col) + 110;
        var height = next + Top;
        var (lo, hi) = ScoreRange(d.Means);
        h.Append(CultureInfo.InvariantCulture, $"<svg id=\"{(withRejected ? "lineage-tree" : "lineage-tree-accepted")}\" class=\"tree{(withRejected ? "" : " accepted-only")}\" width=\"{N(width)}\" height=\"{N(height)}\" viewBox=\"0 0 {N(width)} {N(height)}\" role=\"img\" aria-label=\"lineage tree\">");
        foreach (var (parent, kids) in children)
        {
            foreach (var kid in kids)
            {
                var (x1, y1) = pos[parent];
                var (x2, y2) = pos[kid];
                var mx = (x1 + x2) / 2;
                var cls = kid[0] == 'p' ? "edge rej" : "edge";
                h.Append(CultureInfo.InvariantCulture, $"<path class=\"{cls}\" d=\"M{N(x1)} {N(y1)} C{N(mx)} {N(y1)} {N(mx)} {N(y2)} {N(x2)} {N(y2)}\"/>");
            }
        }

        for (var k = 1; k < d.Pool.Count; k++)
        {
            if (d.Pool[k].Parents.Length > 1 && pos.TryGetValue("c" + d.Pool[k].Parents[1].ToString(CultureInfo.InvariantCulture), out var other))
            {
                var (x2, y2) = pos["c" + k.ToString(CultureInfo.InvariantCulture)];
                h.Append(CultureInfo.InvariantCulture, $"<path class=\"edge merge\" d=\"M{N(other.X)} {N(other.Y)} C{N((other.X + x2) / 2)} {N(other.Y)} {N((other.X + x2) / 2)} {N(y2)} {N(x2)} {N(y2)}\"/>");
            }
        }

        foreach (var (node, (x, y)) in pos)
        {
            if (node[0] == 'p')
            {
                var id = int.Parse(node[1..], CultureInfo.InvariantCulture);
                var p = d.Proposals.First(r => r.Id == id);
                h.Append(CultureInfo.InvariantCulture, $"<circle class=\"node rej{(p.Decision == ProposalRecord.Failed ? " failed" : "")}\" data-target=\"prop-{id}\" cx=\"{N(x)}\" cy=\"{N(y)}\" r=\"4\"><title>proposal {id}, iteration {p.Iteration}: {E(p.Decision)} — {E(p.Reason ?? "")}</title></circle>");
                continue;
            }

            var k = int.Parse(node[1..], CultureInfo.InvariantCulture);
            var kind = k == 0 ? "seed" : d.Pool[k].Parents.Length > 1 ? "merge" : "mutation";
            var fill = ScoreColor(d.Means[k], lo, hi);
            h.Append(CultureInfo.InvariantCulture, $"<g class=\"node cand {kind}{(k == d.Best ? " best" : "")}\" data-target=\"cand-{k}\" transform=\"translate({N(x)} {N(y)})\">");
            h.Append(CultureInfo.InvariantCulture, $"<title>candidate #{k} ({kind}): mean validation score {F(d.Means[k])}</title><circle r=\"11\" fill=\"{fill}\"/>");
            h.Append(CultureInfo.InvariantCulture, $"<text class=\"idx\" y=\"4\" text-anchor=\"middle\">{k}</text><text class=\"score\" x=\"16\" y=\"4\">{F(d.Means[k])}</text></g>");
        }

        h.Append("</svg>");
    }

    private static void Front(StringBuilder h, RunReportData d)
    {
        const int Cell = 22, Left = 64, Top = 50;
        var ex = d.ValExamples;
        var (lo, hi) = ScoreRange(d.Pool.SelectMany(c => c.ValScores.Values).ToList());
        var width = Left + (ex.Count * Cell) + 80;
        var height = Top + ((d.Pool.Count + 1) * Cell) + 10;
        h.Append("<section><h2 id=\"front\">Pareto front per validation example</h2><p class=\"hint\">One row per candidate, one column per validation example; the colour is the score. ");
        h.Append("A ring marks the candidates with the best score on that example (the front GEPA samples parents from; no ring where every candidate ties). The last row counts them, the last column is the mean.</p>\n<div class=\"scroll\">");
        h.Append(CultureInfo.InvariantCulture, $"<svg id=\"pareto-front\" class=\"heat\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"scores per candidate and validation example\">");
        var step = ex.Count > 40 ? 5 : 1;
        for (var j = 0; j < ex.Count; j++)
        {
            if (j % step == 0)
            {
                h.Append(CultureInfo.InvariantCulture, $"<text class=\"tick\" transform=\"translate({Left + (j * Cell) + 15} {Top - 6}) rotate(-60)\">{ex[j]}</text>");
            }
        }

        h.Append(CultureInfo.InvariantCulture, $"<text class=\"tick\" x=\"{Left + (ex.Count * Cell) + 8}\" y=\"{Top - 8}\">mean</text>");
        for (var k = 0; k < d.Pool.Count; k++)
        {
            var y = Top + (k * Cell);
            h.Append(CultureInfo.InvariantCulture, $"<text class=\"rowlabel{(k == d.Best ? " best" : "")}\" data-target=\"cand-{k}\" x=\"{Left - 8}\" y=\"{y + 15}\" text-anchor=\"end\">#{k}</text>");
            for (var j = 0; j < ex.Count; j++)
            {
                var x = Left + (j * Cell);
                if (!d.Pool[k].ValScores.TryGetValue(ex[j], out var v))
                {
                    h.Append(CultureInfo.InvariantCulture, $"<rect class=\"cell none\" x=\"{x}\" y=\"{y}\" width=\"{Cell - 2}\" height=\"{Cell - 2}\"><title>#{k} was not evaluated on example {ex[j]}</title></rect>");
                    continue;
                }

                // Where every candidate ties, everyone is on the front and a ring would say nothing.
                var members = d.Front[ex[j]].Members;
                var onFront = members.Contains(k) && members.Count < d.Pool.Count;
                h.Append(CultureInfo.InvariantCulture, $"<rect class=\"cell{(onFront ? " front" : "")}\" x=\"{x}\" y=\"{y}\" width=\"{Cell - 2}\" height=\"{Cell - 2}\" fill=\"{ScoreColor(v, lo, hi)}\"><title>#{k} on example {ex[j]}: {F(v)}{(onFront ? " (best on this example)" : "")}</title></rect>");
            }

            h.Append(CultureInfo.InvariantCulture, $"<text class=\"tick\" x=\"{Left + (ex.Count * Cell) + 8}\" y=\"{y + 15}\">{F(d.Means[k])}</text>");
        }

        var fy = Top + (d.Pool.Count * Cell) + 4;
        h.Append(CultureInfo.InvariantCulture, $"<text class=\"rowlabel\" x=\"{Left - 8}\" y=\"{fy + 14}\" text-anchor=\"end\">front</text>");
        for (var j = 0; j < ex.Count; j++)
        {
            var (best, members) = d.Front[ex[j]];
            h.Append(CultureInfo.InvariantCulture, $"<text class=\"tick\" x=\"{Left + (j * Cell) + 10}\" y=\"{fy + 14}\" text-anchor=\"middle\">{members.Count}<title>example {ex[j]}: best {F(best)} by #{string.Join(", #", members.Order())}</title></text>");
        }

        h.Append("</svg></div></section>\n");
    }

    private static void Candidates(StringBuilder h, RunReportData d)
    {
        h.Append("<section><h2 id=\"candidates\">Candidates</h2><p class=\"hint\">Each candidate against its (first) parent: <ins>added</ins>, <del>removed</del>. Components a candidate did not change are listed, not repeated.</p>\n");
        foreach (var k in Enumerable.Range(0, d.Pool.Count).OrderBy(k => k == d.Best ? -1 : k))
        {
            var c = d.Pool[k];
            var kind = k == 0 ? "seed" : c.Parents.Length > 1 ? "merge" : "mutation";
            d.Origin.TryGetValue(k, out var origin);
            var frontCount = d.Front.Values.Count(f => f.Members.Contains(k));
            h.Append(CultureInfo.InvariantCulture, $"<details class=\"cand {kind}\" id=\"cand-{k}\"{(k == d.Best || k == 0 ? " open" : "")}><summary><span class=\"pill {kind}\">{kind}</span> <b>#{k}</b>");
            if (c.Parents.Length > 0)
            {
                h.Append(" from ").Append(string.Join(" + ", c.Parents.Select(p => $"#{p}")));
            }

            h.Append(CultureInfo.InvariantCulture, $" · validation <b>{F(d.Means[k])}</b> · best on {frontCount} of {d.ValExamples.Count} examples");
            if (origin is not null && k > 0)
            {
                h.Append(CultureInfo.InvariantCulture, $" · iteration {origin.Iteration} · {origin.Rollouts} rollouts");
            }

            if (k == d.Best)
            {
                h.Append(" <span class=\"pill best\">best</span>");
            }

            h.Append("</summary>");
            if (origin?.Reason is { } why && k > 0)
            {
                h.Append("<p class=\"why\">").Append(E(why)).Append("</p>");
            }

            var parent = c.Parents.Length > 0 ? d.Pool[c.Parents[0]] : null;
            var unchanged = new List<string>();
            foreach (var comp in c.Components)
            {
                var before = parent?.Components.FirstOrDefault(p => p[0] == comp[0])?[1];
                if (before == comp[1])
                {
                    unchanged.Add(comp[0]);
                    continue;
                }

                h.Append("<div class=\"comp\"><div class=\"compname\">").Append(E(comp[0])).Append("</div>");
                Diff(h, before, comp[1]);
                h.Append("</div>");
            }

            if (unchanged.Count > 0)
            {
                h.Append("<p class=\"note\">unchanged: ").Append(E(string.Join(", ", unchanged))).Append("</p>");
            }

            h.Append("</details>\n");
        }

        h.Append("</section>\n");
    }

    private static void ProposalsTable(StringBuilder h, RunReportData d)
    {
        h.Append("<section><h2 id=\"proposals\">Every proposal</h2><p class=\"hint\">Accepted and rejected, in order, with the minibatch scores (parent → proposal) and why it was kept or dropped. Open one for its diff, the reflection model's raw reply and the records it was shown.</p>\n");
        foreach (var p in d.Proposals.Where(p => p.Kind != ProposalRecord.SeedKind))
        {
            var cls = p.Decision switch { ProposalRecord.Accepted => "ok", ProposalRecord.Failed => "warn", _ => "bad" };
            h.Append(CultureInfo.InvariantCulture, $"<details class=\"prop\" id=\"prop-{p.Id}\"><summary><span class=\"num\">{p.Id}</span><span class=\"it\">it. {p.Iteration}</span><span class=\"pill {(p.Kind == ProposalRecord.MergeKind ? "merge" : "mutation")}\">{E(p.Kind)}</span>");
            h.Append("<span class=\"from\">").Append(E(string.Join(" + ", p.Parents.Select(x => $"#{x}")))).Append(" · ").Append(E(string.Join(", ", p.Components))).Append("</span>");
            h.Append(CultureInfo.InvariantCulture, $"<span class=\"sums\">{(p.ParentSum is { } a ? F(a) : "–")} → {(p.ChildSum is { } b ? F(b) : "–")}</span>");
            h.Append(CultureInfo.InvariantCulture, $"<span class=\"badge {cls}\">{E(p.Decision)}{(p.CandidateIndex is { } ci && p.Decision == ProposalRecord.Accepted ? $" #{ci}" : "")}</span>");
            h.Append("<span class=\"reason\">").Append(E(p.Reason ?? "")).Append("</span></summary><div class=\"body\">");
            var parent = p.Parents.Count > 0 && p.Parents[0] < d.Pool.Count ? d.Pool[p.Parents[0]] : null;
            foreach (var (comp, text) in p.Texts)
            {
                h.Append("<div class=\"comp\"><div class=\"compname\">").Append(E(comp)).Append("</div>");
                Diff(h, parent?.Components.FirstOrDefault(c => c[0] == comp)?[1], text);
                h.Append("</div>");
            }

            if (p.Minibatch is { } mb)
            {
                h.Append("<p class=\"note\">minibatch (training examples) ").Append(E(string.Join(", ", mb)))
                    .Append(": parent ").Append(E(string.Join(" ", p.ParentScores?.Select(F) ?? []))).Append(" · proposal ").Append(E(string.Join(" ", p.ChildScores?.Select(c => c is { } v ? F(v) : "–") ?? ["not evaluated"]))).Append("</p>");
            }

            foreach (var (comp, reply) in p.RawReplies ?? [])
            {
                h.Append("<div class=\"raw\"><div class=\"compname\">raw reflection reply · ").Append(E(comp)).Append("</div><pre>").Append(E(reply)).Append("</pre></div>");
            }

            foreach (var (comp, records) in p.ReflectiveRecords ?? [])
            {
                h.Append("<details class=\"records\"><summary>").Append(records.GetArrayLength().ToString(CultureInfo.InvariantCulture)).Append(" reflective records · ").Append(E(comp)).Append("</summary><pre>")
                    .Append(E(JsonSerializer.Serialize(records, Output.CliJsonContext.Default.JsonElement))).Append("</pre></details>");
            }

            h.Append("</div></details>\n");
        }

        h.Append("</section>\n");
    }

    private static void Diff(StringBuilder h, string? before, string after)
    {
        h.Append("<pre class=\"diff\">");
        if (before is null)
        {
            h.Append(E(after));
        }
        else
        {
            foreach (var (kind, text) in TextDiff.Compute(before, after))
            {
                h.Append(kind switch
                {
                    TextDiff.Kind.Inserted => "<ins>" + E(text) + "</ins>",
                    TextDiff.Kind.Deleted => "<del>" + E(text) + "</del>",
                    _ => E(text),
                });
            }
        }

        h.Append("</pre>");
    }

    /// <summary>The range a score axis shows: [0, 1] when the scores fit in it, else their range.</summary>
    /// <param name="scores">The scores.</param>
    /// <returns>The range.</returns>
    public static (double Min, double Max) ScoreRange(IReadOnlyCollection<double> scores)
    {
        if (scores.Count == 0 || scores.All(s => s is >= 0 and <= 1))
        {
            return (0, 1);
        }

        var (min, max) = (scores.Min(), scores.Max());
        return max > min ? (min, max) : (min - 1, max + 1);
    }

    /// <summary>Returns "nice" tick values covering [min, max].</summary>
    /// <param name="min">The lower end.</param>
    /// <param name="max">The upper end.</param>
    /// <param name="count">About how many.</param>
    /// <returns>The ticks.</returns>
    public static IEnumerable<double> Ticks(double min, double max, int count)
    {
        var raw = (max - min) / count;
        var mag = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var step = new[] { 1, 2, 2.5, 5, 10 }.Select(m => m * mag).First(s => s >= raw);
        for (var t = Math.Ceiling(min / step) * step; t <= max + (step / 1e6); t += step)
        {
            yield return Math.Round(t, 10);
        }
    }

    /// <summary>Red (low) to amber to green (high).</summary>
    /// <param name="v">The score.</param>
    /// <param name="lo">The low end.</param>
    /// <param name="hi">The high end.</param>
    /// <returns>A CSS colour.</returns>
    public static string ScoreColor(double v, double lo, double hi)
    {
        var (r, g, b) = ScoreRgb(v, lo, hi);
        return $"#{r:x2}{g:x2}{b:x2}";
    }

    /// <summary>The colour of a score as RGB.</summary>
    /// <param name="v">The score.</param>
    /// <param name="lo">The low end.</param>
    /// <param name="hi">The high end.</param>
    /// <returns>The colour.</returns>
    public static (byte R, byte G, byte B) ScoreRgb(double v, double lo, double hi)
    {
        var t = hi > lo ? Math.Clamp((v - lo) / (hi - lo), 0, 1) : 1;
        (double R, double G, double B) low = (239, 68, 68), mid = (245, 158, 11), high = (34, 197, 94);
        var (a, z, u) = t < 0.5 ? (low, mid, t * 2) : (mid, high, (t - 0.5) * 2);
        return ((byte)(a.R + ((z.R - a.R) * u)), (byte)(a.G + ((z.G - a.G) * u)), (byte)(a.B + ((z.B - a.B) * u)));
    }

    private static string Duration(TimeSpan t) => t.TotalHours >= 1 ? $"{(int)t.TotalHours} h {t.Minutes} min" : t.TotalMinutes >= 1 ? $"{(int)t.TotalMinutes} min {t.Seconds} s" : $"{t.TotalSeconds:0.#} s";

    private static string E(string s) => WebUtility.HtmlEncode(s);

    private static string F(double d) => d.ToString("0.###", CultureInfo.InvariantCulture);

    private static string N(double d) => d.ToString("0.#", CultureInfo.InvariantCulture);

    private const string Css = """
        :root{--ink:#0f172a;--muted:#64748b;--line:#e2e8f0;--bg:#f8fafc;--card:#fff;--accent:#4f46e5}
        *{box-sizing:border-box}
        body{margin:0;background:var(--bg);color:var(--ink);font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
        main{max-width:1100px;margin:0 auto;padding:28px 24px 60px}
        header h1{font-size:24px;margin:0 0 4px}header .name{color:var(--accent)}
        .sub{margin:0;color:var(--muted)}
        h2{font-size:18px;margin:34px 0 4px}
        .hint{color:var(--muted);margin:0 0 12px;max-width:820px}
        section{margin-top:8px}
        .cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(190px,1fr));gap:12px;margin-top:20px}
        .card{background:var(--card);border:1px solid var(--line);border-radius:12px;padding:14px 16px;box-shadow:0 1px 2px rgba(15,23,42,.04)}
        .card .label{color:var(--muted);font-size:12px;text-transform:uppercase;letter-spacing:.04em}
        .card .value{font-size:24px;font-weight:650;margin:2px 0;white-space:nowrap}
        .card.best .value{color:#15803d}
        .card .note{color:var(--muted);font-size:12.5px}
        .badge{display:inline-block;border-radius:999px;padding:1px 10px;font-size:12px;font-weight:600;background:#e2e8f0;color:#334155}
        .badge.ok{background:#dcfce7;color:#166534}.badge.bad{background:#fee2e2;color:#991b1b}.badge.warn{background:#fef3c7;color:#92400e}
        svg{font-family:inherit}
        .chart{width:100%;height:auto;background:var(--card);border:1px solid var(--line);border-radius:12px}
        .grid{stroke:#eef2f7}.grid.v{stroke:#f3f5f9}.budget{stroke:#94a3b8;stroke-dasharray:4 4}
        .tick{font-size:11px;fill:var(--muted)}.axis{font-size:12px;fill:#475569}
        .line{fill:none;stroke:var(--accent);stroke-width:2.5}.area{fill:rgba(79,70,229,.08);stroke:none}
        .pt{stroke:#fff;stroke-width:1.5;cursor:pointer}.pt.mutation{fill:var(--accent)}.pt.merge{fill:#9333ea}.pt.seed{fill:#64748b}.pt.best{stroke:#f59e0b;stroke-width:2.5}
        .rejtick{stroke:#ef4444;stroke-width:1.2;opacity:.55}.rejtick.failed{stroke:#f59e0b}
        .legend{display:flex;gap:18px;color:var(--muted);font-size:12.5px;margin:8px 4px}
        .legend i{display:inline-block;vertical-align:middle;margin-right:6px}
        .sw.line{width:18px;height:3px;background:var(--accent)}.dot{width:10px;height:10px;border-radius:50%}
        .dot.mutation{background:var(--accent)}.dot.merge{background:#9333ea}.dot.seed{background:#64748b}.tickmark{width:2px;height:10px;background:#ef4444;opacity:.6}
        .scroll{overflow:auto;background:var(--card);border:1px solid var(--line);border-radius:12px;padding:8px;max-height:640px}
        .edge{fill:none;stroke:#94a3b8;stroke-width:1.6}.edge.rej{stroke:#e2e8f0;stroke-width:1}.edge.merge{stroke:#9333ea;stroke-dasharray:5 4;stroke-width:1.6}
        .node{cursor:pointer}.node.rej{fill:#cbd5e1;stroke:#fff;stroke-width:1}.node.rej.failed{fill:#f59e0b}
        .cand circle{stroke:#fff;stroke-width:2}.cand.merge circle{stroke:#9333ea}.cand.best circle{stroke:#f59e0b;stroke-width:3}
        .cand .idx{font-size:11px;font-weight:700;fill:#fff}.cand .score{font-size:11px;fill:#334155}
        .node:hover circle,.node.rej:hover{filter:brightness(.9)}
        .tree.accepted-only{display:none}body.hide-rejected .tree{display:none}body.hide-rejected .tree.accepted-only{display:block}
        .toggle{display:inline-block;margin:0 0 8px;color:#475569;font-size:13px;cursor:pointer}
        .heat .cell{stroke:none;rx:3}.heat .cell.front{stroke:#0f172a;stroke-width:2}.heat .cell.none{fill:#f1f5f9}
        .rowlabel{font-size:12px;fill:#334155;cursor:pointer}.rowlabel.best{font-weight:700;fill:#b45309}
        details.cand,details.prop{background:var(--card);border:1px solid var(--line);border-radius:10px;margin:8px 0;padding:0 14px}
        details>summary{cursor:pointer;padding:10px 0;list-style-position:outside}
        details.cand[open]{padding-bottom:12px}
        .pill{display:inline-block;border-radius:6px;padding:0 7px;font-size:11.5px;font-weight:600;background:#eef2ff;color:#3730a3}
        .pill.merge{background:#f3e8ff;color:#6b21a8}.pill.seed{background:#f1f5f9;color:#334155}.pill.best{background:#fef3c7;color:#92400e}
        .why{margin:0 0 8px;color:#475569}
        .comp{margin:8px 0}.compname{font-size:12px;color:var(--muted);font-family:ui-monospace,SFMono-Regular,Menlo,monospace;margin-bottom:2px}
        pre{white-space:pre-wrap;word-break:break-word;margin:0;font:12.5px/1.55 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
        pre.diff{background:#f8fafc;border:1px solid var(--line);border-radius:8px;padding:10px 12px}
        ins{background:#dcfce7;color:#14532d;text-decoration:none;border-radius:3px}del{background:#fee2e2;color:#7f1d1d;border-radius:3px}
        .note{color:var(--muted);font-size:12.5px;margin:6px 0}
        details.prop summary{display:flex;gap:10px;align-items:baseline;flex-wrap:wrap}
        details.prop .num{font-weight:700;min-width:28px}.prop .it{color:var(--muted);min-width:44px}.prop .from{font-family:ui-monospace,monospace;font-size:12px}
        .prop .sums{font-variant-numeric:tabular-nums;color:#334155}.prop .reason{color:var(--muted);font-size:12.5px;flex-basis:100%;padding-left:38px}
        .prop .body{padding:0 0 12px 38px}
        .raw pre{background:#0f172a;color:#e2e8f0;border-radius:8px;padding:10px 12px}
        details.records summary{font-size:12.5px;color:#475569;padding:6px 0}details.records pre{background:#f8fafc;border:1px solid var(--line);border-radius:8px;padding:8px 10px;max-height:320px;overflow:auto}
        .flash{outline:3px solid #f59e0b;outline-offset:2px;transition:outline-color .8s}
        footer{margin-top:40px;color:var(--muted);font-size:12px}
        .card.test .value{color:#1d4ed8}
        table{border-collapse:collapse;width:100%;background:var(--card);font-size:13px}
        th,td{border-bottom:1px solid var(--line);padding:6px 8px;text-align:left;vertical-align:top}
        th{font-size:12px;color:var(--muted);font-weight:600;background:#f8fafc;position:sticky;top:0}
        td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
        table.usage{border:1px solid var(--line);border-radius:12px}
        .tablewrap{padding:0;max-height:900px}
        table.examples{table-layout:fixed}table.examples td pre{max-height:220px;overflow:auto;font-size:12px}
        table.examples th:nth-child(1){width:6%}table.examples th:nth-child(2){width:21%}table.examples th:nth-child(3){width:11%}
        table.examples th:nth-child(4),table.examples th:nth-child(6){width:26%}table.examples th:nth-child(5),table.examples th:nth-child(7){width:5%}
        table.examples .feedback{margin-top:4px;color:#475569;font-size:12px;white-space:pre-wrap;border-left:3px solid #cbd5e1;padding-left:6px;max-height:160px;overflow:auto}
        tr.fail td.score.low{background:#fee2e2;color:#991b1b;font-weight:650}td.score.top{color:#166534}
        tr.broke{box-shadow:inset 3px 0 0 #ef4444}tr.fixed{box-shadow:inset 3px 0 0 #22c55e}
        .verdict{margin:6px 0 8px}.verdict .fixed{color:#166534}.verdict .broke{color:#991b1b}
        body.only-failing tr.pass{display:none}
        """;

    private const string Script = """
        (function(){
          function go(id){var t=document.getElementById(id);if(!t)return;if(t.tagName==='DETAILS')t.open=true;
            t.scrollIntoView({behavior:'smooth',block:'start'});t.classList.add('flash');setTimeout(function(){t.classList.remove('flash');},1400);}
          var targets=document.querySelectorAll('[data-target]');
          for(var i=0;i<targets.length;i++){targets[i].addEventListener('click',function(e){go(e.currentTarget.getAttribute('data-target'));});}
          var box=document.getElementById('show-rejected');
          if(box){box.addEventListener('change',function(){document.body.classList.toggle('hide-rejected',!box.checked);});}
          var only=document.getElementById('only-failing');
          if(only){only.addEventListener('change',function(){document.body.classList.toggle('only-failing',only.checked);});}
          if(location.hash){go(location.hash.slice(1));}
          document.documentElement.setAttribute('data-gepa-ready',String(targets.length));
        })();
        """;
}
