using ScottPlot;

namespace Gepa.Cli.Benchmarks;

/// <summary>Draws test score against rollouts spent: ours (mean ± sd over seeds) and each reference curve beside it.</summary>
internal static class BenchmarkPlot
{
    /// <summary>The image width, in pixels.</summary>
    public const int Width = 960;

    /// <summary>The image height, in pixels.</summary>
    public const int Height = 600;

    /// <summary>Renders the plot as PNG.</summary>
    /// <param name="doc">The results.</param>
    /// <returns>The PNG bytes.</returns>
    public static byte[] RenderPng(BenchmarkDocument doc)
    {
        ArgumentNullException.ThrowIfNull(doc);
        using var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var i = 0;
        foreach (var (name, _) in doc.Configs)
        {
            var color = palette.GetColor(i++);
            var rows = doc.Rows.Where(r => r.Config == name).OrderBy(r => r.Budget).ToList();
            double[] xs = [.. rows.Select(r => r.Rollouts.Mean)];
            double[] ys = [.. rows.Select(r => r.TestScore.Mean)];
            var ours = plot.Add.Scatter(xs, ys, color);
            ours.LegendText = $"{name}: Gepa for .NET (mean ± sd, {doc.Seeds} seeds)";
            ours.LineWidth = 2;
            ours.MarkerSize = 8;
            double[] sds = [.. rows.Select(r => r.TestScore.Sd)];
            var bars = plot.Add.ErrorBar(xs, ys, sds);
            bars.Color = color;

            if (doc.References.GetValueOrDefault(name) is { } reference)
            {
                double[] refX = [.. reference.Points.Select(p => (double)p.Rollouts)];
                double[] refY = [.. reference.Points.Select(p => p.TestScore)];
                var theirs = plot.Add.Scatter(refX, refY, color.WithAlpha(0.8));
                theirs.LegendText = $"{name}: {reference.Label}";
                theirs.LinePattern = LinePattern.Dashed;
                theirs.LineWidth = 2;
                theirs.MarkerShape = MarkerShape.OpenSquare;
                theirs.MarkerSize = 9;
            }
        }

        plot.Title(doc.Label + (doc.Simulated ? " (RuleWorld, simulated)" : ""));
        plot.XLabel("rollouts (metric calls) spent");
        plot.YLabel("test score of the best candidate");
        plot.Axes.SetLimitsY(0, 1);
        plot.ShowLegend(Alignment.LowerRight);
        return plot.GetImageBytes(Width, Height, ImageFormat.Png);
    }
}
