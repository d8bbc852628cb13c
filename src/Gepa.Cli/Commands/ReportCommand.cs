using System.CommandLine;
using System.Text;
using Gepa.Cli.Cli;
using Gepa.Cli.Reports;

namespace Gepa.Cli.Commands;

/// <summary><c>gepa report &lt;run-dir&gt;</c>: writes <c>report.html</c> (one self-contained page) and <c>score_curve.png</c>
/// into the run directory, from what the run saved; works on a run that is going on, stopped or killed.</summary>
internal static class ReportCommand
{
    /// <summary>The default page name.</summary>
    public const string HtmlFile = "report.html";

    /// <summary>The default picture name.</summary>
    public const string PngFile = "score_curve.png";

    /// <summary>Builds the command.</summary>
    /// <param name="env">The environment.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliEnvironment env)
    {
        var directory = new Argument<string>("run-dir") { Description = "The run directory." };
        var output = new Option<string?>("--out", "-o") { Description = "Where to write the page (default: report.html in the run directory); the PNG goes next to it." };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Print stack traces with errors." };
        var command = new Command("report", "Write a self-contained HTML report of a run (score curve, lineage, Pareto front, diffs, every proposal) and a PNG of the score curve.")
        {
            directory, output, verbose,
        };
        command.SetAction(p => Run(p.GetValue(directory)!, p.GetValue(output), p.GetValue(verbose), env));
        return command;
    }

    /// <summary>Runs the command.</summary>
    /// <param name="directory">The run directory.</param>
    /// <param name="output">The page path, or <see langword="null"/> for the default.</param>
    /// <param name="verbose">Whether errors include stack traces.</param>
    /// <param name="env">The environment.</param>
    /// <returns>The exit code.</returns>
    public static int Run(string directory, string? output, bool verbose, CliEnvironment env)
    {
        ArgumentNullException.ThrowIfNull(env);
        var errors = new ErrorReporter(env.Error, new SecretRedactor(), verbose);
        var dir = Path.GetFullPath(Path.Combine(env.WorkingDirectory, directory));
        RunReportData data;
        try
        {
            data = RunReportData.Load(dir);
        }
        catch (GepaRunDirectoryException e)
        {
            return errors.Fail(e.Message, e, ExitCodes.BadInput);
        }

        var html = output is null ? Path.Combine(dir, HtmlFile) : Path.GetFullPath(Path.Combine(env.WorkingDirectory, output));
        var png = output is null ? Path.Combine(dir, PngFile) : Path.ChangeExtension(html, ".png");
        try
        {
            AtomicWrite.WriteAllBytes(png, PngChart.ScoreCurve(data));
            AtomicWrite.WriteAllBytes(html, Encoding.UTF8.GetBytes(HtmlReport.Render(data, Path.GetFileName(png))));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return errors.Fail($"the report cannot be written: {e.Message}", e, ExitCodes.BadInput);
        }

        env.Out.WriteLine(html);
        env.Out.WriteLine(png);
        return ExitCodes.Success;
    }
}
