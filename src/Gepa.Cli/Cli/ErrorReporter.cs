using Gepa.Cli.Configuration;

namespace Gepa.Cli.Cli;

/// <summary>Prints errors as single lines on standard error, with the stack trace only under <c>--verbose</c>.</summary>
/// <param name="error">Standard error.</param>
/// <param name="redactor">Removes secrets from every line.</param>
/// <param name="verbose">Whether to print stack traces.</param>
internal sealed class ErrorReporter(TextWriter error, SecretRedactor redactor, bool verbose)
{
    /// <summary>Prints each problem of a configuration error on its own line.</summary>
    /// <param name="e">The configuration error.</param>
    /// <returns><see cref="ExitCodes.BadInput"/>.</returns>
    public int Config(ConfigException e)
    {
        foreach (var problem in e.Errors)
        {
            Line(problem.ToString());
        }

        Trace(e);
        return ExitCodes.BadInput;
    }

    /// <summary>Prints one error line.</summary>
    /// <param name="message">The message.</param>
    /// <param name="exception">The exception, printed in full only under <c>--verbose</c>.</param>
    /// <param name="exitCode">The exit code to return.</param>
    /// <returns><paramref name="exitCode"/>.</returns>
    public int Fail(string message, Exception? exception, int exitCode)
    {
        Line(message);
        Trace(exception);
        return exitCode;
    }

    private void Line(string message) => error.WriteLine("error: " + redactor.Redact(message));

    private void Trace(Exception? e)
    {
        if (verbose && e is not null)
        {
            error.WriteLine(redactor.Redact(e.ToString()));
        }
    }
}
