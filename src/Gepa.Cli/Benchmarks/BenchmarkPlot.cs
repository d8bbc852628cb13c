using ScottPlot;

namespace Gepa.Cli.Benchmarks;

/// <summary>Draws test score against rollouts spent: ours (mean, with a band of ± sd over seeds) and each reference curve
/// beside it.</summary>
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
        // Twenty colours, so that a comparison of many strategies does not reuse one.
        var palette = new ScottPlot.Palettes.Category20();
        var i = 0;
        foreach (var (name, _) in doc.Configs)
        {
            // Category20 pairs a dark and a light shade of each hue: the ten dark ones first, then the light ones.
            var color = palette.GetColor(((2 * i) % 20) + (i / 10 % 2));
            i++;
            var rows = doc.Rows.Where(r => r.Config == name).OrderBy(r => r.Budget).ToList();
            double[] xs = [.. rows.Select(r => r.Rollouts.Mean)];
            double[] ys = [.. rows.Select(r => r.TestScore.Mean)];
            var ours = plot.Add.Scatter(xs, ys, color);
            ours.LegendText = $"{name}: Gepa for .NET (mean, band ± sd, {doc.Seeds} seeds)";
            ours.LineWidth = 2;
            ours.MarkerSize = 8;
            // A band of mean ± sd over the seeds: where most runs of this configuration landed.
            double[] low = [.. rows.Select(r => Math.Max(0, r.TestScore.Mean - r.TestScore.Sd))];
            double[] high = [.. rows.Select(r => Math.Min(1, r.TestScore.Mean + r.TestScore.Sd))];
            if (xs.Length > 1)
            {
                var band = plot.Add.FillY(xs, low, high);
                band.FillColor = color.WithAlpha(0.15);
                band.LineWidth = 0;
            }
            else
            {
                var bars = plot.Add.ErrorBar(xs, ys, [.. rows.Select(r => r.TestScore.Sd)]);
                bars.Color = color;
            }

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
