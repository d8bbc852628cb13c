using System.Globalization;
using ScottPlot;

namespace Gepa.Cli.Reports;

/// <summary>Draws a run's best-score curve as a PNG, with ScottPlot: the one PNG renderer of the tool (the benchmark plot
/// of <c>gepa bench</c> uses it too). Only <c>gepa report</c> and <c>gepa bench</c> load it, never a run.</summary>
internal static class PngChart
{
    /// <summary>The image width, in pixels.</summary>
    public const int Width = 960;

    /// <summary>The image height, in pixels.</summary>
    public const int Height = 480;

    /// <summary>The colour of the curve and of mutation discoveries (the report page's accent).</summary>
    public static readonly Color Accent = new(79, 70, 229);

    /// <summary>The colour of the best candidate's marker.</summary>
    public static readonly Color BestMarker = new(245, 158, 11);

    private static readonly Color SeedMarker = new(100, 116, 139);
    private static readonly Color MergeMarker = new(147, 51, 234);
    private static readonly Color RejectedTick = new(248, 150, 150);

    /// <summary>Draws a run's best-score curve: the best mean validation score against rollouts spent, a marker where each
    /// candidate joined the pool (the best in amber, merges in purple) and a tick under the axis for each rejected proposal.</summary>
    /// <param name="data">The run.</param>
    /// <returns>The PNG file's bytes.</returns>
    public static byte[] ScoreCurve(RunReportData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var curve = data.BestCurve();
        var xMax = Math.Max(1, Math.Max(data.Budget ?? 0, data.State.Checkpoint.TotalMetricCalls));
        var (yMin, yMax) = HtmlReport.ScoreRange(data.Means);

        using var plot = new Plot();
        var xs = new List<double>();
        var ys = new List<double>();
        for (var i = 0; i < curve.Count; i++)
        {
            // A step curve: the best score holds until the next candidate raises it.
            if (i > 0)
            {
                xs.Add(curve[i].Rollouts);
                ys.Add(curve[i - 1].Score);
            }

            xs.Add(curve[i].Rollouts);
            ys.Add(curve[i].Score);
        }

        var line = plot.Add.ScatterLine(xs.ToArray(), ys.ToArray(), Accent);
        line.LineWidth = 3;
        line.LegendText = "best validation score so far";

        var tickY = yMin + ((yMax - yMin) * 0.015);
        foreach (var p in data.Proposals.Where(p => p.Decision != ProposalRecord.Accepted))
        {
            plot.Add.Marker(Math.Min(p.Rollouts, xMax), tickY, MarkerShape.VerticalBar, 8, RejectedTick);
        }

        foreach (var (x, k) in data.Discoveries())
        {
            var color = k == data.Best ? BestMarker : k == 0 ? SeedMarker : data.Pool[k].Parents.Length > 1 ? MergeMarker : Accent;
            var size = k == data.Best ? 16 : 11;
            plot.Add.Marker(x, data.Means[k], MarkerShape.FilledCircle, size + 4, Colors.White);
            plot.Add.Marker(x, data.Means[k], MarkerShape.FilledCircle, size, color);
        }

        plot.Title(string.Create(CultureInfo.InvariantCulture, $"Best validation score vs rollouts — best {data.Means[data.Best]:0.###} (#{data.Best}), seed {data.Means[0]:0.###}"));
        plot.XLabel("rollouts (metric calls) spent");
        plot.YLabel("mean validation score");
        plot.Axes.SetLimits(0, xMax, yMin, yMax);
        return plot.GetImageBytes(Width, Height, ImageFormat.Png);
    }
}
